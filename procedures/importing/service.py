"""The one import pipeline, used by the admin screens and the management commands.

read the file safely → parse (decision appendix or flat workbook) → clean every cell through the
django-import-export resources (:mod:`.resources`; fields and agencies resolved by name) → match
rows to procedures by code, page id or name → diff against what is published, computed in memory
without writing (the preview and ``--dry-run``) → apply everything in one transaction, or
nothing when any row has an error. The diff and the writes are here, not in the resources: one
procedure spans five sheets but gets one revision, and a dry run must not write. Each change is
a page revision, published, with an audit-log entry naming the user and the decision; abolished
and replaced procedures keep their page and only change status. Search indexing is deferred
until the transaction commits, then done once per touched page.
"""

import contextlib
import datetime
import decimal
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ..catalogue import changed_on_commit
from ..text import normalize_name
from . import appendix, flat
from .errors import ImportFileError, RowError
from .resources import CHILD_FIELDS, LegalBasisResource, NameIndex, ProcedureResource
from .workbook import FormulaError, read_bytes

try:
    from anyascii import anyascii
except ImportError:  # pragma: no cover - anyascii is a Wagtail dependency
    anyascii = str

FORMAT_DECISION = "decision"
FORMAT_FLAT = "flat"

NEW, CHANGED, UNCHANGED, REPLACED, ABOLISHED = "new", "changed", "unchanged", "replaced", "abolished"
KINDS = (NEW, CHANGED, UNCHANGED, REPLACED, ABOLISHED)

LOG_ACTION = "procedures.import"

# The record's keys: the columns of the resources (the procedures sheet, then each child sheet).
SCALARS = [key for key in ProcedureResource.fields if key != "page_id"]
LISTS = list(CHILD_FIELDS)
# Appendix value → procedures-sheet column it fills (its cells are cleaned by ProcedureResource).
APPENDIX_CELLS = {
    "name": "title",
    "code": "code",
    "field": "field",
    "levels": "levels",
    "processing_time": "processing_time",
    "processing_days": "processing_days",
    "fee": "fee",
    "fee_amount": "fee_amount",
    "place": "receiving_address",
    "handling_agency": "handling_agency",
    "deciding_agency": "deciding_agency",
    "postal_receive": "postal_receipt",
    "postal_return": "postal_return",
}
LABELS = {
    "code": gettext_lazy("procedure code"),
    "title": gettext_lazy("name"),
    "field": gettext_lazy("field"),
    "levels": gettext_lazy("levels"),
    "status": pgettext_lazy("procedure status", "status"),
    "replaced_by": gettext_lazy("replaced by"),
    "procedure_type": gettext_lazy("procedure type"),
    "processing_time": gettext_lazy("processing time"),
    "processing_days": gettext_lazy("working days"),
    "fee": gettext_lazy("fees and charges"),
    "fee_amount": gettext_lazy("fee in VND"),
    "dossier_sets": gettext_lazy("number of dossier sets"),
    "applicants": gettext_lazy("who may apply"),
    "handling_agency": gettext_lazy("handling agency"),
    "deciding_agency": gettext_lazy("deciding agency"),
    "receiving_address": gettext_lazy("where to submit"),
    "result": gettext_lazy("result"),
    "conditions": gettext_lazy("requirements and conditions"),
    "is_interlinked": gettext_lazy("interlinked one-stop shop"),
    "interlinked_agencies": gettext_lazy("agencies involved"),
    "online_service_level": gettext_lazy("online public service"),
    "online_service_url": gettext_lazy("online service link"),
    "postal_receipt": gettext_lazy("applications received by post"),
    "postal_return": gettext_lazy("results returned by post"),
    "description": gettext_lazy("description"),
    "related_procedures": gettext_lazy("related procedures"),
    "steps": gettext_lazy("steps"),
    "submission_modes": gettext_lazy("ways of submitting"),
    "required_documents": gettext_lazy("documents to submit"),
    "legal_basis": gettext_lazy("legal basis"),
    "decision": gettext_lazy("decision"),
}
ACTION_STATUS = {
    appendix.PUBLISHED: "in_force",
    appendix.AMENDED: "amended",
    appendix.ABOLISHED: "abolished",
    appendix.REPLACED: "in_force",
}


@dataclass
class DecisionInfo:
    """The decision an import applies: an existing one, or the details of a new one."""

    number: str = ""
    date_signed: datetime.date | None = None
    issuing_body: str = ""
    summary: str = ""
    # Returns the Wagtail document of the signed decision to attach; called inside the import's
    # transaction, only when the decision is created.
    make_document: object = None
    existing: object = None  # a procedures.Decision

    @property
    def label(self):
        if self.existing is not None:
            return self.existing.number
        return self.number


@dataclass
class Change:
    """What the import does to one procedure."""

    kind: str
    sheet: str
    row: int
    after: dict
    before: dict | None = None
    page: object = None
    action: str | None = None
    diffs: list = field(default_factory=list)  # (label, before text, after text)
    replaced_pages: list = field(default_factory=list)
    needs_decision_item: bool = False
    url: str = ""

    @property
    def title(self):
        return self.after.get("title") or (self.before or {}).get("title", "")

    @property
    def code(self):
        return self.after.get("code") or ""


@dataclass
class ImportPlan:
    format: str = ""
    filename: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    new_fields: list = field(default_factory=list)
    new_agencies: list = field(default_factory=list)
    decision_number: str = ""
    decision_date: datetime.date | None = None
    already_applied: bool = False
    applied: bool = False
    decision: object = None  # the procedures.Decision applied, once known
    # Related procedures' keys (code, or page id) → page id, as they were when planned.
    related_pages: dict = field(default_factory=dict)

    def counts(self):
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            counts[change.kind] += 1
            if change.kind in (NEW, CHANGED, UNCHANGED):
                for _page in change.replaced_pages:
                    counts[REPLACED] += 1
        counts["errors"] = len(self.errors)
        return counts

    def summary_line(self):
        counts = self.counts()
        return (
            f"new {counts[NEW]}, changed {counts[CHANGED]}, unchanged {counts[UNCHANGED]}, "
            f"replaced {counts[REPLACED]}, abolished {counts[ABOLISHED]}, errors {counts['errors']}"
        )

    @property
    def has_changes(self):
        return any(change.kind != UNCHANGED for change in self.changes)

    def by_kind(self, kind):
        return [change for change in self.changes if change.kind == kind]


# -- records: one procedure as plain values, for diffs and for export -------------------------


def record_of(page):
    """The procedure as plain values (names for fields and agencies), as export writes them."""
    replaced_by = ""
    if page.replaced_by_id:
        target = page.replaced_by
        replaced_by = target.code or str(target.pk)
    return {
        "page_id": page.pk,
        "code": page.code or "",
        "title": page.title,
        "field": page.field.name if page.field_id else "",
        "levels": page.levels,
        "status": page.status,
        "replaced_by": replaced_by,
        "procedure_type": page.procedure_type,
        "processing_time": page.processing_time,
        "processing_days": page.processing_days,
        "fee": page.fee,
        "fee_amount": page.fee_amount,
        "dossier_sets": page.dossier_sets,
        "applicants": page.applicants,
        "handling_agency": page.handling_agency.name if page.handling_agency_id else "",
        "deciding_agency": page.deciding_agency.name if page.deciding_agency_id else "",
        "receiving_address": page.receiving_address,
        "result": page.result,
        "conditions": page.conditions,
        "is_interlinked": page.is_interlinked,
        "interlinked_agencies": sorted(a.name for a in page.interlinked_agencies.all()),
        "online_service_level": page.online_service_level or "",
        "online_service_url": page.online_service_url,
        "postal_receipt": page.postal_receipt,
        "postal_return": page.postal_return,
        "description": page.description or "",
        "steps": [{"title": s.title, "text": s.text} for s in page.steps.all()],
        "submission_modes": [
            {key: getattr(m, key) for key in CHILD_FIELDS["submission_modes"]}
            for m in page.submission_modes.all()
        ],
        "required_documents": [
            {"name": d.name, "originals": d.originals, "copies": d.copies, "form": d.form_id}
            for d in page.required_documents.all()
        ],
        "legal_basis": [
            {key: getattr(item, key) for key in CHILD_FIELDS["legal_basis"]}
            for item in page.legal_basis.all()
        ],
        "related_procedures": [
            related.procedure.code or str(related.procedure_id) for related in page.related_procedures.all()
        ],
    }


def procedures_queryset(queryset=None, locale=None):
    """Procedures with everything ``record_of`` reads, in a fixed number of queries."""
    from django.db.models import Prefetch
    from wagtail.models import Locale

    from ..models import ProcedurePage, RelatedProcedure

    if queryset is None:
        queryset = ProcedurePage.objects.filter(locale=locale or Locale.get_default())
    return queryset.select_related(
        "field", "handling_agency", "deciding_agency", "replaced_by"
    ).prefetch_related(
        "interlinked_agencies",
        "steps",
        "submission_modes",
        "required_documents",
        "legal_basis",
        Prefetch("related_procedures", queryset=RelatedProcedure.objects.select_related("procedure")),
    )


def _same(a, b):
    if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
        if a is None or b is None:
            return a is b
        return decimal.Decimal(a) == decimal.Decimal(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


def display(key, value):
    """A record value as short text for the preview."""
    if value in (None, "", []):
        return "—"
    if key == "levels":
        return ", ".join(flat.LEVEL_WORDS.get(v, v) for v in value)
    if key == "status":
        return flat.STATUS_WORDS.get(value, value)
    if key == "online_service_level":
        return flat.ONLINE_WORDS.get(value, value) or "—"
    if isinstance(value, bool):
        return flat.YES if value else flat.NO
    if key in LISTS:
        parts = []
        for item in value:
            if key == "submission_modes":
                text = flat.MODE_WORDS.get(item["mode"], item["mode"])
                if item.get("description"):
                    text += f" ({item['description']})"
            elif key == "legal_basis":
                text = item.get("title") or item.get("number")
            else:
                text = item.get("name") or item.get("title") or item.get("text") or ""
            parts.append(str(text))
        return "; ".join(parts)
    if key in ("interlinked_agencies", "related_procedures"):
        return flat.LIST_SEPARATOR.join(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return str(value)


# -- the planner ------------------------------------------------------------------------------


class Planner:
    """Builds an :class:`ImportPlan` from parsed rows, reading the database but never writing."""

    def __init__(self, *, create_missing_fields=False, locale=None, progress=None):
        from wagtail.models import Locale

        self.locale = locale or Locale.get_default()
        self.progress = progress or (lambda done, total: None)
        # Fields and agencies by any of their names: the resources' widgets resolve cells with it.
        self.names = NameIndex(self.locale, create_missing_fields=create_missing_fields)
        self.plan = ImportPlan(new_fields=self.names.new_fields, new_agencies=self.names.new_agencies)
        pages = list(procedures_queryset(locale=self.locale))
        self.pages_by_id = {page.pk: page for page in pages}
        self.pages_by_code = {page.code: page for page in pages if page.code}
        self.pages_by_name = {}
        for page in pages:
            self.pages_by_name.setdefault(normalize_name(page.title), []).append(page)
        self.fields = self.names.fields
        self.records = {}
        self.claimed = {}  # page id → (sheet, row) that took it
        self.codes_seen = {}

    # resolution helpers

    def record(self, page):
        if page.pk not in self.records:
            self.records[page.pk] = record_of(page)
        return self.records[page.pk]

    def error(self, item, column, value, message):
        self.plan.errors.append(
            RowError(item["row"], column, "" if value is None else str(value), message, item["sheet"])
        )

    def find_by_name(self, name, field_name=None):
        """(page or None, ambiguous?) for a procedure named ``name``."""
        candidates = self.pages_by_name.get(normalize_name(name), [])
        if len(candidates) > 1 and field_name:
            key = normalize_name(field_name)
            field_obj = self.fields.get(key)
            narrowed = [
                page for page in candidates if field_obj is not None and page.field_id == field_obj.pk
            ]
            candidates = narrowed or candidates
        if len(candidates) == 1:
            return candidates[0], False
        return None, len(candidates) > 1

    def check_duplicate_code(self, item, column, code):
        if code in self.codes_seen:
            sheet, row = self.codes_seen[code]
            self.error(
                item,
                column,
                code,
                _("The code appears twice in the file (also in row %(row)s).") % {"row": row},
            )
            return False
        self.codes_seen[code] = (item["sheet"], item["row"])
        return True

    def claim(self, item, page, column):
        if page.pk in self.claimed:
            self.error(
                item,
                column,
                page.title,
                _("This procedure is already changed by row %(row)s of the file.")
                % {"row": self.claimed[page.pk]},
            )
            return False
        self.claimed[page.pk] = item["row"]
        return True

    # the diff

    def make_change(self, item, page, after, action=None, is_new=False):
        before = None if is_new else self.record(page)
        for key in after.get("related_procedures") or ():
            target = self.pages_by_code.get(key) or (
                self.pages_by_id.get(int(key)) if key.isdigit() else None
            )
            if target is not None:
                self.plan.related_pages[key] = target.pk
        diffs = []
        if before is not None:
            for key in SCALARS + LISTS:
                if key in after and not _same(before.get(key), after[key]):
                    diffs.append((str(LABELS[key]), display(key, before.get(key)), display(key, after[key])))
            merged = dict(before)
            merged.update(after)
            after = merged
        if is_new:
            kind = NEW
        elif after.get("status") == "abolished" and before.get("status") != "abolished":
            kind = ABOLISHED
        elif diffs:
            kind = CHANGED
        else:
            kind = UNCHANGED
        return Change(
            kind=kind,
            sheet=item["sheet"],
            row=item["row"],
            after=after,
            before=before,
            page=page,
            action=action,
            diffs=diffs,
        )

    def finish(self, decision):
        """Decision items to record; 'already applied' when the decision changes nothing."""
        existing_items = set()
        found = None
        if decision is not None and decision.existing is not None:
            found = decision.existing
        elif decision is not None and decision.number:
            from ..models import Decision

            found = Decision.objects.filter(locale=self.locale, number=decision.number).first()
        if found is not None:
            self.plan.decision = found
            existing_items = set(found.items.values_list("procedure_id", "action"))
        if decision is not None and (decision.number or decision.existing is not None):
            for change in self.plan.changes:
                if not change.action:
                    continue
                if change.page is None or (change.page.pk, change.action) not in existing_items:
                    change.needs_decision_item = True
                    if change.kind == UNCHANGED:
                        change.kind = CHANGED
                        change.diffs.append(
                            (str(LABELS["decision"]), "—", f"{decision.label} ({change.action})")
                        )
            self.plan.already_applied = bool(existing_items) and not self.plan.has_changes
        return self.plan


class DecisionPlanner(Planner):
    """Rows of a decision appendix → changes."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.resource = ProcedureResource()

    def run(self, result, decision=None):
        self.plan.format = FORMAT_DECISION
        self.plan.errors.extend(result.errors)
        self.plan.notes.extend(result.ignored)
        self.plan.decision_number = result.decision_number
        self.plan.decision_date = result.decision_date
        total = len(result.rows)
        for done, row in enumerate(result.rows, start=1):
            self.row(row)
            if done % 50 == 0 or done == total:
                self.progress(done, total)
        return self.finish(decision)

    def row(self, row):
        item = {"sheet": row.sheet, "row": row.row}
        values = row.values
        action = row.action or appendix.PUBLISHED
        errors_before = len(self.plan.errors)
        code = values.get("code", "")
        name = values.get("name", "")
        code_column = row.column("code") or row.column("name")
        if code and not self.check_duplicate_code(item, code_column, code):
            return
        # The cells the procedures sheet also has are cleaned by its resource (fields and
        # agencies resolved by any of their names); only the ones the row has.
        cleaned, cell_errors = self.resource.clean(
            {column: values[key] for key, column in APPENDIX_CELLS.items() if key in values}, names=self.names
        )
        for key, column in APPENDIX_CELLS.items():
            if column in cell_errors:
                label = row.column(key) or (_("field section row") if key == "field" else "")
                self.error(item, label, values[key], cell_errors[column])
        field_name = cleaned.get("field")
        page = None
        if code:
            page = self.pages_by_code.get(code)
        elif name:
            page, ambiguous = self.find_by_name(name, values.get("field"))
            if ambiguous:
                self.error(
                    item,
                    row.column("name"),
                    name,
                    _("Several procedures have this name; give the code to say which one."),
                )
                return
        if page is None and action in (appendix.AMENDED, appendix.ABOLISHED):
            if code:
                message = _("No procedure has the code %(code)s, so it cannot be %(action)s.")
            else:
                message = _("No procedure has this name, so it cannot be %(action)s.")
            self.error(
                item,
                code_column if code else row.column("name"),
                code or name,
                message % {"code": code, "action": _action_word(action)},
            )
            return
        if page is None and not name:
            self.error(item, row.column("name"), "", _("A new procedure needs a name."))
            return
        if page is not None and not self.claim(item, page, code_column):
            return
        replaced_pages = []
        if action == appendix.REPLACED and (values.get("replaced_code") or values.get("replaced_name")):
            old = None
            if values.get("replaced_code"):
                old = self.pages_by_code.get(values["replaced_code"])
            else:
                old, _ambiguous = self.find_by_name(values["replaced_name"], values.get("field"))
            column = row.column("replaced_code") or row.column("replaced_name")
            if old is None:
                self.error(
                    item,
                    column,
                    values.get("replaced_code") or values.get("replaced_name"),
                    _("The replaced procedure does not exist."),
                )
                return
            if self.claim(item, old, column):
                replaced_pages.append(old)
        self.check_cells(item, row, values)
        if len(self.plan.errors) > errors_before:
            return

        after = {}
        if name:
            after["title"] = cleaned["title"]
        if code:
            after["code"] = cleaned["code"]
        if field_name:
            after["field"] = field_name
        if cleaned.get("levels"):
            if page is None:
                after["levels"] = cleaned["levels"]
            else:
                current = self.record(page)["levels"]
                order = list(flat.LEVEL_WORDS)
                after["levels"] = sorted(set(current) | set(cleaned["levels"]), key=order.index)
        if "processing_time" in cleaned:
            after["processing_time"] = cleaned["processing_time"]
            after["processing_days"] = cleaned.get("processing_days")
        if "fee" in cleaned:
            after["fee"] = cleaned["fee"]
            after["fee_amount"] = cleaned.get("fee_amount")
        for key in ("receiving_address", "handling_agency", "deciding_agency"):
            if key in cleaned:
                after[key] = cleaned[key]
        if "modes" in values:
            self.modes(after, page, values["modes"])
        for key in ("postal_receipt", "postal_return"):
            if key in cleaned:
                after[key] = cleaned[key]
        if "legal_basis" in values:
            after["legal_basis"] = [
                {"number": i["number"], "title": i["title"], "date_issued": i["date"], "issuer": i["issuer"]}
                for i in values["legal_basis"]
            ]
        status = ACTION_STATUS[action]
        if page is None or action != appendix.PUBLISHED or self.record(page)["status"] != "in_force":
            after["status"] = status
        if page is None:
            after.setdefault("code", "")
        item_action = appendix.PUBLISHED if action == appendix.REPLACED else action
        change = self.make_change(item, page, after, action=item_action, is_new=page is None)
        for old in replaced_pages:
            old_record = self.record(old)
            replacement_key = code or name
            if old_record["status"] != "replaced" or old_record["replaced_by"] not in (
                code,
                str(page.pk) if page else "",
            ):
                change.replaced_pages.append(old)
                change.diffs.append(
                    (
                        str(LABELS["replaced_by"]),
                        old.title,
                        replacement_key,
                    )
                )
                if change.kind == UNCHANGED:
                    change.kind = CHANGED
        self.plan.changes.append(change)

    def check_cells(self, item, row, values):
        """The values the appendix parser found inside cells (links, legal documents) go through
        the flat workbook's widgets too, so they fit the fields they are written to."""
        cells = [
            ("modes", mode["url"], ProcedureResource.fields["online_service_url"])
            for mode in values.get("modes") or ()
            if mode["url"]
        ]
        for document in values.get("legal_basis") or ():
            cells += [
                ("legal_basis", document[key], LegalBasisResource.fields[key]) for key in ("number", "issuer")
            ]
        for key, value, column in cells:
            try:
                column.widget.clean(value)
            except ValueError as exc:
                self.error(item, row.column(key), value, str(exc))

    def modes(self, after, page, modes):
        existing = {}
        if page is not None:
            for item in self.record(page)["submission_modes"]:
                existing.setdefault(item["mode"], item)
        rows = []
        kinds = [m["kind"] for m in modes]
        for mode in modes:
            stored = {
                appendix.DIRECT: "in_person",
                appendix.ONLINE_FULL: "online",
                appendix.ONLINE_PARTIAL: "online",
                appendix.POSTAL: "postal",
            }[mode["kind"]]
            if any(row["mode"] == stored for row in rows):
                continue
            if stored in existing:
                rows.append(dict(existing[stored]))
            else:
                rows.append(
                    {
                        "mode": stored,
                        "processing_time": "",
                        "processing_days": None,
                        "fee": "",
                        "fee_amount": None,
                        "description": mode["url"],
                    }
                )
        after["submission_modes"] = rows
        if appendix.ONLINE_FULL in kinds:
            after["online_service_level"] = "full"
        elif appendix.ONLINE_PARTIAL in kinds:
            after["online_service_level"] = "partial"
        else:
            after["online_service_level"] = ""
        urls = [m["url"] for m in modes if m["url"]]
        if urls:
            after["online_service_url"] = urls[0]
        after["postal_receipt"] = appendix.POSTAL in kinds


class FlatPlanner(Planner):
    """Rows of the flat workbook → changes. A row states the whole procedure."""

    def run(self, records, decision=None):
        self.plan.format = FORMAT_FLAT
        self.file_codes = {item["values"]["code"] for item in records if item["values"].get("code")}
        total = len(records)
        for done, item in enumerate(records, start=1):
            self.row(item)
            if done % 50 == 0 or done == total:
                self.progress(done, total)
        return self.finish(decision)

    def procedure_exists(self, key):
        """A related procedure: published, or new in this file."""
        if key in self.pages_by_code or key in self.file_codes:
            return True
        return key.isdigit() and int(key) in self.pages_by_id

    def row(self, item):
        values = dict(item["values"])
        columns = item["columns"]
        errors_before = len(self.plan.errors)
        page = None
        page_id = values.pop("page_id", None)
        code = values.get("code", "")
        if "code" in item["invalid"]:
            return  # not a procedure code: the resource reported it, the row cannot be matched
        if code and not self.check_duplicate_code(item, columns.get("code"), code):
            return
        if page_id:
            page = self.pages_by_id.get(page_id)
            if page is None:
                self.error(item, columns.get("page_id"), page_id, _("No procedure page has this id."))
                return
            if code and page.code and page.code != code and code in self.pages_by_code:
                self.error(
                    item,
                    columns.get("code"),
                    code,
                    _("The code belongs to another procedure (page %(id)s).")
                    % {"id": self.pages_by_code[code].pk},
                )
                return
        elif code:
            page = self.pages_by_code.get(code)
        elif values.get("title"):
            page, ambiguous = self.find_by_name(values["title"], values.get("field"))
            if ambiguous:
                self.error(
                    item,
                    columns.get("title"),
                    values["title"],
                    _("Several procedures have this name; give the code or page id to say which one."),
                )
                return
        if page is None and not values.get("title"):
            self.error(item, columns.get("title", ""), "", _("A new procedure needs a name."))
            return
        if "title" in values and not values["title"]:
            self.error(item, columns.get("title"), "", _("The name cannot be empty."))
            return
        if values.get("status") is None:
            values.pop("status", None)
        if values.get("replaced_by"):
            target = self.pages_by_code.get(values["replaced_by"])
            if target is None and str(values["replaced_by"]).isdigit():
                target = self.pages_by_id.get(int(values["replaced_by"]))
            if target is None:
                self.error(
                    item,
                    columns.get("replaced_by"),
                    values["replaced_by"],
                    _("No procedure has this code or page id."),
                )
        for key in values.get("related_procedures") or ():
            if not self.procedure_exists(key):
                self.error(
                    item, columns.get("related_procedures"), key, _("No procedure has this code or page id.")
                )
        if "required_documents" in values:
            from wagtail.documents import get_document_model

            form_ids = {d["form"] for d in values["required_documents"] if d.get("form")}
            known = set(get_document_model().objects.filter(pk__in=form_ids).values_list("pk", flat=True))
            for document in values["required_documents"]:
                if document.get("form") and document["form"] not in known:
                    self.error(item, flat.SHEET_DOCUMENTS, document["form"], _("No document has this id."))
        if page is not None and not self.claim(item, page, columns.get("code") or columns.get("title")):
            return
        if len(self.plan.errors) > errors_before:
            return
        if page is None:
            values.setdefault("code", "")
            values.setdefault("status", "in_force")
        change = self.make_change(item, page, values, is_new=page is None)
        if (
            change.kind == CHANGED
            and values.get("status") == "replaced"
            and change.before["status"] != "replaced"
        ):
            change.kind = REPLACED
        self.plan.changes.append(change)


def _action_word(action):
    return {
        appendix.AMENDED: _("amended"),
        appendix.ABOLISHED: _("abolished"),
        appendix.REPLACED: _("replaced"),
        appendix.PUBLISHED: _("published"),
    }[action]


# -- entry points -----------------------------------------------------------------------------


def detect_format(sheets):
    if flat.is_flat(sheets):
        return FORMAT_FLAT
    if appendix.looks_like_appendix(sheets):
        return FORMAT_DECISION
    return None


def plan_import(
    data,
    filename="",
    *,
    format=None,
    decision=None,
    create_missing_fields=False,
    progress=None,
):
    """Read, parse, validate and diff ``data``; nothing is written. Returns an ImportPlan."""
    plan = ImportPlan(filename=filename)
    try:
        workbook = read_bytes(data, filename)
    except FormulaError as exc:
        plan.errors.extend(exc.errors)
        return plan
    except ImportFileError as exc:
        plan.errors.append(RowError(None, "", "", str(exc)))
        return plan
    detected = detect_format(workbook.sheets)
    format = format or detected
    if format is None:
        plan.errors.append(
            RowError(
                None,
                "",
                "",
                _(
                    "No header row found: none of the first %(rows)s rows of any sheet names the "
                    "columns (for example “STT”, “Mã số TTHC”, “Tên thủ tục hành chính”)."
                )
                % {"rows": appendix.HEADER_SEARCH_ROWS},
            )
        )
        return plan
    if format == FORMAT_FLAT:
        if not flat.is_flat(workbook.sheets):
            plan.errors.append(
                RowError(
                    None,
                    "",
                    "",
                    _(
                        "This is not a flat workbook: its first row has no “Mã thủ tục” and "
                        "“Tên thủ tục” columns."
                    ),
                )
            )
            return plan
        planner = FlatPlanner(create_missing_fields=create_missing_fields, progress=progress)
        reader = flat.FlatReader(workbook.sheets, names=planner.names)
        records = reader.read()
        planner.plan.errors.extend(reader.errors)
        result = planner.run(records, decision)
    else:
        parsed = appendix.parse_sheets(workbook.sheets)
        planner = DecisionPlanner(create_missing_fields=create_missing_fields, progress=progress)
        result = planner.run(parsed, decision)
    result.filename = filename
    return result


def default_index_page(locale=None):
    from wagtail.models import Locale

    from ..models import ProcedureIndexPage

    locale = locale or Locale.get_default()
    return ProcedureIndexPage.objects.filter(locale=locale).order_by("path").first()


@contextlib.contextmanager
def deferred_indexing(model):
    """Do not index ``model`` on each save; yields a set to collect the pks to index after."""
    from modelsearch.signal_handlers import post_save_signal_handler

    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    touched = set()
    try:
        yield touched
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def apply_import(
    data,
    filename="",
    *,
    user=None,
    format=None,
    decision=None,
    create_missing_fields=False,
    index_page=None,
    progress=None,
):
    """Plan again and apply every change in one transaction; nothing is written on any error."""
    from ..models import ProcedurePage

    with transaction.atomic():
        plan = plan_import(
            data,
            filename,
            format=format,
            decision=decision,
            create_missing_fields=create_missing_fields,
            progress=progress,
        )
        if plan.errors:
            return plan
        if not plan.has_changes:
            return plan
        with deferred_indexing(ProcedurePage) as touched:
            Applier(plan, user=user, decision=decision, index_page=index_page, progress=progress).run(touched)
        plan.applied = True
        transaction.on_commit(lambda: reindex(touched))
        changed_on_commit()
    return plan


def reindex(page_ids):
    """Index the touched pages once, in bulk, after the import has committed."""
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    from ..models import ProcedurePage

    pages = list(procedures_queryset(ProcedurePage.objects.filter(pk__in=page_ids)))
    with transaction.atomic():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(ProcedurePage, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


class Applier:
    """Writes an ImportPlan: pages, revisions, audit log, decision items.

    Each procedure is saved once, already published, and gets a revision that is its live
    revision; revisions, audit-log entries and decision items are written in bulk at the end.
    ``page_published`` is sent for each page, so caches and other listeners hear of it (and
    ``procedures.signals.content_changed`` once the import commits). An editor's unpublished
    draft of a changed page stays its latest revision, with the new status.
    """

    def __init__(self, plan, *, user=None, decision=None, index_page=None, progress=None):
        from wagtail.models import Locale

        self.plan = plan
        self.user = user
        self.decision_info = decision
        self.locale = Locale.get_default()
        self.index_page = index_page or default_index_page(self.locale)
        self.progress = progress or (lambda done, total: None)
        self.saved = []  # (page, change, created, replaced)
        self.drafts = {}  # page id → the editor's unpublished draft revision, carried forward
        self.items = []
        self.new_children = {}  # model → rows of new pages, inserted in bulk

    def run(self, touched):
        from django.utils import timezone
        from wagtail.signal_handlers import disable_reference_index_auto_update

        from ..models import Agency, Field

        if self.index_page is None and self.plan.by_kind(NEW):
            raise ImportFileError(_("There is no procedure index page to add new procedures under."))
        for name in self.plan.new_fields:
            Field.objects.create(locale=self.locale, name=name)
        for name in self.plan.new_agencies:
            Agency.objects.create(locale=self.locale, name=name)
        self.fields = Field.objects.filter(locale=self.locale).name_index()
        self.agencies = Agency.objects.filter(locale=self.locale).name_index()
        self.decision = self._decision()
        self.now = timezone.now()
        self.slugs = set()
        self.next_step = None
        if self.index_page is not None:
            # Locked until the commit: new children's paths are numbered after its last child.
            self.index_page = type(self.index_page).objects.select_for_update().get(pk=self.index_page.pk)
            self.slugs = set(self.index_page.get_children().values_list("slug", flat=True))
        self.existing_items = set()
        if self.decision is not None:
            self.existing_items = set(self.decision.items.values_list("procedure_id", "action"))
        work = [c for c in self.plan.changes if c.kind != UNCHANGED]
        total = len(work)
        with disable_reference_index_auto_update():
            for done, change in enumerate(work, start=1):
                page = self._save(change)
                touched.add(page.pk)
                change.page = page
                if done % 20 == 0 or done == total:
                    self.progress(done, total)
            # Replacement links and related procedures once every new page exists.
            for change in work:
                for old in change.replaced_pages:
                    self._replace(old, change.page, change)
                    touched.add(old.pk)
            self._relate(work)
            self._flush()
        for change in work:
            change.url = change.page.get_url() or ""

    def _decision(self):
        from ..models import Decision

        info = self.decision_info
        if info is None:
            return None
        if info.existing is not None:
            return info.existing
        if self.plan.decision is not None:
            return self.plan.decision
        if not info.number:
            return None
        decision = Decision.objects.filter(locale=self.locale, number=info.number).first()
        if decision is None:
            decision = Decision.objects.create(
                locale=self.locale,
                number=info.number,
                date_signed=info.date_signed,
                issuing_body=info.issuing_body,
                summary=info.summary,
                document=info.make_document() if info.make_document else None,
            )
        self.plan.decision = decision
        return decision

    def _slug(self, title):
        base = slugify(anyascii(title))[:80].strip("-") or "thu-tuc"
        slug = base
        counter = 2
        while slug in self.slugs:
            slug = f"{base}-{counter}"
            counter += 1
        self.slugs.add(slug)
        return slug

    def _path(self):
        from wagtail.models import Page

        parent = self.index_page
        if self.next_step is None:
            last = parent.get_last_child()
            self.next_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        path = Page._get_path(parent.path, parent.depth + 1, self.next_step)
        self.next_step += 1
        return path

    def _set_values(self, page, values, deferred_children=None):
        """Set ``values`` on ``page``; with ``deferred_children`` (a dict), child rows are put
        there instead of on the page, to be inserted in bulk after the page is saved."""
        from ..models import LegalBasis, ProcedureStep, ProcedureSubmissionMode, RequiredDocument

        for key in SCALARS:
            if key not in values:
                continue
            value = values[key]
            if key == "field":
                page.field = self.fields.get(normalize_name(value)) if value else None
            elif key in ("handling_agency", "deciding_agency"):
                setattr(page, key, self.agencies.get(normalize_name(value)) if value else None)
            elif key == "levels":
                page.levels = value
            elif key == "replaced_by":
                page.replaced_by = self._page_by_key(value) if value else None
            elif key == "interlinked_agencies":
                page.interlinked_agencies = [self.agencies[normalize_name(n)] for n in value]
            elif key == "related_procedures":
                continue  # by ``_relate``, once every new page exists
            elif key in ("processing_days", "fee_amount", "dossier_sets"):
                setattr(page, key, value)
            else:
                setattr(page, key, value if value is not None else "")
        children = {
            "steps": ProcedureStep,
            "submission_modes": ProcedureSubmissionMode,
            "required_documents": RequiredDocument,
            "legal_basis": LegalBasis,
        }
        for key, model in children.items():
            if key not in values:
                continue
            rows = []
            for order, item in enumerate(values[key]):
                data = {k: v for k, v in item.items() if k != "form"}
                for text_key in (
                    "processing_time",
                    "fee",
                    "description",
                    "title",
                    "text",
                    "number",
                    "issuer",
                    "name",
                ):
                    if text_key in data and data[text_key] is None:
                        data[text_key] = ""
                if key == "required_documents":
                    data["form_id"] = item.get("form")
                rows.append(model(sort_order=order, **data))
            if deferred_children is not None:
                deferred_children[key] = rows
            else:
                setattr(page, key, rows)

    def _relate(self, work):
        """The related procedures of every changed page, written again (in bulk) from its record."""
        from ..models import ProcedurePage, RelatedProcedure

        changes = [c for c in work if "related_procedures" in c.after]
        if not changes:
            return
        # Keys the plan resolved (published pages), then codes of pages new in this import.
        targets = dict(self.plan.related_pages)
        keys = {key for c in changes for key in c.after["related_procedures"]} - targets.keys()
        if keys:
            targets.update(
                ProcedurePage.objects.filter(locale=self.locale, code__in=keys).values_list("code", "pk")
            )
        RelatedProcedure.objects.filter(page__in=[c.page for c in changes if c.kind != NEW]).delete()
        rows = []
        for change in changes:
            related = [
                RelatedProcedure(page=change.page, procedure_id=targets[key], sort_order=order)
                for order, key in enumerate(change.after["related_procedures"])
            ]
            # In memory too, for the revision's content (no query).
            change.page.related_procedures = related
            rows.extend(related)
        RelatedProcedure.objects.bulk_create(rows, batch_size=500)

    def _page_by_key(self, key):
        from ..models import ProcedurePage

        queryset = ProcedurePage.objects.filter(locale=self.locale)
        page = queryset.filter(code=key).first() if key else None
        if page is None and str(key).isdigit():
            page = queryset.filter(pk=int(key)).first()
        return page

    def _publish_fields(self, page):
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.last_published_at = self.now
        if page.first_published_at is None:
            page.first_published_at = self.now

    def _save(self, change):
        from ..models import ProcedurePage

        children = None
        if change.kind == NEW:
            children = {}
            parent = self.index_page
            page = ProcedurePage(
                title=change.after["title"],
                slug=self._slug(change.after["title"]),
                locale=self.locale,
                owner=self.user,
                depth=parent.depth + 1,
                numchild=0,
                path=self._path(),
            )
            created = True
        else:
            page = ProcedurePage.objects.get(pk=change.page.pk)
            self._keep_draft(page)
            created = False
        self._set_values(page, change.after, children)
        self._publish_fields(page)
        page.save(clean=False, log_action=None)  # the log entries are written in bulk
        if children:
            for key, rows in children.items():
                for row in rows:
                    row.page_id = page.pk
                    self.new_children.setdefault(type(row), []).append(row)
                # In memory too, for the revision's content (no query).
                setattr(page, key, rows)
        self.saved.append((page, change, created, False))
        if (
            self.decision is not None
            and change.action
            and change.needs_decision_item
            and (page.pk, change.action) not in self.existing_items
        ):
            self.existing_items.add((page.pk, change.action))
            self.items.append({"procedure": page, "action": change.action, "replacement": None})
        return page

    def _keep_draft(self, page):
        if page.has_unpublished_changes and page.latest_revision_id:
            self.drafts.setdefault(page.pk, page.latest_revision_id)

    def _replace(self, old, new, change):
        from ..models import ProcedurePage

        page = ProcedurePage.objects.get(pk=old.pk)
        self._keep_draft(page)
        page.status = "replaced"
        page.replaced_by = new
        self._publish_fields(page)
        page.save(clean=False)
        self.saved.append((page, change, False, True))
        if self.decision is not None and (page.pk, "replaced") not in self.existing_items:
            self.existing_items.add((page.pk, "replaced"))
            self.items.append({"procedure": page, "action": "replaced", "replacement": new})

    def _flush(self):
        """Revisions, live revisions, audit log, decision items, translations, signals."""
        import uuid

        from django.contrib.contenttypes.models import ContentType
        from django.db.models import Count, F
        from wagtail.models import Page, PageLogEntry, Revision
        from wagtail.signals import page_published

        from ..models import DecisionItem, ProcedurePage
        from ..status import carry_draft_forward, set_status

        for model, rows in self.new_children.items():
            model.objects.bulk_create(rows, batch_size=500)
        page_type = ContentType.objects.get_for_model(ProcedurePage)
        base_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=page_type,
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    created_at=self.now,
                    user=self.user,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page, _change, _created, _replaced in self.saved
            ],
            batch_size=200,
        )
        Page.objects.bulk_update(
            [
                Page(pk=page.pk, latest_revision_id=revision.pk, live_revision_id=revision.pk)
                for (page, *_rest), revision in zip(self.saved, revisions, strict=True)
            ],
            ["latest_revision", "live_revision"],
            batch_size=200,
        )
        created_count = sum(1 for _page, _change, created, _r in self.saved if created)
        if created_count:
            Page.objects.filter(pk=self.index_page.pk).update(numchild=F("numchild") + created_count)
        entries = []
        decision_number = self.decision.number if self.decision is not None else ""
        for (page, change, created, replaced), revision in zip(self.saved, revisions, strict=True):
            common = {
                "content_type": page_type,
                "label": page.title,
                "timestamp": self.now,
                "uuid": uuid.uuid4(),
                "user": self.user,
                "page_id": page.pk,
                "revision": revision,
            }
            if created:
                entries.append(PageLogEntry(action="wagtail.create", content_changed=True, **common))
            entries.append(PageLogEntry(action="wagtail.publish", content_changed=True, **common))
            entries.append(
                PageLogEntry(
                    action=LOG_ACTION,
                    data={
                        "decision": decision_number,
                        "decision_id": self.decision.pk if self.decision is not None else None,
                        "action": "replaced" if replaced else (change.action or ""),
                        "kind": "created" if created else change.kind,
                        "file": self.plan.filename,
                        "row": change.row,
                        "changes": [label for label, _before, _after in change.diffs][:30],
                    },
                    **common,
                )
            )
        PageLogEntry.objects.bulk_create(entries, batch_size=500)
        if self.items:
            start = self.decision.items.count()
            DecisionItem.objects.bulk_create(
                [
                    DecisionItem(decision=self.decision, sort_order=start + index, **item)
                    for index, item in enumerate(self.items)
                ],
                batch_size=500,
            )
        translated = set(
            ProcedurePage.objects.filter(
                translation_key__in={page.translation_key for page, *_ in self.saved}
            )
            .values("translation_key")
            .annotate(pages=Count("pk"))
            .filter(pages__gt=1)
            .values_list("translation_key", flat=True)
        )
        drafts = Revision.objects.in_bulk(self.drafts.values())
        for (page, _change, _created, _replaced), revision in zip(self.saved, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
            # Status and replacement are the same in every language (translations follow).
            if page.translation_key in translated:
                set_status(page, page.status, replaced_by=page.replaced_by, user=self.user)
            page_published.send(sender=ProcedurePage, instance=page, revision=revision)
            if page.pk in self.drafts:
                draft = drafts[self.drafts.pop(page.pk)].as_object()
                carry_draft_forward(draft, page.status, page.replaced_by_id, user=self.user)
