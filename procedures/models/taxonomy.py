"""How procedures are classified and who handles them: fields of work and agencies.

Names reach us from decisions, spreadsheets and old pages written many ways ("Giáo dục - Đào tạo",
"GIÁO DỤC VÀ ĐÀO TẠO"); each record keeps the other names it appears under, and every lookup
goes through them, ignoring case, diacritics and punctuation.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..text import normalize_name

try:
    from anyascii import anyascii
except ImportError:  # pragma: no cover - anyascii is a Wagtail dependency
    anyascii = str


def split_aliases(text):
    """Aliases are written one per line or separated by semicolons."""
    return [part.strip() for part in str(text or "").replace("\n", ";").split(";") if part.strip()]


class NamedQuerySet(models.QuerySet):
    """Look records up by any of their names (name, short name, aliases)."""

    def name_index(self):
        """A dict from each normalised name to its record (first one wins)."""
        index_ = {}
        for record in self:
            for name in record.all_names():
                key = normalize_name(name)
                if key:
                    index_.setdefault(key, record)
        return index_

    def resolve(self, name, locale=None):
        """The record called ``name`` (any spelling of any of its names), or None."""
        key = normalize_name(name)
        if not key:
            return None
        queryset = self.filter(locale=locale or Locale.get_default())
        return queryset.name_index().get(key)


class Field(TranslatableMixin, index.Indexed, models.Model):
    """A field of work (lĩnh vực) that groups procedures, as the national database names it."""

    name = models.CharField(
        _("name"), max_length=255, help_text=_("The name in the national procedure database.")
    )
    code = models.CharField(
        _("code"),
        max_length=30,
        blank=True,
        help_text=_("The field's code in the national database, e.g. G03-GD10, if it has one."),
    )
    slug = models.SlugField(
        pgettext_lazy("procedure taxonomy", "slug"),
        max_length=100,
        blank=True,
        allow_unicode=False,
        help_text=_("Used in addresses and filters; made from the name when left empty."),
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Fields with a lower number are listed first.")
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other names this field appears under in decisions and spreadsheets, one per line "
            "or separated by semicolons. Matching ignores case, diacritics and punctuation."
        ),
    )

    objects = NamedQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("slug"),
        FieldPanel("aliases"),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    override_translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("code"),
        SynchronizedField("slug"),
        SynchronizedField("sort_order"),
        SynchronizedField("aliases"),
    ]

    def __str__(self):
        return self.name

    def all_names(self):
        return [self.name, *split_aliases(self.aliases)]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(anyascii(self.name))[:100]
        super().save(*args, **kwargs)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["sort_order", "name"]


class Agency(TranslatableMixin, index.Indexed, models.Model):
    """A body that receives, handles or decides procedures (cơ quan), and how to reach it."""

    name = models.CharField(_("name"), max_length=255, help_text=_("The full official name."))
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("e.g. Sở GDĐT, UBND tỉnh.")
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Other names this agency appears under, one per line or separated by semicolons."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        help_text=_("When it receives applications, e.g. Thứ Hai – Thứ Sáu, 7 giờ 30 – 17 giờ."),
    )

    objects = NamedQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("aliases"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact"),
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("short_name"),
        TranslatableField("address"),
        TranslatableField("opening_hours"),
        SynchronizedField("aliases"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("website"),
    ]

    def __str__(self):
        return self.name

    def all_names(self):
        return [self.name, self.short_name, *split_aliases(self.aliases)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
