"""The flat workbook: what export writes and import reads back.

One sheet per record kind, the first row a header of stable Vietnamese column names. The names
and the words used for choices (levels, status, ways of submitting, yes/no) are part of the
format: they are not translated, so a file exported from the English admin reads back the same.
A procedure is keyed by its code, or by its page id when it has none.
"""

import csv
import datetime
import decimal
import io
import re

from django.utils.translation import gettext as _

from ..text import normalize_name
from .errors import RowError

SHEET_PROCEDURES = "Thủ tục"
SHEET_STEPS = "Trình tự thực hiện"
SHEET_MODES = "Cách thức thực hiện"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_LEGAL = "Căn cứ pháp lý"

KEY_ID = "ID trang"
KEY_CODE = "Mã thủ tục"
KEY_ORDER = "Thứ tự"

# (record key, header, kind). Kinds: text, int, decimal, bool, levels, status, online, html.
PROCEDURE_COLUMNS = [
    ("page_id", KEY_ID, "int"),
    ("code", KEY_CODE, "text"),
    ("title", "Tên thủ tục", "text"),
    ("field", "Lĩnh vực", "text"),
    ("levels", "Cấp thực hiện", "levels"),
    ("status", "Tình trạng", "status"),
    ("replaced_by", "Được thay thế bởi", "text"),
    ("procedure_type", "Loại thủ tục", "text"),
    ("processing_time", "Thời hạn giải quyết", "text"),
    ("processing_days", "Số ngày làm việc", "decimal"),
    ("fee", "Phí, lệ phí", "text"),
    ("fee_amount", "Phí, lệ phí (đồng)", "int"),
    ("dossier_sets", "Số bộ hồ sơ", "int"),
    ("applicants", "Đối tượng thực hiện", "text"),
    ("handling_agency", "Cơ quan thực hiện", "text"),
    ("deciding_agency", "Cơ quan có thẩm quyền quyết định", "text"),
    ("receiving_address", "Địa chỉ tiếp nhận hồ sơ", "text"),
    ("result", "Kết quả thực hiện", "text"),
    ("conditions", "Yêu cầu, điều kiện", "text"),
    ("is_interlinked", "Liên thông", "bool"),
    ("interlinked_agencies", "Cơ quan phối hợp liên thông", "list"),
    ("online_service_level", "Dịch vụ công trực tuyến", "online"),
    ("online_service_url", "Đường dẫn dịch vụ công", "text"),
    ("postal_receipt", "Tiếp nhận hồ sơ qua bưu chính", "bool"),
    ("postal_return", "Trả kết quả qua bưu chính", "bool"),
    ("description", "Mô tả (HTML)", "text"),
]
STEP_COLUMNS = [("title", "Tiêu đề bước", "text"), ("text", "Nội dung", "text")]
MODE_COLUMNS = [
    ("mode", "Hình thức nộp", "mode"),
    ("processing_time", "Thời hạn giải quyết", "text"),
    ("processing_days", "Số ngày làm việc", "decimal"),
    ("fee", "Phí, lệ phí", "text"),
    ("fee_amount", "Phí, lệ phí (đồng)", "int"),
    ("description", "Chi tiết", "text"),
]
DOCUMENT_COLUMNS = [
    ("name", "Tên giấy tờ", "text"),
    ("originals", "Số bản chính", "int"),
    ("copies", "Số bản sao", "int"),
    ("form", "Mẫu đơn, tờ khai (ID tài liệu)", "int"),
]
LEGAL_COLUMNS = [
    ("number", "Số ký hiệu", "text"),
    ("title", "Trích yếu", "text"),
    ("date_issued", "Ngày ban hành", "date"),
    ("issuer", "Cơ quan ban hành", "text"),
]
# Child sheets: sheet name → (record key on the procedure, columns).
CHILD_SHEETS = {
    SHEET_STEPS: ("steps", STEP_COLUMNS),
    SHEET_MODES: ("submission_modes", MODE_COLUMNS),
    SHEET_DOCUMENTS: ("required_documents", DOCUMENT_COLUMNS),
    SHEET_LEGAL: ("legal_basis", LEGAL_COLUMNS),
}

LEVEL_WORDS = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
STATUS_WORDS = {
    "in_force": "Đang có hiệu lực",
    "amended": "Đã sửa đổi, bổ sung",
    "replaced": "Đã bị thay thế",
    "abolished": "Đã bãi bỏ",
}
ONLINE_WORDS = {"full": "Toàn trình", "partial": "Một phần", "": ""}
MODE_WORDS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính công ích"}
YES, NO = "Có", "Không"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _reverse(words):
    table = {}
    for key, word in words.items():
        table[normalize_name(word)] = key
        table[normalize_name(key)] = key
    return table


_LEVELS = {**_reverse(LEVEL_WORDS), "cap tinh": "province", "cap huyen": "district", "cap xa": "commune"}
_STATUS = _reverse(STATUS_WORDS)
_ONLINE = {**_reverse(ONLINE_WORDS), "khong": "", "toan trinh": "full", "mot phan": "partial"}
_MODES = {
    **_reverse(MODE_WORDS),
    "truc tiep": "in_person",
    "truc tuyen": "online",
    "buu chinh": "postal",
    "qua dich vu buu chinh cong ich": "postal",
}
_TRUE = {"co", "x", "1", "true", "yes", "dung"}
_FALSE = {"", "khong", "0", "false", "no", "sai"}


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe-free quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


# -- writing ---------------------------------------------------------------------------------


def format_cell(kind, value):
    """A record value as the cell the format writes."""
    if value is None:
        return ""
    if kind == "bool":
        return YES if value else NO
    if kind == "levels":
        return "; ".join(LEVEL_WORDS[level] for level in value)
    if kind == "list":
        return "; ".join(value)
    if kind == "status":
        return STATUS_WORDS.get(value, value)
    if kind == "online":
        return ONLINE_WORDS.get(value, value)
    if kind == "mode":
        return MODE_WORDS.get(value, value)
    if kind == "decimal":
        value = decimal.Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    return escape_formula(value)


def sheet_rows(records):
    """The rows of each sheet for ``records`` (dicts from ``service.record_of``), headers first.

    Built by the django-import-export resources of :mod:`procedures.importing.resources`."""
    from .resources import datasets

    return {
        sheet: [list(dataset.headers), *map(list, dataset)] for sheet, dataset in datasets(records).items()
    }


def write_xlsx(records, output):
    """Write the flat workbook of ``records`` to the binary file ``output``."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheet_rows(records).items():
        ws = book.create_sheet(title)
        ws.freeze_panes = "A2"
        for index, row in enumerate(rows):
            if index == 0:
                cells = []
                for value in row:
                    cell = openpyxl.cell.WriteOnlyCell(ws, value=value)
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    cells.append(cell)
                ws.append(cells)
            else:
                ws.append([_xlsx_value(value) for value in row])
    book.save(output)


def _xlsx_value(value):
    # openpyxl writes a str starting with "=" as a formula; escaped values start with "'".
    return value


def write_csv(records, output):
    """Write the procedures sheet as CSV (UTF-8 with BOM, so Excel shows Vietnamese)."""
    text = io.StringIO()
    writer = csv.writer(text)
    for row in sheet_rows(records)[SHEET_PROCEDURES]:
        writer.writerow(row)
    output.write(("\ufeff" + text.getvalue()).encode("utf-8"))


# -- reading ---------------------------------------------------------------------------------


def is_flat(sheets):
    """True when the workbook is a flat export (its procedures header is on row 1)."""
    for sheet in sheets:
        headers = {normalize_name(v) for v in sheet.row_values(1) if isinstance(v, str)}
        if normalize_name(KEY_CODE) in headers and normalize_name("Tên thủ tục") in headers:
            return True
    return False


class FlatReader:
    """Flat sheets → incoming records: ``{"row", "sheet", "values", "columns"}``."""

    def __init__(self, sheets):
        self.sheets = sheets
        self.errors = []

    def _error(self, sheet, row, column, value, message):
        self.errors.append(RowError(row, column, "" if value is None else str(value), message, sheet))

    def read(self):
        by_title = {normalize_name(sheet.title): sheet for sheet in self.sheets}
        procedures_sheet = by_title.get(normalize_name(SHEET_PROCEDURES))
        if procedures_sheet is None:
            procedures_sheet = next(s for s in self.sheets if is_flat([s]))
        records = self._read_sheet(procedures_sheet, PROCEDURE_COLUMNS, keyed=False)
        for record in records:
            record["children"] = {}
        index = self._index(records)
        for title, (record_key, columns) in CHILD_SHEETS.items():
            sheet = by_title.get(normalize_name(title))
            if sheet is None:
                continue
            for record in records:
                record["children"][record_key] = []
            for item in self._read_sheet(sheet, columns, keyed=True):
                owner = self._owner(index, item)
                if owner is None:
                    self._error(
                        sheet.title,
                        item["row"],
                        KEY_CODE if item["values"].get("code") else KEY_ID,
                        item["values"].get("code") or item["values"].get("page_id"),
                        _("No procedure with this code or page id in the sheet “%(sheet)s”.")
                        % {"sheet": SHEET_PROCEDURES},
                    )
                    continue
                owner["children"][record_key].append(item)
        for record in records:
            for record_key, items in record["children"].items():
                items.sort(key=lambda item: (item["values"].get("order") or 0, item["row"]))
                record["values"][record_key] = [
                    {k: v for k, v in item["values"].items() if k not in ("page_id", "code", "order")}
                    for item in items
                ]
            del record["children"]
        return records

    def _index(self, records):
        index = {}
        for record in records:
            values = record["values"]
            if values.get("code"):
                index[("code", values["code"])] = record
            if values.get("page_id"):
                index[("id", values["page_id"])] = record
        return index

    def _owner(self, index, item):
        values = item["values"]
        if values.get("code") and ("code", values["code"]) in index:
            return index[("code", values["code"])]
        if values.get("page_id") and ("id", values["page_id"]) in index:
            return index[("id", values["page_id"])]
        return None

    def _read_sheet(self, sheet, columns, keyed):
        if keyed:
            columns = [
                ("page_id", KEY_ID, "int"),
                ("code", KEY_CODE, "text"),
                ("order", KEY_ORDER, "int"),
                *columns,
            ]
        wanted = {normalize_name(header): (key, header, kind) for key, header, kind in columns}
        header_row = sheet.row_values(1)
        positions = {}
        for col, text in enumerate(header_row, start=1):
            spec = wanted.get(normalize_name(text)) if isinstance(text, str) else None
            if spec and spec[0] not in positions:
                positions[spec[0]] = (col, spec)
        records = []
        for row in sheet.row_numbers():
            if row == 1:
                continue
            values = {}
            present = {}
            for key, (col, (_key, header, kind)) in positions.items():
                raw = sheet.cells.get((row, col))
                present[key] = f"{_column_letter(col)} ({header})"
                try:
                    values[key] = parse_cell(kind, raw)
                except ValueError as exc:
                    self._error(sheet.title, row, present[key], raw, str(exc))
            if not any(v not in (None, "", [], False) for v in values.values()):
                continue
            records.append({"row": row, "sheet": sheet.title, "values": values, "columns": present})
        return records


def _column_letter(col):
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def parse_cell(kind, raw):
    """A cell of the format as a record value; ValueError with a Vietnamese message if malformed."""
    if isinstance(raw, str):
        raw = unescape_formula(raw.strip())
    if kind == "text":
        if raw is None:
            return ""
        if isinstance(raw, datetime.date):
            return raw.strftime("%d/%m/%Y")
        return str(raw)
    if raw in (None, ""):
        return {"bool": False, "levels": [], "list": [], "online": "", "status": None}.get(kind)
    if kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        text = re.sub(r"[\s\.,](?=\d{3}\b)", "", str(raw).strip())
        if not re.fullmatch(r"\d+", text):
            raise ValueError(_("Not a whole number."))
        return int(text)
    if kind == "decimal":
        try:
            value = decimal.Decimal(str(raw).strip().replace(",", "."))
        except decimal.InvalidOperation:
            raise ValueError(_("Not a number.")) from None
        if not value.is_finite():
            raise ValueError(_("Not a number."))
        return value
    if kind == "date":
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        match = re.fullmatch(r"(\d{1,2})[/\.-](\d{1,2})[/\.-](\d{4})", str(raw).strip())
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(raw).strip())
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return datetime.date(year, month, day)
            if iso:
                year, month, day = (int(part) for part in iso.groups())
                return datetime.date(year, month, day)
        except ValueError:
            pass
        raise ValueError(_("Not a date; write it as dd/mm/yyyy, e.g. 18/07/2016."))
    folded = normalize_name(str(raw))
    if kind == "bool":
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise ValueError(_("Write Có or Không."))
    if kind == "list":
        return [part.strip() for part in str(raw).replace("\n", ";").split(";") if part.strip()]
    if kind == "levels":
        levels = []
        for part in re.split(r"[;,\n]", str(raw)):
            if not part.strip():
                continue
            level = _LEVELS.get(normalize_name(part))
            if level is None:
                raise ValueError(_("Unknown level; write tỉnh, huyện or xã."))
            if level not in levels:
                levels.append(level)
        order = list(LEVEL_WORDS)
        return sorted(levels, key=order.index)
    if kind == "status":
        if folded not in _STATUS:
            raise ValueError(
                _("Unknown status; write one of: %(words)s.") % {"words": ", ".join(STATUS_WORDS.values())}
            )
        return _STATUS[folded]
    if kind == "online":
        if folded not in _ONLINE:
            raise ValueError(_("Write Toàn trình, Một phần or leave it empty."))
        return _ONLINE[folded]
    if kind == "mode":
        if folded not in _MODES:
            raise ValueError(
                _("Unknown way of submitting; write one of: %(words)s.")
                % {"words": ", ".join(MODE_WORDS.values())}
            )
        return _MODES[folded]
    raise AssertionError(kind)
