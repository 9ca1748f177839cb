"""The landing page of the administrative-reform section (chuyên trang CCHC)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from procedures.models import Hotline, ProcedureSettings

LATEST_ARTICLES = 5


class CCHCSectionPage(Page):
    """The landing page of the administrative-reform section."""

    intro = RichTextField(
        _("introduction"), blank=True, help_text=_("What the section offers, in a few sentences.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_items", label=_("Featured items")),
        InlinePanel("hotlines", label=_("Hotlines")),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_items"] = self.featured()
        context["latest_articles"] = self.latest_articles()
        context["hotlines"] = self.hotline_list(request)
        context["shortcuts"] = self.shortcuts()
        return context

    def featured(self):
        """The pages editors chose to feature, live ones only, in their order."""
        return [
            item
            for item in self.featured_items.select_related("page").order_by("sort_order")
            if item.page.live
        ]

    def latest_articles(self, count=LATEST_ARTICLES):
        from .articles import ArticlePage

        return list(
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("topic")
            .order_by("-date", "-first_published_at", "-pk")[:count]
        )

    def hotline_list(self, request):
        """The hotlines chosen on this page, or the site's default hotline."""
        hotlines = [item.hotline for item in self.hotlines.select_related("hotline").order_by("sort_order")]
        if not hotlines:
            default = ProcedureSettings.for_request(request).default_hotline if request else None
            hotlines = [default] if default else []
        return hotlines

    def shortcuts(self):
        """Doors to the section's parts: procedures, documents, index results, plan, feedback."""
        pages = list(self.get_children().live().public().in_menu().specific())
        if not pages:
            pages = list(self.get_children().live().public().specific())
        index_model = _procedure_index_model()
        if index_model is not None:
            procedure_index = index_model.objects.live().public().filter(locale_id=self.locale_id).first()
            if procedure_index is not None and procedure_index.pk not in {p.pk for p in pages}:
                pages.insert(0, procedure_index)
        return pages

    class Meta:
        verbose_name = _("administrative reform section")


def _procedure_index_model():
    from django.apps import apps

    try:
        return apps.get_model("procedures", "ProcedureIndexPage")
    except LookupError:
        return None


class CCHCSectionFeaturedItem(Orderable):
    """A page editors put forward on the section's landing page."""

    section = ParentalKey(CCHCSectionPage, on_delete=models.CASCADE, related_name="featured_items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(
        _("short text"), max_length=255, blank=True, help_text=_("One line under the title (optional).")
    )

    panels = [PageChooserPanel("page"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured item")
        verbose_name_plural = _("featured items")


class CCHCSectionHotline(Orderable):
    """A hotline shown on the section's landing page (đường dây nóng về CCHC)."""

    section = ParentalKey(CCHCSectionPage, on_delete=models.CASCADE, related_name="hotlines")
    hotline = models.ForeignKey(
        Hotline, verbose_name=_("hotline"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("hotline")]

    class Meta(Orderable.Meta):
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
