"""Read an uploaded spreadsheet safely into plain sheets.

Every check happens before the file is trusted: size, type (by content, not by name),
password protection, zip bombs (uncompressed size and cell count), formulas (the value Excel
cached is taken; a formula without one is rejected; nothing is ever evaluated). The result is
a list of :class:`Sheet` — cell values by row and column, merged cells already filled — that the
parsers read without knowing whether the file was xlsx or csv.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

from .errors import ImportFileError, RowError

#: Default limits; override with the settings of the same name (see README).
DEFAULT_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DEFAULT_MAX_CELLS = 300_000
DEFAULT_MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
XLSX_FORMAT = "xlsx"
CSV_FORMAT = "csv"


def max_upload_size():
    return getattr(settings, "PROCEDURES_IMPORT_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)


def max_cells():
    return getattr(settings, "PROCEDURES_IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS)


def max_uncompressed_size():
    return getattr(settings, "PROCEDURES_IMPORT_MAX_UNCOMPRESSED_SIZE", DEFAULT_MAX_UNCOMPRESSED_SIZE)


@dataclass
class Sheet:
    """One sheet: ``cells[(row, column)]`` holds non-empty values (1-based, as in Excel)."""

    title: str
    cells: dict = field(default_factory=dict)
    merged: list = field(default_factory=list)  # (min_row, min_col, max_row, max_col)

    @property
    def max_column(self):
        return max((col for _row, col in self.cells), default=0)

    def row_numbers(self):
        """The numbers of the rows that hold a value, in order (blank rows are skipped)."""
        return sorted({row for row, _col in self.cells})

    def row_values(self, row, width=None):
        width = width or self.max_column
        return [self.cells.get((row, col)) for col in range(1, width + 1)]


@dataclass
class Workbook:
    format: str
    sheets: list


def check_upload_size(size):
    if size > max_upload_size():
        raise ImportFileError(
            _("The file is %(size)s MB, larger than the limit of %(limit)s MB.")
            % {"size": _megabytes(size), "limit": _megabytes(max_upload_size())}
        )


def read_bytes(data, filename=""):
    """Check and read an uploaded file; raise :class:`ImportFileError` with a Vietnamese message."""
    check_upload_size(len(data))
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(OLE2_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise ImportFileError(
                _(
                    "The workbook is protected by a password. Remove the password in Excel "
                    "(File → Info → Protect Workbook) and upload it again."
                )
            )
        raise ImportFileError(
            _("This is an old Excel 97–2003 (.xls) file. Save it as .xlsx and upload it again.")
        )
    if data.startswith(ZIP_MAGIC):
        return Workbook(XLSX_FORMAT, _read_xlsx(data))
    return Workbook(CSV_FORMAT, [_read_csv(data, filename)])


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _not_a_spreadsheet():
    return ImportFileError(
        _("The file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.")
    )


def _corrupt(detail=""):
    message = _("The Excel file is damaged and cannot be read.")
    if detail:
        message += " " + _("Detail: %(detail)s") % {"detail": detail}
    return ImportFileError(message)


def _read_xlsx(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise _corrupt() from None
    if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
        raise _not_a_spreadsheet()
    if sum(info.file_size for info in infos) > max_uncompressed_size():
        raise _too_many_cells()
    bad = archive.testzip() if len(data) < 2 * 1024 * 1024 else None
    if bad:
        raise _corrupt(bad)

    import openpyxl

    # First pass, streaming through each sheet's XML: count the cells and the merged area
    # (zip bombs) and find formulas, without building the sheet in memory.
    formula_cells = _scan_xlsx(data)

    # Second pass: the values Excel cached, with merged cells.
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise _corrupt(type(exc).__name__) from None
    sheets = []
    errors = []
    for ws in book.worksheets:
        sheet = Sheet(title=ws.title)
        for (row, col), cell in ws._cells.items():
            value = cell.value
            if (ws.title, row, col) in formula_cells:
                if value is None or cell.data_type == "e":
                    errors.append(
                        RowError(
                            row,
                            cell.coordinate,
                            formula_cells[(ws.title, row, col)],
                            _(
                                "The cell holds a formula without a computed value. Open the "
                                "file in Excel, save it (so the values are stored), or replace "
                                "the formula by its value."
                            ),
                            sheet=ws.title,
                        )
                    )
                    continue
            elif cell.data_type == "e":
                value = None
            value = clean_value(value)
            if value is not None:
                sheet.cells[(row, col)] = value
        sheet.merged = [
            (rng.min_row, rng.min_col, rng.max_row, rng.max_col) for rng in ws.merged_cells.ranges
        ]
        fill_merged(sheet)
        sheets.append(sheet)
    if errors:
        raise FormulaError(errors)
    return sheets


def _scan_xlsx(data):
    """Return ``{(sheet, row, column): formula}``; raise on too many cells or a broken file."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    formula_cells = {}
    limit = max_cells()
    count = 0
    try:
        streaming = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise _corrupt(type(exc).__name__) from None
    try:
        for ws in streaming.worksheets:
            if not hasattr(ws, "_get_source"):
                continue
            with ws._get_source() as source:
                parser = WorkSheetParser(source, streaming.shared_strings, data_only=False)
                for _row_number, cells in parser.parse():
                    for cell in cells:
                        if cell["value"] is None:
                            continue
                        count += 1
                        if count > limit:
                            raise _too_many_cells()
                        if cell["data_type"] == "f":
                            key = (ws.title, cell["row"], cell["column"])
                            formula_cells[key] = str(cell["value"])
                merged = parser.merged_cells.mergeCell if parser.merged_cells else []
                for merge in merged:
                    min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
                    count += (max_row - min_row + 1) * (max_col - min_col + 1)
                    if count > limit:
                        raise _too_many_cells()
    except ImportFileError:
        raise
    except Exception as exc:
        raise _corrupt(type(exc).__name__) from None
    finally:
        streaming.close()
    return formula_cells


class FormulaError(ImportFileError):
    """Formulas that Excel never computed: one :class:`RowError` per cell."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors[:5]))


def _too_many_cells():
    return ImportFileError(
        _(
            "The workbook expands to more than %(limit)s cells, more than any decision "
            "appendix holds. Remove empty or unrelated sheets and upload it again."
        )
        % {"limit": f"{max_cells():,}".replace(",", ".")}
    )


def clean_value(value):
    """Strings trimmed (empty → None); whole floats → int; dates kept as dates."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").strip()
        return value or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0, 0):
        return value.date()
    return value


def fill_merged(sheet):
    """Give every cell of a merged range the value of its top-left cell."""
    for min_row, min_col, max_row, max_col in sheet.merged:
        value = sheet.cells.get((min_row, min_col))
        if value is None:
            continue
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                sheet.cells[(row, col)] = value


def _read_csv(data, filename=""):
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_a_spreadsheet()
    text = None
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or not _looks_like_text(text):
        raise _not_a_spreadsheet()
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    limit = max_cells()
    sheet = Sheet(title=filename.rsplit("/", 1)[-1] or "CSV")
    count = 0
    try:
        for row_number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            for col_number, value in enumerate(row, start=1):
                value = clean_value(value)
                if value is None:
                    continue
                count += 1
                if count > limit:
                    raise _too_many_cells()
                sheet.cells[(row_number, col_number)] = value
    except csv.Error:
        raise _not_a_spreadsheet() from None
    if not sheet.cells:
        raise ImportFileError(_("The file is empty."))
    return sheet


def _looks_like_text(text):
    sample = text[:4096]
    if not sample.strip():
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control / len(sample) < 0.01
