"""The file-safety layer: what is refused before any row is read, and why (in Vietnamese)."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from procedures.importing.errors import ImportFileError
from procedures.importing.workbook import FormulaError, read_bytes

from .import_helpers import xlsx_bytes

DATA = Path(__file__).parent / "data"


def test_sample_reads_with_merged_cells_filled():
    book = read_bytes((DATA / "sample_decision.xlsx").read_bytes())
    assert book.format == "xlsx"
    sheet = book.sheets[0]
    assert sheet.cells[(7, 2)] == sheet.cells[(7, 8)] == "THỦ TỤC HÀNH CHÍNH CẤP TỈNH"
    assert sheet.cells[(9, 1)] == 1  # whole floats become ints


def test_not_a_spreadsheet():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(ImportFileError, match="không phải bảng tính"):
        read_bytes(png)


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ImportFileError, match="không phải bảng tính"):
        read_bytes(buffer.getvalue())


def test_corrupt_xlsx():
    data = xlsx_bytes({"S": [["STT", "Tên thủ tục hành chính"]]})
    with pytest.raises(ImportFileError, match="bị hỏng"):
        read_bytes(data[: len(data) // 2])
    damaged = bytearray(data)
    damaged[200:260] = b"\x00" * 60
    with pytest.raises(ImportFileError, match="bị hỏng"):
        read_bytes(bytes(damaged))


def test_password_protected_xlsx():
    # Encrypted with msoffcrypto-tool (password "matkhau"); see tests/data/SOURCE.md.
    with pytest.raises(ImportFileError, match="mật khẩu"):
        read_bytes((DATA / "password_protected.xlsx").read_bytes())


def test_old_xls():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ImportFileError, match=r"\.xls"):
        read_bytes(ole2)


def test_size_limit_is_a_setting(settings):
    settings.PROCEDURES_IMPORT_MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ImportFileError, match="lớn hơn giới hạn"):
        read_bytes(b"a,b\n" * 1000)


def test_default_size_limit_is_10_mb():
    with pytest.raises(ImportFileError, match="10 MB"):
        read_bytes(b"a" * (10 * 1024 * 1024 + 1))


def test_cell_count_limit_stops_zip_bombs(settings):
    settings.PROCEDURES_IMPORT_MAX_CELLS = 1000
    rows = [["x"] * 20 for _ in range(100)]  # 2,000 cells that compress to almost nothing
    data = xlsx_bytes({"S": rows})
    assert len(data) < 20_000
    with pytest.raises(ImportFileError, match="1.000"):
        read_bytes(data)


def test_huge_merged_range_is_refused(settings):
    settings.PROCEDURES_IMPORT_MAX_CELLS = 10_000
    data = xlsx_bytes({"S": [["a"]]}, merges={"S": ["A1:Z10000"]})
    with pytest.raises(ImportFileError, match="10.000"):
        read_bytes(data)


def test_uncompressed_size_limit(settings):
    settings.PROCEDURES_IMPORT_MAX_UNCOMPRESSED_SIZE = 2000
    data = xlsx_bytes({"S": [["x" * 50] for _ in range(100)]})
    with pytest.raises(ImportFileError):
        read_bytes(data)


def _formula_workbook(cached):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "S"
    ws.append(["STT", "Tên thủ tục hành chính"])
    ws.append([1, '=CONCAT("Thủ ","tục")'])
    buffer = io.BytesIO()
    book.save(buffer)
    if cached is None:
        return buffer.getvalue()
    # Write the cached value Excel would have stored beside the formula.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b'<c r="B2"><f>',
                    b'<c r="B2" t="str"><f>',
                ).replace(b"</f><v></v></c>", f"</f><v>{cached}</v></c>".encode())
                content = content.replace(b"</f><v /></c>", f"</f><v>{cached}</v></c>".encode())
                if f"<v>{cached}</v>".encode() not in content:
                    content = content.replace(b"</f></c>", f"</f><v>{cached}</v></c>".encode())
            target.writestr(item, content)
    return out.getvalue()


def test_formula_without_cached_value_is_rejected():
    with pytest.raises(FormulaError) as info:
        read_bytes(_formula_workbook(None))
    (error,) = info.value.errors
    assert (error.row, error.column, error.sheet) == (2, "B2", "S")
    assert error.value.startswith("=CONCAT")
    assert "công thức" in str(error)


def test_formula_cached_value_is_taken_never_evaluated():
    book = read_bytes(_formula_workbook("Giá trị đã lưu"))
    assert book.sheets[0].cells[(2, 2)] == "Giá trị đã lưu"


def test_csv_in_utf8_and_windows_1258_with_semicolons():
    book = read_bytes("STT;Tên thủ tục hành chính\n1;Cấp bản sao\n".encode(), "a.csv")
    assert book.format == "csv"
    assert book.sheets[0].cells[(2, 2)] == "Cấp bản sao"
    book = read_bytes("STT,Ten\n1,Viet Nam\n".encode("cp1258"))
    assert book.sheets[0].cells[(2, 2)] == "Viet Nam"


def test_empty_file():
    with pytest.raises(ImportFileError, match="trống"):
        read_bytes(b"")
