"""Models of the procedures app, one module per subject; import them from here."""

from .contacts import Hotline, ProcedureSettings
from .decisions import Decision, DecisionAction, DecisionItem
from .pages import (
    ACTIVE_STATUSES,
    INACTIVE_STATUSES,
    LEVEL_FIELDS,
    LegalBasis,
    Level,
    OnlineLevel,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
    ProcedureSubmissionMode,
    RelatedProcedure,
    RequiredDocument,
    Status,
    SubmissionMode,
)
from .search import SearchTerm
from .taxonomy import Agency, Field

__all__ = [
    "ACTIVE_STATUSES",
    "INACTIVE_STATUSES",
    "LEVEL_FIELDS",
    "Agency",
    "Decision",
    "DecisionAction",
    "DecisionItem",
    "Field",
    "Hotline",
    "LegalBasis",
    "Level",
    "OnlineLevel",
    "ProcedureIndexPage",
    "ProcedurePage",
    "ProcedureSettings",
    "ProcedureStep",
    "ProcedureSubmissionMode",
    "RelatedProcedure",
    "RequiredDocument",
    "SearchTerm",
    "Status",
    "SubmissionMode",
]
