"""The home page and the department's site-wide settings."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from procedures.models import ProcedureSettings


class HomePage(Page):
    """The department's front page: procedure search first, then news and featured procedures."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("One or two sentences under the department's name."),
    )
    search_heading = models.CharField(
        _("search heading"),
        max_length=255,
        blank=True,
        help_text=_("Heading above the procedure search box, e.g. Tra cứu thủ tục hành chính."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("search_heading"),
        InlinePanel("featured_procedures", label=_("Featured procedures")),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_procedures"] = self.featured()
        context["quick_links"] = self.quick_links(request)
        context["latest_articles"] = self.latest_articles()
        return context

    def featured(self):
        """The featured procedures a visitor may see (live, not restricted), in the editor's order.

        Read in a fixed number of queries, however many are featured.
        """
        ids = [item.page_id for item in self.featured_procedures.all()]
        visible = {page.pk: page for page in Page.objects.live().public().filter(pk__in=ids).specific()}
        return [visible[pk] for pk in ids if pk in visible]

    def first_descendant(self, app_label, model_name):
        """The first live page of a type below this one, or None while that app lacks it."""
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return None
        return model.objects.live().public().descendant_of(self).first()

    def quick_links(self, request):
        """The four doors citizens use most: procedures, online portal, hotline, feedback."""
        links = []
        procedure_index = self.first_descendant("procedures", "ProcedureIndexPage")
        if procedure_index:
            links.append(
                {
                    "title": _("Administrative procedures"),
                    "text": _("Every procedure the department handles"),
                    "url": procedure_index.get_url(request),
                }
            )
        portal = ProcedureSettings.for_request(request).online_portal_url
        if portal:
            links.append(
                {
                    "title": _("Online public services"),
                    "text": _("Submit your application online"),
                    "url": portal,
                    "external": True,
                }
            )
        links.append(
            {"title": _("Hotline"), "text": _("Call or write to the department"), "url": "#footer-hotline"}
        )
        feedback = self.first_descendant("cchc_pages", "FeedbackFormPage")
        if feedback:
            links.append(
                {
                    "title": _("Feedback"),
                    "text": _("Report a problem with a procedure or with staff"),
                    "url": feedback.get_url(request),
                }
            )
        return links

    def latest_articles(self, count=5):
        """The newest published articles in this language, once the news pages exist."""
        try:
            model = apps.get_model("cchc_pages", "ArticlePage")
        except LookupError:
            return []
        return list(model.objects.live().public().descendant_of(self).order_by("-first_published_at")[:count])

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class HomeFeaturedProcedure(Orderable):
    """A procedure the office puts on the front page (the most asked-for ones)."""

    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_procedures")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page", page_type="procedures.ProcedurePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured procedure")
        verbose_name_plural = _("featured procedures")


@register_setting(icon="home")
class DepartmentSettings(BaseSiteSetting):
    """Who runs the site and where to find them: shown in the header and footer."""

    department_name = models.CharField(
        _("department name"), max_length=255, default="Sở Giáo dục và Đào tạo tỉnh Bà Rịa – Vũng Tàu"
    )
    parent_body = models.CharField(
        _("parent body"),
        max_length=255,
        blank=True,
        help_text=_("Shown above the department's name, e.g. Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    province_portal_url = models.URLField(_("province portal"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    zalo_url = models.URLField(_("Zalo official account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("department_name"), FieldPanel("parent_body")], heading=_("Department")),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("province_portal_url"),
                FieldPanel("facebook_url"),
                FieldPanel("zalo_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Links"),
        ),
    ]

    class Meta:
        verbose_name = _("department settings")
