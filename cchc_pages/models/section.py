"""Pages of the administrative-reform section (chuyên trang CCHC)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class CCHCSectionPage(Page):
    """The landing page of the administrative-reform section."""

    intro = RichTextField(
        _("introduction"), blank=True, help_text=_("What the section offers, in a few sentences.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("administrative reform section")
