"""Citizen feedback (phản ánh, kiến nghị) on procedures and on staff: the form page and submissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

# Names no department: each site's form page says who it is (the demo content does).
DEFAULT_CONSENT_TEXT = (
    "<p>Tôi đồng ý để cơ quan tiếp nhận xử lý họ tên và thông tin liên hệ tôi cung cấp "
    "chỉ nhằm tiếp nhận, xử lý và trả lời phản ánh, kiến nghị này, theo Nghị định số "
    "13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân. Thông tin liên hệ "
    "được xóa khi hết thời hạn lưu trữ.</p>"
)


class FeedbackKind(models.TextChoices):
    PROCEDURE = "procedure", _("An administrative procedure or regulation")
    STAFF = "staff", _("The conduct of an official or employee")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Being processed")
    ANSWERED = "answered", _("Answered")


class FeedbackFormPage(RoutablePageMixin, Page):
    """The page where citizens send feedback and later look up its status with their code."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    consent_text = RichTextField(
        _("consent text"),
        default=DEFAULT_CONSENT_TEXT,
        features=["bold", "italic", "link"],
        help_text=_("What the sender agrees to (Nghị định 13/2023/NĐ-CP on personal data)."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown with the reference code after sending."),
    )
    to_address = models.EmailField(
        _("send submissions to"),
        blank=True,
        help_text=_("The office's address; blank uses the CCHC_FEEDBACK_EMAIL setting."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("consent_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([FieldPanel("to_address")], heading=pgettext_lazy("cchc", "Email")),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def recipient(self):
        return self.to_address or getattr(settings, "CCHC_FEEDBACK_EMAIL", "")

    @path("")
    def form_view(self, request):
        from ..views import feedback_form

        return feedback_form(request, self)

    @path("tra-cuu/", name="lookup")
    def lookup_view(self, request):
        from ..views import feedback_lookup

        return feedback_lookup(request, self)

    parent_page_types = ["cchc_pages.CCHCSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("feedback form page")


class Feedback(models.Model):
    """One submission of the feedback form, with the status the office sets."""

    reference = models.CharField(_("reference code"), max_length=32, unique=True, editable=False)
    page = models.ForeignKey(
        FeedbackFormPage,
        verbose_name=_("form page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        editable=False,
    )
    kind = models.CharField(
        _("about"), max_length=20, choices=FeedbackKind.choices, default=FeedbackKind.PROCEDURE
    )
    name = models.CharField(pgettext_lazy("cchc", "name"), max_length=150, blank=True)
    contact = models.CharField(
        _("phone or email"), max_length=150, blank=True, help_text=_("Erased when the retention period ends.")
    )
    related_procedure = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content = models.TextField(_("content"))
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("cchc", "status"),
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
    )
    reply = models.TextField(
        _("reply"), blank=True, help_text=_("Shown to the sender who looks up the code.")
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    contact_erased_at = models.DateTimeField(
        _("contact details erased at"), null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("kind", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("related_procedure", read_only=True),
        FieldPanel("content", read_only=True),
        FieldPanel("status"),
        FieldPanel("reply"),
    ]

    def __str__(self):
        return self.reference

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="cchc_feedback_created_idx")]
