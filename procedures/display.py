"""What a procedure page shows, in order: one list shared by the page, the posting sheet and tests.

``PROCEDURE_SECTIONS`` is the contract: the keys and labels of the data a procedure page shows,
in the order it shows them (tests/test_procedure_page_contract.py pins it). ``procedure_sections``
reads the values for one page with a fixed number of queries.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PROCEDURE_SECTIONS = [
    ("code", _("Procedure code")),
    ("field", pgettext_lazy("procedure field", "Field")),
    ("levels", _("Level")),
    ("procedure_type", _("Procedure type")),
    ("applicants", _("Who may apply")),
    ("steps", _("Steps")),
    ("submission_modes", _("Ways of submitting")),
    ("online_service", _("Online public service")),
    ("postal_service", _("Public postal service")),
    ("required_documents", _("Documents to submit")),
    ("dossier_sets", _("Number of dossier sets")),
    ("processing_time", _("Processing time")),
    ("fee", _("Fees and charges")),
    ("handling_agency", _("Handling agency")),
    ("deciding_agency", _("Deciding agency")),
    ("interlinked", _("Interlinked one-stop shop")),
    ("receiving_address", _("Where to submit")),
    ("result", _("Result")),
    ("conditions", _("Requirements and conditions")),
    ("legal_basis", _("Legal basis")),
    ("description", _("Further information")),
    ("related_procedures", _("Related procedures")),
    ("status", pgettext_lazy("procedure status", "Status")),
    ("decision_history", _("Decision history")),
]
SECTION_KEYS = [key for key, _label in PROCEDURE_SECTIONS]
# Sections printed on the posting sheet (what the counter must post), in page order.
POSTING_SHEET_KEYS = [
    "code",
    "field",
    "levels",
    "steps",
    "submission_modes",
    "required_documents",
    "dossier_sets",
    "processing_time",
    "fee",
    "applicants",
    "handling_agency",
    "receiving_address",
    "result",
    "conditions",
    "legal_basis",
]


@dataclass
class Section:
    key: str
    label: str
    value: object

    @property
    def anchor(self):
        return "muc-" + self.key.replace("_", "-")


def _values(page, history):
    modes = list(page.submission_modes.all())
    return {
        "code": page.code,
        "field": page.field,
        "levels": page.get_levels_display(),
        "procedure_type": page.procedure_type,
        "applicants": page.applicants,
        "steps": list(page.steps.all()),
        "submission_modes": modes,
        "online_service": {
            "level": page.online_service_level,
            "label": page.get_online_service_level_display(),
            "url": page.online_service_url,
        }
        if page.online_service_level or page.online_service_url
        else None,
        "postal_service": {"receipt": page.postal_receipt, "return": page.postal_return}
        if page.postal_receipt or page.postal_return
        else None,
        "required_documents": list(page.required_documents.all()),
        "dossier_sets": page.dossier_sets,
        "processing_time": {"text": page.processing_time, "days": page.processing_days}
        if page.processing_time or page.processing_days is not None
        else None,
        "fee": {"text": page.fee, "amount": page.fee_amount}
        if page.fee or page.fee_amount is not None
        else None,
        "handling_agency": page.handling_agency,
        "deciding_agency": page.deciding_agency,
        "interlinked": list(page.interlinked_agencies.all()) or True if page.is_interlinked else None,
        "receiving_address": page.receiving_address,
        "result": page.result,
        "conditions": page.conditions,
        "legal_basis": list(page.legal_basis.all()),
        "description": page.description,
        "related_procedures": [
            item.procedure for item in page.related_procedures.all() if item.procedure.live
        ],
        "status": page.get_status_display(),
        "decision_history": history,
    }


def procedure_sections(page, history=None, keys=None):
    """The sections with a value, in contract order (only ``keys`` when given)."""
    if history is None:
        history = page.decision_history()
    values = _values(page, history)
    wanted = set(keys) if keys is not None else None
    sections = []
    for key, label in PROCEDURE_SECTIONS:
        if wanted is not None and key not in wanted:
            continue
        value = values[key]
        if value in (None, "", []):
            continue
        sections.append(Section(key, label, value))
    return sections
