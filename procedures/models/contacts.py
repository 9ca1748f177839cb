"""Whom citizens contact: hotlines, and the per-site portal links and default hotline."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Hotline(TranslatableMixin, index.Indexed, models.Model):
    """A phone line where citizens ask about procedures or report problems (đường dây nóng)."""

    unit = models.CharField(
        _("unit"), max_length=255, help_text=_("The office that answers, e.g. Văn phòng Sở.")
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=255,
        blank=True,
        help_text=_("What the line is for, e.g. feedback on administrative procedures."),
    )
    phone = models.CharField(
        _("phone"), max_length=50, blank=True, help_text=_("As it should be dialled, with the area code.")
    )
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    receiving_hours = models.CharField(
        _("receiving hours"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Thứ Hai – Thứ Sáu, 7 giờ 30 – 17 giờ."),
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lines with a lower number are listed first.")
    )

    panels = [
        FieldPanel("unit"),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("address"), FieldPanel("receiving_hours")],
            heading=_("Contact"),
        ),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        index.SearchField("unit"),
        index.SearchField("purpose"),
        index.AutocompleteField("unit"),
        index.FilterField("locale"),
    ]

    def __str__(self):
        return f"{self.unit} – {self.phone}" if self.phone else self.unit

    @property
    def tel_href(self):
        """The number with spaces and punctuation removed, for a tel: link."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        ordering = ["sort_order", "unit"]


@register_setting(icon="site")
class ProcedureSettings(BaseSiteSetting):
    """Per-site values the procedure pages need: where citizens submit online, whom they call."""

    online_portal_url = models.URLField(
        _("national public-service portal"),
        default="https://dichvucong.gov.vn",
        help_text=_("The national online public-service portal (Cổng Dịch vụ công quốc gia)."),
    )
    provincial_portal_url = models.URLField(
        _("provincial public-service portal"),
        blank=True,
        help_text=_("The province's own online public-service portal, if it has one."),
    )
    default_hotline = models.ForeignKey(
        Hotline,
        verbose_name=_("default hotline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the footer and on every procedure page."),
    )

    panels = [
        FieldPanel("online_portal_url"),
        FieldPanel("provincial_portal_url"),
        FieldPanel("default_hotline"),
    ]
    select_related = ["default_hotline"]  # the footer and every procedure page show it

    class Meta:
        verbose_name = _("procedure settings")
