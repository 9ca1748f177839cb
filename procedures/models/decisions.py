"""Decisions that publish, amend, replace or abolish procedures (quyết định công bố).

Every change of a procedure's status comes from a decision of the Provincial People's
Committee; the decision's items say which procedure and what happened to it, and the
procedure page shows that history.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class DecisionAction(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("decision action", "published")
    AMENDED = "amended", pgettext_lazy("decision action", "amended")
    REPLACED = "replaced", pgettext_lazy("decision action", "replaced")
    ABOLISHED = "abolished", pgettext_lazy("decision action", "abolished")


class Decision(TranslatableMixin, index.Indexed, ClusterableModel):
    """A decision publishing a list of procedures, with what it does to each one."""

    number = models.CharField(
        _("number"), max_length=100, help_text=_("The decision's number and symbol, e.g. 1234/QĐ-UBND.")
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=255,
        blank=True,
        help_text=_("Who signed it, e.g. Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu."),
    )
    date_signed = models.DateField(_("date signed"), null=True, blank=True)
    effective_date = models.DateField(
        _("effective date"), null=True, blank=True, help_text=_("When the changes take effect.")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "The decision's abstract (trích yếu), e.g. Về việc công bố danh mục thủ tục hành chính …"
        ),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("attached file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The signed decision and its appendix."),
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("issuing_body"),
        FieldRowPanel([FieldPanel("date_signed"), FieldPanel("effective_date")]),
        FieldPanel("summary"),
        FieldPanel("document"),
        MultiFieldPanel(
            [InlinePanel("items", label=_("Procedure"))],
            heading=_("Procedures this decision changes"),
        ),
    ]

    search_fields = [
        index.SearchField("number"),
        index.SearchField("summary"),
        index.AutocompleteField("number"),
        index.FilterField("locale"),
    ]

    override_translatable_fields = [
        SynchronizedField("number"),
        TranslatableField("issuing_body"),
        SynchronizedField("date_signed"),
        SynchronizedField("effective_date"),
        TranslatableField("summary"),
        SynchronizedField("document"),
        SynchronizedField("items"),
    ]

    def __str__(self):
        if self.date_signed:
            return f"{self.number} ({self.date_signed:%d/%m/%Y})"
        return self.number

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date_signed", "number"]


class DecisionItem(Orderable):
    """What a decision does to one procedure: publish, amend, replace (by another) or abolish."""

    decision = ParentalKey(Decision, on_delete=models.CASCADE, related_name="items")
    procedure = models.ForeignKey(
        "procedures.ProcedurePage",
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="decision_items",
    )
    action = models.CharField(
        _("action"), max_length=20, choices=DecisionAction.choices, default=DecisionAction.PUBLISHED
    )
    replacement = models.ForeignKey(
        "procedures.ProcedurePage",
        verbose_name=_("replacing procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a replaced procedure: the procedure that replaces it."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        PageChooserPanel("procedure", page_type="procedures.ProcedurePage"),
        FieldPanel("action"),
        PageChooserPanel("replacement", page_type="procedures.ProcedurePage"),
        FieldPanel("note"),
    ]

    def clean(self):
        super().clean()
        if self.action == DecisionAction.REPLACED and not self.replacement_id:
            raise ValidationError(
                {"replacement": _("A replaced procedure needs the procedure that replaces it.")}
            )
        if self.replacement_id and self.replacement_id == self.procedure_id:
            raise ValidationError({"replacement": _("A procedure cannot replace itself.")})

    class Meta(Orderable.Meta):
        verbose_name = _("decision item")
        verbose_name_plural = _("decision items")
