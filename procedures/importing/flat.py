"""The flat workbook: what export writes and import reads back.

One sheet per record kind, the first row a header of stable Vietnamese column names. The names
and the words used for choices (levels, status, ways of submitting, yes/no) are part of the
format: they are not translated, so a file exported from the English admin reads back the same.
A procedure is keyed by its code, or by its page id when it has none.
"""

import csv
import io

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
KEY_TITLE = "Tên thủ tục"
KEY_ORDER = "Thứ tự"
KEY_RELATED = "Thủ tục liên quan"
#: Between the items of a list cell (levels, agencies, related procedures).
LIST_SEPARATOR = "; "

# The columns of each sheet, their headers and how a cell becomes a value and back, are defined
# once, by the django-import-export resources in :mod:`procedures.importing.resources`.

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
                ws.append(row)  # escaped text starts with ', so openpyxl writes no formula
    book.save(output)


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
        if normalize_name(KEY_CODE) in headers and normalize_name(KEY_TITLE) in headers:
            return True
    return False


class FlatReader:
    """Flat sheets → incoming records ``{"row", "sheet", "values", "columns", "invalid"}``, each
    sheet cleaned cell by cell by its resource; a procedure's child rows become its lists."""

    def __init__(self, sheets, names=None):
        self.sheets = sheets
        self.names = names  # resources.NameIndex: fields and agencies by any of their names
        self.errors = []

    def read(self):
        from .resources import CHILD_RESOURCES, ProcedureResource

        by_title = {normalize_name(sheet.title): sheet for sheet in self.sheets}
        procedures_sheet = by_title.get(normalize_name(SHEET_PROCEDURES))
        if procedures_sheet is None:
            procedures_sheet = next(s for s in self.sheets if is_flat([s]))
        records = self._read(ProcedureResource, procedures_sheet)
        for record in records:
            record["children"] = {}
        index = self._index(records)
        for title, resource_class in CHILD_RESOURCES.items():
            sheet = by_title.get(normalize_name(title))
            if sheet is None:
                continue
            record_key = resource_class.child_key
            for record in records:
                record["children"][record_key] = []
            for item in self._read(resource_class, sheet):
                owner = self._owner(index, item)
                if owner is None:
                    self.errors.append(
                        RowError(
                            item["row"],
                            KEY_CODE if item["values"].get("code") else KEY_ID,
                            str(item["values"].get("code") or item["values"].get("page_id") or ""),
                            _("No procedure with this code or page id in the sheet “%(sheet)s”.")
                            % {"sheet": SHEET_PROCEDURES},
                            sheet.title,
                        )
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

    def _read(self, resource_class, sheet):
        records, errors = resource_class().read(sheet, names=self.names)
        self.errors.extend(errors)
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
