"""Which national-database fields each procedure still lacks, and the share complete per field.

The CCHC plan promises every procedure published in full. This report lists the gaps so the
office can close them. One query for all procedures (child rows are checked with EXISTS).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import LegalBasis, ProcedureStep, ProcedureSubmissionMode, RequiredDocument

# (key, label, condition that is true when the field is filled)
COMPLETENESS_FIELDS = [
    ("code", _("Procedure code"), ~Q(code="")),
    ("field", pgettext_lazy("procedure field", "Field"), Q(field__isnull=False)),
    ("levels", _("Level"), Q(level_province=True) | Q(level_district=True) | Q(level_commune=True)),
    ("applicants", _("Who may apply"), ~Q(applicants="")),
    ("steps", _("Steps"), Q(has_steps=True)),
    ("submission_modes", _("Ways of submitting"), Q(has_modes=True)),
    ("required_documents", _("Documents to submit"), Q(has_documents=True)),
    ("processing_time", _("Processing time"), ~Q(processing_time="")),
    ("fee", _("Fees and charges"), ~Q(fee="")),
    ("handling_agency", _("Handling agency"), Q(handling_agency__isnull=False)),
    ("receiving_address", _("Where to submit"), ~Q(receiving_address="")),
    ("result", _("Result"), ~Q(result="")),
    ("legal_basis", _("Legal basis"), Q(has_legal_basis=True)),
]


@dataclass
class ProcedureGaps:
    page: object
    missing: list

    @property
    def complete(self):
        return not self.missing


@dataclass
class FieldShare:
    name: str
    total: int
    complete: int

    @property
    def percent(self):
        return round(100 * self.complete / self.total) if self.total else 0


def annotate_completeness(queryset):
    """Add one boolean per field (``filled_<key>``) to a ProcedurePage queryset."""
    queryset = queryset.annotate(
        has_steps=Exists(ProcedureStep.objects.filter(page=OuterRef("pk"))),
        has_modes=Exists(ProcedureSubmissionMode.objects.filter(page=OuterRef("pk"))),
        has_documents=Exists(RequiredDocument.objects.filter(page=OuterRef("pk"))),
        has_legal_basis=Exists(LegalBasis.objects.filter(page=OuterRef("pk"))),
    )
    from django.db.models import BooleanField, ExpressionWrapper

    return queryset.annotate(
        **{
            f"filled_{key}": ExpressionWrapper(condition, output_field=BooleanField())
            for key, _label, condition in COMPLETENESS_FIELDS
        }
    )


def completeness_report(queryset):
    """Rows (page, missing labels) and the share of complete procedures per field of work."""
    rows = []
    shares = {}
    pages = annotate_completeness(queryset.select_related("field")).order_by(
        "field__sort_order", "field__name", "title"
    )
    for page in pages:
        missing = [label for key, label, _c in COMPLETENESS_FIELDS if not getattr(page, f"filled_{key}")]
        rows.append(ProcedureGaps(page, missing))
        name = page.field.name if page.field else str(_("(no field)"))
        share = shares.setdefault(name, FieldShare(name, 0, 0))
        share.total += 1
        share.complete += not missing
    return rows, list(shares.values())
