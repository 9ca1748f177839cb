"""Words citizens type that the procedures do not use: abbreviations, synonyms, filler words.

Citizens write "THPT" where procedures say "trung học phổ thông", "cấp 3" for the same thing,
"thủ tục … cho con" around the words that matter. Editors keep this list in the admin; search
reads it (``procedures.searching``). The common education abbreviations ship with the app
(migration ``0005_search_terms``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..text import normalize_name


class SearchTerm(models.Model):
    """One abbreviation or synonym (with what it means), or a filler word search leaves out."""

    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("abbreviation or synonym")
        IGNORE = "ignore", _("filler word (left out of searches)")

    term = models.CharField(
        _("term"),
        max_length=100,
        unique=True,
        help_text=_("What citizens type, e.g. THPT, cấp 3, đổi bằng. Case and diacritics do not matter."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SYNONYM)
    meanings = models.TextField(
        _("means"),
        blank=True,
        help_text=_(
            "For an abbreviation or synonym: the words it stands for, one per line, "
            "e.g. trung học phổ thông. Leave empty for a filler word."
        ),
    )
    both_ways = models.BooleanField(
        _("both ways"),
        default=True,
        help_text=_(
            "Also find the term when citizens type one of its meanings (THPT ↔ trung học phổ thông). "
            "Untick for one-way hints such as lớp 10 → trung học phổ thông."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True, help_text=_("Why this entry exists."))

    panels = [
        FieldPanel("term"),
        FieldPanel("kind"),
        FieldPanel("meanings"),
        FieldPanel("both_ways"),
        FieldPanel("note"),
    ]

    def __str__(self):
        return f"{self.term} → {', '.join(self.meaning_list)}" if self.meaning_list else self.term

    @property
    def meaning_list(self):
        """The meanings as a list of non-empty lines."""
        return [line.strip() for line in self.meanings.splitlines() if line.strip()]

    def clean(self):
        if not normalize_name(self.term):
            raise ValidationError({"term": _("Type at least one letter or digit.")})
        if self.kind == self.Kind.SYNONYM and not self.meaning_list:
            raise ValidationError({"meanings": _("Write at least one meaning, one per line.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from ..searching.synonyms import invalidate

        invalidate()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from ..searching.synonyms import invalidate

        invalidate()
        return result

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        ordering = ["kind", "term"]
