"""Parse the appendix of a Province decision (Phụ lục kèm theo Quyết định công bố) into flat rows.

Real appendices differ from year to year (see ``procedures/demo_data/FORMATS.md``). This module
finds each table's header row by the Vietnamese text of its cells (ignoring case, diacritics,
line breaks and text in brackets), follows the section rows that set the action, level and field
of the rows under them, and returns one :class:`AppendixRow` per procedure with only the cells
the row has. It knows nothing of the database: :mod:`procedures.importing.service` resolves
codes, names, fields and agencies.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ..text import fold, normalize_name
from .errors import RowError

# Actions, as the decision items record them.
PUBLISHED = "published"
AMENDED = "amended"
REPLACED = "replaced"
ABOLISHED = "abolished"
ACTIONS = (PUBLISHED, AMENDED, REPLACED, ABOLISHED)

# Levels (cấp thực hiện).
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
LEVEL_WORDS = {"tinh": PROVINCE, "huyen": DISTRICT, "xa": COMMUNE}

# Submission modes (cách thức thực hiện).
DIRECT, ONLINE_FULL, ONLINE_PARTIAL, POSTAL = "direct", "online_full", "online_partial", "postal"

HEADER_SEARCH_ROWS = 20

# Column keys and the header texts they are recognised by (normalised: folded, without
# punctuation and without text in brackets). More specific texts come first.
COLUMN_HEADERS = {
    "number": ["stt", "so tt", "so thu tu", "tt"],
    "replaced_code": [
        "ma so tthc duoc thay the",
        "ma tthc duoc thay the",
        "ma so thu tuc hanh chinh duoc thay the",
        "ma thu tuc duoc thay the",
    ],
    "replaced_name": [
        "ten thu tuc hanh chinh duoc thay the",
        "ten tthc duoc thay the",
        "thu tuc hanh chinh duoc thay the",
        "ten thu tuc duoc thay the",
    ],
    "code": [
        "ma so tthc",
        "ma tthc",
        "ma thu tuc",
        "ma so",
        "ma so thu tuc hanh chinh",
        "ma thu tuc hanh chinh",
        "ma so ho so tthc",
        "so ho so tthc",
        "ma ho so",
    ],
    "name": [
        "ten thu tuc hanh chinh",
        "thu tuc hanh chinh",
        "ten thu tuc",
        "ten tthc",
        "ten linh vuc thu tuc hanh chinh",
        "ten thu tuc hanh chinh thay the",
        "ten tthc thay the",
        "ten thu tuc hanh chinh moi",
    ],
    "processing_time": ["thoi han giai quyet", "thoi gian giai quyet"],
    "place": ["dia diem thuc hien", "dia diem tiep nhan"],
    "modes": ["cach thuc thuc hien"],
    "postal": [
        "hinh thuc thuc hien tthc qua dich vu buu chinh cong ich",
        "hinh thuc thuc hien thu tuc hanh chinh qua dich vu buu chinh cong ich",
        "thuc hien qua dich vu buu chinh cong ich",
    ],
    "postal_receive": ["duoc tiep nhan ho so", "tiep nhan ho so"],
    "postal_return": ["duoc tra ket qua", "tra ket qua"],
    "fee": ["phi le phi", "phi", "le phi"],
    "deciding_agency": [
        "tham quyen quyet dinh",
        "co quan co tham quyen quyet dinh",
        "co quan co tham quyen",
    ],
    "handling_agency": ["co quan thuc hien", "co quan giai quyet"],
    "legal_basis": ["can cu phap ly"],
    "levels": ["cap thuc hien"],
    "field": ["linh vuc"],
    "notes": ["ghi chu"],
}
LEGAL_BASIS_PREFIXES = ("ten vbqppl", "ten van ban quy pham phap luat", "can cu phap ly")
_HEADER_LOOKUP = {text: key for key, texts in COLUMN_HEADERS.items() for text in texts}

_BRACKETS = re.compile(r"[\(\[][^\)\]]*[\)\]]")
_CODE = re.compile(r"(\d\.\d{6})(?:\.?\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2})?")
_CODE_IN_BRACKETS = re.compile(
    r"\s*[\(\[]\s*(?:m[aã]\s*(?:s[oố])?\s*(?:tthc|th[uủ]\s*t[uụ]c)?\s*:?\s*)?"
    r"(\d\s*\.\s*\d{6}(?:[\s\.]*\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2})?)\s*[\)\]]\s*",
    re.IGNORECASE,
)
_PREFIX_THU_TUC = re.compile(r"^\s*th[uủ]\s*t[uụ]c\s*:\s*", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:[A-Za-z]|[IVXLCivxlc]+|\d+(?:\.\d+)*)\s*[\.\)\-:|/]\s*")
_SHORT_LABEL = re.compile(r"^(?:[A-Za-z]|[IVXLCivxlc]+|\d+(?:\.\d+)*)\.?$")
_URL = re.compile(r"https?://[^\s;,]+", re.IGNORECASE)
_DAYS = re.compile(r"(\d+)\s*ng[aà]y(?:\s*l[aà]m\s*vi[eệ]c)?", re.IGNORECASE)
_SAME_AS_ABOVE = {"nhu tren", "nt"}
_OTHER_ROW_PREFIXES = (
    "tong cong",
    "tong so",
    "tong ",
    "tong:",
    "ghi chu",
    "chu thich",
    "luu y",
    "(*)",
    "*",
    "nguoi lap",
    "kt chu tich",
    "tm uy ban",
    "chu tich",
    "pho chu tich",
)
_DECISION = re.compile(
    r"quy[eế]t\s*[dđ][iị]nh\s*s[oố]\s*:?\s*([0-9]+\s*/\s*[^\s,;)]+)"
    r"(?:.*?ng[aà]y\s*(\d{1,2})\s*(?:th[aá]ng\s*|/|-)\s*(\d{1,2})\s*(?:n[aă]m\s*|/|-)\s*(\d{4}))?",
    re.IGNORECASE,
)
_DOC_NUMBER = re.compile(r"(?:s[oố]\s*:?\s*)?(\d+[\w]*/(?:\d{4}/)?[\w\-Đđ]+(?:-[\w]+)*)")
_DOC_DATE = re.compile(
    r"ng[aà]y\s*(\d{1,2})\s*(?:/|-|\.|th[aá]ng)\s*(\d{1,2})\s*(?:/|-|\.|n[aă]m)\s*(\d{4})",
    re.IGNORECASE,
)
_DOC_ISSUER = re.compile(r"\bc[uủ]a\s+(.+?)\s*[\.;]?$", re.IGNORECASE)


@dataclass
class AppendixRow:
    """One procedure row of the appendix; ``values`` holds only the cells the row has."""

    sheet: str
    row: int
    action: str | None
    level: str | None
    field_name: str | None
    values: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)  # key → "C (Tên thủ tục hành chính)"

    @property
    def code(self):
        return self.values.get("code") or ""

    @property
    def name(self):
        return self.values.get("name") or ""

    def column(self, key):
        return self.columns.get(key, "")


@dataclass
class ParseResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    ignored: list = field(default_factory=list)  # RowError-like notes on skipped rows
    decision_number: str = ""
    decision_date: datetime.date | None = None
    tables: int = 0


def header_key(text):
    """The column key a header cell's text names, or ``None``."""
    if text is None or not isinstance(text, str):
        return None
    norm = normalize_name(_BRACKETS.sub(" ", text))
    if not norm:
        return None
    if norm in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[norm]
    if norm.startswith(LEGAL_BASIS_PREFIXES):
        return "legal_basis"
    return None


def clean_text(value):
    """A cell as one line of text: line breaks and repeated spaces become one space."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def lines_of(value):
    """A multi-line cell as its items: bullets and trailing separators dropped; a line that
    starts in lower case continues the one before."""
    items = []
    for raw in str(value or "").replace(";", ";\n").split("\n"):
        line = raw.strip().strip(";").strip()
        line = re.sub(r"^[-+•·–*]\s*", "", line).strip()
        if not line:
            continue
        if items and line[0].islower() and not items[-1].endswith((".", ";")):
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return [item.rstrip(".").strip() if item.endswith(".") else item for item in items]


def parse_code(value):
    """The national part of a code cell ("1.006388.\\n000.00.00.H02" → "1.006388"), or None."""
    compact = re.sub(r"\s+", "", str(value or ""))
    match = _CODE.fullmatch(compact.rstrip("."))
    return match.group(1) if match else None


def split_name_and_code(text):
    """Drop a "Thủ tục:" prefix and take a code written in brackets after the name."""
    code = None
    match = _CODE_IN_BRACKETS.search(text)
    if match:
        code = parse_code(match.group(1))
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
    text = _PREFIX_THU_TUC.sub("", text).strip()
    return " ".join(text.split()), code


def parse_levels(text):
    found = []
    for word in re.findall(r"cap\s+(tinh|huyen|xa)\b", fold(text)):
        level = LEVEL_WORDS[word]
        if level not in found:
            found.append(level)
    return found


def parse_modes(text):
    """Ways of submitting, in the order written; raises ValueError naming an unknown item."""
    modes = []
    for item in lines_of(text):
        folded = fold(item)
        url_match = _URL.search(item)
        url = url_match.group(0).rstrip(".") if url_match else ""
        if "buu chinh" in folded:
            kind = POSTAL
        elif "truc tuyen" in folded or "qua mang" in folded or "dich vu cong" in folded:
            kind = ONLINE_FULL if "toan trinh" in folded else ONLINE_PARTIAL
        elif "truc tiep" in folded:
            kind = DIRECT
        else:
            raise ValueError(item)
        modes.append({"kind": kind, "text": item, "url": url})
    return modes


def parse_days(text):
    """Working days when the text states one number of days ("10 ngày làm việc …"), else None."""
    match = _DAYS.search(str(text or ""))
    return int(match.group(1)) if match else None


def parse_fee_amount(text):
    """An amount in VND when the text states one ("50.000 đồng"); 0 for "Không"; else None."""
    folded = fold(text)
    if folded in {"khong", "mien phi", "khong thu phi", "khong co"}:
        return 0
    match = re.search(r"(\d{1,3}(?:[\.,]\d{3})+|\d+)\s*(?:d|dong|vnd)\b", folded)
    if not match:
        return None
    return int(re.sub(r"[\.,]", "", match.group(1)))


def parse_legal_basis(text):
    """Each line of a legal-basis cell as number, title, date and issuer.

    Raises ValueError with the line when a date in it does not exist (31/02/2020)."""
    items = []
    for line in lines_of(text):
        number_match = _DOC_NUMBER.search(line)
        date_match = _DOC_DATE.search(line)
        issuer_match = _DOC_ISSUER.search(line)
        issued = None
        if date_match:
            day, month, year = (int(part) for part in date_match.groups())
            try:
                issued = datetime.date(year, month, day)
            except ValueError:
                raise ValueError(line) from None
        items.append(
            {
                "number": number_match.group(1) if number_match else "",
                "title": line,
                "date": issued,
                "issuer": issuer_match.group(1).strip() if issuer_match else "",
            }
        )
    return items


def is_marked(value):
    return fold(clean_text(value)) in {"x", "co", "v", "✓", "✔", "1", "yes"}


def _classify_section(text):
    """What a section or title text sets: {"action": …, "level": …, "field": …}."""
    stripped = _LABEL.sub("", text, count=1).strip()
    folded = normalize_name(stripped)
    found = {}
    if folded.startswith("linh vuc"):
        name = re.sub(r"^\S+\s+\S+\s*[:\-–]?\s*", "", stripped).strip()
        bracket = re.search(r"\s*\(([^)]*)\)\s*$", name)
        if bracket and re.search(r"tthc|thu tuc|\d", fold(bracket.group(1))):
            name = name[: bracket.start()].strip()
        found["field"] = name.strip(" :.-")
        return found
    if "danh muc" in folded or folded.startswith(("thu tuc hanh chinh", "tthc", "cac tthc")):
        actions = set()
        if "bai bo" in folded:
            actions.add(ABOLISHED)
        if "thay the" in folded:
            actions.add(REPLACED)
        if "sua doi" in folded or "bo sung" in folded:
            actions.add(AMENDED)
        if "moi ban hanh" in folded or "ban hanh moi" in folded or "chuan hoa" in folded:
            actions.add(PUBLISHED)
        if len(actions) == 1:
            found["action"] = actions.pop()
        elif len(actions) > 1:
            found["mixed"] = True
    levels = parse_levels(folded)
    if len(levels) == 1 and (
        folded.startswith(("thu tuc hanh chinh cap", "tthc cap", "cap ")) or "action" in found
    ):
        found["level"] = levels[0]
    return found


def _is_other_row(text):
    folded = fold(text)
    return folded.startswith(_OTHER_ROW_PREFIXES)


@dataclass
class _Table:
    columns: dict  # key → column number
    headers: dict  # key → header text as written
    start_row: int


class AppendixParser:
    """Walks the sheets of a workbook; see the module docstring."""

    def __init__(self, sheets):
        self.sheets = sheets
        self.result = ParseResult()

    def parse(self):
        for sheet in self.sheets:
            self._parse_sheet(sheet)
        if not self.result.tables:
            self.result.errors.append(
                RowError(
                    None,
                    "",
                    "",
                    _(
                        "No header row found: none of the first %(rows)s rows of any sheet "
                        "names the columns (for example “STT”, “Mã số TTHC”, “Tên thủ tục "
                        "hành chính”)."
                    )
                    % {"rows": HEADER_SEARCH_ROWS},
                )
            )
        return self.result

    # -- one sheet ---------------------------------------------------------------------------

    def _parse_sheet(self, sheet):
        rows = sheet.row_numbers()
        width = sheet.max_column
        action = None
        level = None
        field_name = None
        table = None
        previous = None  # last procedure row's raw cells, for "Như trên"
        skip_until = 0
        for position, row_number in enumerate(rows):
            if row_number <= skip_until:
                continue
            values = sheet.row_values(row_number, width)
            texts = [v for v in values if v is not None]
            if not texts:
                continue
            if table is not None or position < HEADER_SEARCH_ROWS:
                header = self._header_at(sheet, rows, position, width)
                if header is not None:
                    table, skip_until = header
                    self.result.tables += 1
                    level = None
                    field_name = None
                    previous = None
                    continue
            if table is None:
                # Title rows before the first table: the decision, a whole-sheet action.
                for text in dict.fromkeys(t for t in texts if isinstance(t, str)):
                    self._read_title(text)
                    found = _classify_section(text)
                    if "action" in found:
                        action = found["action"]
                continue

            section = self._section(table, values)
            if section is not None:
                if "action" in section:
                    action = section["action"]
                    level = None
                    field_name = None
                if "level" in section:
                    level = section["level"]
                    field_name = None
                if "field" in section:
                    field_name = section["field"]
                continue
            number = values[table.columns["number"] - 1] if "number" in table.columns else None
            distinct = list(dict.fromkeys(clean_text(t) for t in texts))
            raw = {key: values[col - 1] for key, col in table.columns.items()}
            has_content = any(
                raw.get(key) not in (None, "") for key in ("code", "name", "replaced_code", "replaced_name")
            )
            numbered = isinstance(number, int) or (
                isinstance(number, str) and re.fullmatch(r"\d+\.?", number.strip())
            )
            if (
                not has_content
                and not numbered
                or (not numbered and len(distinct) == 1 and _is_other_row(distinct[0]))
            ):
                self.result.ignored.append(
                    RowError(row_number, "", distinct[0], _("Not a procedure row; skipped."), sheet.title)
                )
                continue
            errors_before = len(self.result.errors)
            raw = self._same_as_above(sheet, table, row_number, raw, previous)
            previous = raw
            self._procedure(sheet, table, row_number, raw, action, level, field_name, errors_before)

    def _read_title(self, text):
        if self.result.decision_number:
            return
        match = _DECISION.search(text)
        if not match:
            return
        self.result.decision_number = re.sub(r"\s+", "", match.group(1))
        if match.group(2):
            with contextlib.suppress(ValueError):
                self.result.decision_date = datetime.date(
                    int(match.group(4)), int(match.group(3)), int(match.group(2))
                )

    # -- headers -----------------------------------------------------------------------------

    def _header_at(self, sheet, rows, position, width):
        row_number = rows[position]
        values = sheet.row_values(row_number, width)
        keys = {}
        headers = {}
        for col, value in enumerate(values, start=1):
            key = header_key(value)
            if key and key not in keys:
                keys[key] = col
                headers[key] = clean_text(value)
        if "name" not in keys and "replaced_name" not in keys:
            return None
        if len(keys) < 2:
            return None
        last = row_number
        # A second header row (merged cells two rows deep, or sub-columns).
        if position + 1 < len(rows) and rows[position + 1] == row_number + 1:
            below = sheet.row_values(row_number + 1, width)
            sub = {}
            continuation = True
            for col, value in enumerate(below, start=1):
                if value is None:
                    continue
                key = header_key(value)
                if key:
                    sub[col] = (key, clean_text(value))
                elif value != values[col - 1]:
                    continuation = False
                    break
            if continuation and (sub or any(v is not None for v in below)):
                if any(v is not None and v != values[c - 1] for c, v in enumerate(below, 1)):
                    for col, (key, text) in sub.items():
                        if values[col - 1] == below[col - 1]:
                            continue
                        for old_key, old_col in list(keys.items()):
                            if old_col == col:
                                del keys[old_key]
                        keys[key] = col
                        headers[key] = text
                    last = row_number + 1
                elif all(v is None or v == values[c - 1] for c, v in enumerate(below, 1)):
                    last = row_number + 1
        # A row of column numbers (1, 2, 3 … or (1), (2) …).
        index = rows.index(last) + 1 if last in rows else position + 1
        if index < len(rows) and rows[index] == last + 1:
            numbers = [v for v in sheet.row_values(last + 1, width) if v is not None]
            if len(numbers) >= 2 and all(
                isinstance(v, int) or re.fullmatch(r"\(?\d+\)?", str(v).strip()) for v in numbers
            ):
                as_ints = [int(str(v).strip("()")) for v in numbers]
                if as_ints == sorted(as_ints) and len(set(as_ints)) == len(as_ints):
                    last += 1
        headers = {key: f"{get_column_letter(col)} ({headers[key]})" for key, col in keys.items()}
        return _Table(columns=keys, headers=headers, start_row=row_number), last

    # -- sections ----------------------------------------------------------------------------

    def _section(self, table, values):
        number_col = table.columns.get("number")
        label = values[number_col - 1] if number_col else None
        texts = []
        for col, value in enumerate(values, start=1):
            if value is None or col == number_col and value == label:
                continue
            text = clean_text(value)
            if text not in texts:
                texts.append(text)
        if isinstance(label, str) and (not texts or texts == [clean_text(label)]):
            texts = [clean_text(label)]
            label = None
        if len(texts) != 1:
            return None
        if isinstance(label, str) and not _SHORT_LABEL.match(label.strip()):
            return None
        found = _classify_section(texts[0])
        found.pop("mixed", None)
        if not found:
            return None
        if "field" in found and not found["field"]:
            return None
        return found

    # -- procedure rows ----------------------------------------------------------------------

    def _same_as_above(self, sheet, table, row_number, raw, previous):
        resolved = dict(raw)
        for key, value in raw.items():
            if isinstance(value, str) and normalize_name(value) in _SAME_AS_ABOVE:
                if previous is None or previous.get(key) in (None, ""):
                    self._error(
                        sheet,
                        row_number,
                        table.headers[key],
                        value,
                        _("“Như trên” (same as above) but there is no row above to copy."),
                    )
                    resolved[key] = None
                else:
                    resolved[key] = previous[key]
        return resolved

    def _error(self, sheet, row, column, value, message):
        self.result.errors.append(RowError(row, column, clean_text(value), message, sheet.title))

    def _procedure(self, sheet, table, row_number, raw, action, level, field_name, errors_before):
        values = {}
        code = None
        if raw.get("code") not in (None, ""):
            code = parse_code(raw["code"])
            if code is None:
                self._error(
                    sheet,
                    row_number,
                    table.headers["code"],
                    raw["code"],
                    _(
                        "Not a procedure code. A code has the national form 1.006388 "
                        "(optionally followed by the province's suffix .000.00.00.H02)."
                    ),
                )
        name = ""
        if raw.get("name") not in (None, ""):
            name, code_in_name = split_name_and_code(clean_text(raw["name"]))
            code = code or code_in_name
        if name:
            values["name"] = name
        if code:
            values["code"] = code
        if not name and not code:
            self._error(
                sheet,
                row_number,
                table.headers.get("name", ""),
                "",
                _("The row has a number but neither a procedure name nor a code."),
            )
        if raw.get("replaced_code") not in (None, ""):
            replaced_code = parse_code(raw["replaced_code"])
            if replaced_code is None:
                self._error(
                    sheet,
                    row_number,
                    table.headers["replaced_code"],
                    raw["replaced_code"],
                    _("Not a procedure code. A code has the national form 1.006388."),
                )
            else:
                values["replaced_code"] = replaced_code
        if raw.get("replaced_name") not in (None, ""):
            replaced_name, replaced_code = split_name_and_code(clean_text(raw["replaced_name"]))
            values["replaced_name"] = replaced_name
            if replaced_code and "replaced_code" not in values:
                values["replaced_code"] = replaced_code
        for key in ("processing_time", "place", "fee", "deciding_agency", "handling_agency"):
            if raw.get(key) not in (None, ""):
                values[key] = clean_text(raw[key])
        if "processing_time" in values:
            days = parse_days(values["processing_time"])
            if days is not None:
                values["processing_days"] = days
        if "fee" in values:
            amount = parse_fee_amount(values["fee"])
            if amount is not None:
                values["fee_amount"] = amount
        if raw.get("field") not in (None, ""):
            values["field"] = clean_text(raw["field"])
        elif field_name:
            values["field"] = field_name
        if raw.get("levels") not in (None, ""):
            levels = parse_levels(clean_text(raw["levels"]))
            if not levels:
                self._error(
                    sheet,
                    row_number,
                    table.headers["levels"],
                    raw["levels"],
                    _("Unknown level; write cấp tỉnh, cấp huyện or cấp xã."),
                )
            values["levels"] = levels
        elif level:
            values["levels"] = [level]
        if raw.get("modes") not in (None, ""):
            try:
                values["modes"] = parse_modes(raw["modes"])
            except ValueError as exc:
                self._error(
                    sheet,
                    row_number,
                    table.headers["modes"],
                    str(exc),
                    _(
                        "Unknown way of submitting; write Trực tiếp, Trực tuyến toàn trình, "
                        "Trực tuyến một phần or Qua dịch vụ bưu chính công ích."
                    ),
                )
        if "postal_receive" in table.columns:
            values["postal_receive"] = is_marked(raw.get("postal_receive"))
        if "postal_return" in table.columns:
            values["postal_return"] = is_marked(raw.get("postal_return"))
        if raw.get("legal_basis") not in (None, ""):
            try:
                values["legal_basis"] = parse_legal_basis(raw["legal_basis"])
            except ValueError as exc:
                self._error(
                    sheet,
                    row_number,
                    table.headers["legal_basis"],
                    str(exc),
                    _("The date in this legal document does not exist."),
                )
        if len(self.result.errors) > errors_before:
            return
        self.result.rows.append(
            AppendixRow(
                sheet=sheet.title,
                row=row_number,
                action=action,
                level=level,
                field_name=field_name,
                values=values,
                columns=dict(table.headers),
            )
        )


def parse_sheets(sheets):
    """Parse the sheets of a workbook read by :func:`procedures.importing.workbook.read_bytes`."""
    return AppendixParser(sheets).parse()


def looks_like_appendix(sheets):
    """True when some sheet has an appendix header row within its first rows."""
    for sheet in sheets:
        for row in sheet.row_numbers()[:HEADER_SEARCH_ROWS]:
            keys = {header_key(v) for v in sheet.row_values(row)} - {None}
            if ("name" in keys or "replaced_name" in keys) and len(keys) >= 2:
                return True
    return False
