"""Demo content of the procedures app: hotline, fields, agencies, a decision, the procedure list.

Everything comes from the data files shipped in ``demo_data/`` (copied from the project's shared
data): ``fields.tsv``, ``real_procedures.tsv`` (one page per row; codes only where the file has
one) and ``procedure_details.json`` (steps, documents, ways of submitting and legal basis read
from the public pages the TSV names). The source document asks the department to publish where
citizens send feedback, but gives no number or address; the hotline has the unit and purpose only.
Running ``load`` again changes nothing.
"""

import csv
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify
from wagtail.models import Site

from .codes import national_code
from .demo_tools import translate, upsert_page
from .models import (
    Agency,
    Decision,
    DecisionItem,
    Field,
    Hotline,
    LegalBasis,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureSettings,
    ProcedureStep,
    ProcedureSubmissionMode,
    RequiredDocument,
)

try:
    from anyascii import anyascii
except ImportError:  # pragma: no cover - anyascii is a Wagtail dependency
    anyascii = str

DATA = Path(__file__).resolve().parent / "demo_data"

OFFICE_HOTLINE = {
    "unit": "Văn phòng Sở Giáo dục và Đào tạo",
    "purpose": "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính và thái độ, ứng xử của cán bộ",
}
OFFICE_HOTLINE_EN = {
    OFFICE_HOTLINE["unit"]: "Office of the Department of Education and Training",
    OFFICE_HOTLINE["purpose"]: "Feedback on administrative procedures and on the conduct of staff",
}

INDEX_TITLE = "Thủ tục hành chính"
INDEX_TITLE_EN = "Administrative procedures"
INDEX_SLUG = "thu-tuc-hanh-chinh"

# Agencies named in the data files (the levels' handling bodies as the sources write them).
AGENCIES = [
    "Sở Giáo dục và Đào tạo",
    "Phòng Giáo dục và Đào tạo",
    "Ủy ban nhân dân tỉnh",
    "Ủy ban nhân dân cấp xã",
]

# A real decision named in real_procedures.tsv (source of 1.006388 and 1.005074): Bạc Liêu's
# QĐ 352/QĐ-UBND of 08/3/2024. It shows how the decision history looks; the department's own
# decisions arrive with the import.
DEMO_DECISION = {
    "number": "352/QĐ-UBND",
    "issuing_body": "Ủy ban nhân dân tỉnh Bạc Liêu",
    "date_signed": datetime.date(2024, 3, 8),
}
DEMO_DECISION_CODES = ["1.006388", "1.005074"]

LEVELS = {"tỉnh": "province", "huyện": "district", "xã": "commune"}
LEVEL_SLUGS = {"province": "cap-tinh", "district": "cap-huyen", "commune": "cap-xa"}
# Research notes written in English inside the data cells; never shown to citizens.
_NOTE_WORDS = re.compile(
    r"\b(older|per|page|item|school|list|title|header|says|local fee|national text)\b", re.IGNORECASE
)
_DAYS = re.compile(r"^\s*0*(\d+(?:,\d+)?)\s+ngày làm việc")
SLUG_LENGTH = 100


def read_fields():
    with open(DATA / "fields.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def read_procedures():
    with open(DATA / "real_procedures.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def read_details():
    """Detail per procedure, keyed by (code or '', name)."""
    with open(DATA / "procedure_details.json", encoding="utf-8") as handle:
        entries = json.load(handle)["procedures"]
    return {(entry.get("code", ""), entry["name"]): entry for entry in entries}


def clean_cell(text):
    """The first statement of a cell, without the researchers' English notes."""
    text = _first_statement(text or "")
    text = re.sub(r"\s*\(([^()]*)\)", lambda m: "" if _NOTE_WORDS.search(m.group(1)) else m.group(0), text)
    return text.strip()


def _first_statement(text):
    """Text up to the first "; " outside brackets."""
    depth = 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and text.startswith("; ", i):
            return text[:i]
    return text


def working_days(text):
    match = _DAYS.match(text or "")
    return Decimal(match.group(1).replace(",", ".")) if match else None


def procedure_slugs(rows):
    """ASCII slugs, unique: rows whose titles fold to the same slug get their level or code added."""

    def base(row):
        slug = slugify(anyascii(row["name"]))
        if len(slug) > SLUG_LENGTH:
            slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
        return slug

    bases = [base(row) for row in rows]
    slugs = []
    for row, slug in zip(rows, bases, strict=True):
        if bases.count(slug) > 1:
            levels = [LEVELS[x] for x in row["level"].split(";") if x in LEVELS]
            slug = f"{slug}-{LEVEL_SLUGS[levels[0]]}" if levels else slug
            if row["code"]:
                slug = f"{slug}-{row['code'].replace('.', '-')}"
        slugs.append(slug)
    duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
    if duplicates:
        raise ValueError(f"Slug trùng nhau trong real_procedures.tsv: {sorted(duplicates)}")
    return slugs


def load_fields(locale, stdout):
    for order, row in enumerate(read_fields(), start=1):
        aliases = "\n".join(part.strip() for part in row["aliases"].split(";") if part.strip())
        field = Field.objects.filter(locale=locale, code=row["code"]).first()
        values = {"name": row["name"], "aliases": aliases, "sort_order": order}
        if field is None:
            Field.objects.create(locale=locale, code=row["code"], **values)
            stdout.write(f"Created field {row['name']}.")
        elif any(getattr(field, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(field, key, value)
            field.save()


def load_agencies(locale):
    for name in AGENCIES:
        Agency.objects.get_or_create(locale=locale, name=name)


def load_index(home, stdout):
    index = ProcedureIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        stdout.write("Creating the procedure index.")
    index = upsert_page(home, ProcedureIndexPage, INDEX_SLUG, title=INDEX_TITLE, show_in_menus=True)
    translate(index, "en", {INDEX_TITLE: INDEX_TITLE_EN})
    return index


def _page_fields(row, detail, fields, agencies):
    levels = {LEVELS[x] for x in row["level"].split(";") if x in LEVELS}
    fee = clean_cell(row["fee"])
    if fee == "Không có thông tin":
        fee = ""
    values = {
        "title": row["name"],
        "code": national_code(row["code"]) or "",
        "field": fields.get(row["field"]) if row["field"] else None,
        "level_province": "province" in levels,
        "level_district": "district" in levels,
        "level_commune": "commune" in levels,
        "processing_time": clean_cell(row["processing_time"]),
        "processing_days": working_days(clean_cell(row["processing_time"])),
        "fee": fee,
        "fee_amount": 0 if fee == "Không" else None,
        "online_service_level": "full" if "Toàn trình" in row["source"] else "",
    }
    if detail:
        for key in (
            "procedure_type",
            "applicants",
            "result",
            "conditions",
            "dossier_sets",
            "fee",
            "fee_amount",
            "postal_receipt",
            "online_service_level",
        ):
            if key in detail:
                values[key] = detail[key]
        for key in ("handling_agency", "deciding_agency"):
            if key in detail:
                values[key] = agencies[detail[key]]
    return values


def _rows(detail):
    """The child rows of a detailed procedure, as (relation, model, list of field dicts)."""
    steps = [{"title": f"Bước {n}", "text": text} for n, text in enumerate(detail.get("steps", []), start=1)]
    modes = []
    for mode in detail.get("modes", []):
        item = {"mode": mode["mode"], "processing_time": mode.get("processing_time", "")}
        item["processing_days"] = Decimal(mode["processing_days"]) if "processing_days" in mode else None
        item["description"] = mode.get("description", "")
        modes.append(item)
    documents = [
        {"name": doc["name"], "originals": doc.get("originals"), "copies": doc.get("copies")}
        for doc in detail.get("documents", [])
    ]
    laws = []
    for law in detail.get("legal_basis", []):
        issued = law.get("date_issued")
        laws.append(
            {
                "number": law.get("number", ""),
                "title": law["title"],
                "issuer": law.get("issuer", ""),
                "date_issued": datetime.date.fromisoformat(issued) if issued else None,
            }
        )
    return [
        ("steps", ProcedureStep, steps),
        ("submission_modes", ProcedureSubmissionMode, modes),
        ("required_documents", RequiredDocument, documents),
        ("legal_basis", LegalBasis, laws),
    ]


def _sync_rows(page, detail):
    """Replace the page's child rows when they differ from ``detail``; publish once if so."""
    changed = False
    for relation, model, wanted in _rows(detail):
        keys = list(wanted[0]) if wanted else []
        current = [{key: getattr(obj, key) for key in keys} for obj in getattr(page, relation).all()]
        if current != wanted or (not wanted and getattr(page, relation).exists()):
            # modelcluster numbers rows only in admin forms: without sort_order they share NULL
            # and come back in whatever order the database stores them.
            rows = [model(sort_order=order, **values) for order, values in enumerate(wanted)]
            setattr(page, relation, rows)
            changed = True
    if changed:
        page.save_revision().publish()
    return changed


def load_procedures(index, stdout):
    rows = read_procedures()
    details = read_details()
    locale = index.locale
    fields = {}
    names = Field.objects.filter(locale=locale).name_index()
    from .text import normalize_name

    for row in rows:
        if row["field"]:
            fields[row["field"]] = names.get(normalize_name(row["field"]))
            if fields[row["field"]] is None:
                stdout.write(f"Field not found for “{row['name']}”: {row['field']}")
    agencies = {agency.name: agency for agency in Agency.objects.filter(locale=locale)}
    pages = {}
    for row, slug in zip(rows, procedure_slugs(rows), strict=True):
        detail = details.get((row["code"], row["name"]))
        values = _page_fields(row, detail, fields, agencies)
        page = upsert_page(index, ProcedurePage, slug, **values)
        if detail:
            _sync_rows(ProcedurePage.objects.get(pk=page.pk), detail)
        pages[slug] = page
    unused = set(details) - {(row["code"], row["name"]) for row in rows}
    if unused:
        raise ValueError(f"procedure_details.json names procedures not in real_procedures.tsv: {unused}")
    return pages


def load_decision(locale):
    decision = Decision.objects.filter(locale=locale, number=DEMO_DECISION["number"]).first()
    if decision is None:
        decision = Decision.objects.create(locale=locale, **DEMO_DECISION)
    for order, code in enumerate(DEMO_DECISION_CODES):
        page = ProcedurePage.objects.filter(locale=locale, code=code).first()
        if page is not None and not decision.items.filter(procedure=page).exists():
            DecisionItem.objects.create(
                decision=decision, procedure=page, action="published", sort_order=order
            )
    return decision


def load(home, stdout):
    """Create the hotline, the procedure catalogue and point the site's settings at them."""
    hotline = Hotline.objects.filter(locale=home.locale, unit=OFFICE_HOTLINE["unit"]).first()
    if hotline is None:
        hotline = Hotline.objects.create(locale=home.locale, **OFFICE_HOTLINE)
        stdout.write("Created the office hotline.")
    translate(hotline, "en", OFFICE_HOTLINE_EN)
    site = Site.objects.get(root_page=home)
    procedure_settings, _ = ProcedureSettings.objects.get_or_create(site=site)
    if procedure_settings.default_hotline_id != hotline.id:
        procedure_settings.default_hotline = hotline
        procedure_settings.save()

    load_fields(home.locale, stdout)
    load_agencies(home.locale)
    index = load_index(home, stdout)
    load_procedures(index, stdout)
    load_decision(home.locale)
    return index
