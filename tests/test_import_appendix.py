"""The decision-appendix parser on the real sample and on messy synthetic workbooks."""

import datetime
from pathlib import Path

import pytest

from procedures.importing import appendix
from procedures.importing.appendix import (
    ABOLISHED,
    AMENDED,
    COMMUNE,
    DISTRICT,
    PROVINCE,
    PUBLISHED,
    REPLACED,
    header_key,
    parse_code,
    parse_legal_basis,
    parse_modes,
    parse_sheets,
    split_name_and_code,
)

from .import_helpers import HEADER, read_sheets, xlsx_bytes

SAMPLE = Path(__file__).parent / "data" / "sample_decision.xlsx"


def parse(sheets, merges=None):
    return parse_sheets(read_sheets(xlsx_bytes(sheets, merges)))


def test_sample_decision_rows():
    result = parse_sheets(read_sheets(SAMPLE.read_bytes()))
    assert result.errors == []
    assert result.decision_number == "512/QĐ-UBND"
    assert result.decision_date == datetime.date(2021, 3, 1)
    assert result.tables == 3
    summary = [(r.row, r.action, r.level, r.code) for r in result.rows]
    assert summary == [
        (9, PUBLISHED, PROVINCE, "1.999001"),
        (10, PUBLISHED, PROVINCE, "1.999002"),
        (13, PUBLISHED, DISTRICT, "1.999003"),
        (19, AMENDED, PROVINCE, "1.006388"),
        (20, AMENDED, PROVINCE, "1.005074"),
        (22, AMENDED, PROVINCE, "2.001914"),
        (27, ABOLISHED, PROVINCE, ""),
        (28, ABOLISHED, PROVINCE, ""),
    ]
    first = result.rows[0]
    assert first.name.startswith("Xét, duyệt chính sách")  # "Thủ tục:" dropped
    assert first.values["field"] == "GIÁO DỤC TRUNG HỌC"  # "(02 TTHC)" dropped
    assert [m["kind"] for m in first.values["modes"]] == ["direct", "online_partial", "postal"]
    assert first.values["modes"][1]["url"] == "https://dichvucong.baria-vungtau.gov.vn"
    assert first.values["processing_days"] == 10
    assert first.values["legal_basis"][0]["number"] == "116/2016/NĐ-CP"
    assert first.values["legal_basis"][0]["date"] == datetime.date(2016, 7, 18)
    # "Như trên" repeats the row above.
    assert result.rows[1].values["legal_basis"] == first.values["legal_basis"]
    assert result.rows[4].values["legal_basis"] == result.rows[3].values["legal_basis"]
    # Abolished rows: no code, the field and handling agency from their own columns.
    abolished = result.rows[6]
    assert abolished.values["field"] == "Giáo dục và Đào tạo"
    assert abolished.values["handling_agency"] == "Sở Giáo dục và Đào tạo"
    # An amended row has only the cells it has: no handling agency column there.
    assert "handling_agency" not in result.rows[3].values
    assert [str(note.value) for note in result.ignored] == [
        "Ghi chú: Phần chữ in nghiêng là nội dung sửa đổi, bổ sung."
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("STT", "number"),
        ("Stt", "number"),
        ("Số TT", "number"),
        ("Mã số\nTTHC", "code"),
        ("ma tthc", "code"),
        ("Mã thủ tục", "code"),
        ("MÃ SỐ", "code"),
        ("Tên thủ tục hành chính (TTHC)", "name"),
        ("Thủ tục hành chính", "name"),
        ("Tên lĩnh vực, thủ tục hành chính (Mã số TTHC)", "name"),
        ("THOI HAN GIAI QUYET", "processing_time"),
        ("Địa điểm\nthực hiện", "place"),
        ("Phí, lệ phí\n(nếu có)", "fee"),
        ("Thẩm quyền quyết định", "deciding_agency"),
        ("Cơ quan thực hiện", "handling_agency"),
        ("Tên VBQPPL quy định TTHC", "legal_basis"),
        ("Tên VBQPPL quy định nội dung sửa đổi, bổ sung", "legal_basis"),
        ("Tên VBQPPL quy định việc bãi bỏ thủ tục hành chính", "legal_basis"),
        ("Căn cứ pháp lý", "legal_basis"),
        ("Lĩnh vực", "field"),
        ("Được tiếp nhận hồ sơ", "postal_receive"),
        ("Được trả kết quả", "postal_return"),
        ("Tên thủ tục hành chính được thay thế", "replaced_name"),
        ("PHỤ LỤC", None),
        ("Nghị định số 116/2016/NĐ-CP", None),
    ],
)
def test_header_texts(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("1.006388", "1.006388"),
        ("1.006388.000.00.00.H02", "1.006388"),
        ("1.006388.\n000.00.00.H02", "1.006388"),
        (" 2.001914 ", "2.001914"),
        ("1.06388", None),
        ("abc", None),
    ],
)
def test_codes(cell, code):
    assert parse_code(cell) == code


def test_code_in_brackets_and_thu_tuc_prefix():
    name, code = split_name_and_code("Thủ tục: Cấp bản sao văn bằng (1.005092.000.00.00.H02)")
    assert (name, code) == ("Cấp bản sao văn bằng", "1.005092")
    name, code = split_name_and_code("Chuyển trường (Mã số TTHC: 1.001088)")
    assert (name, code) == ("Chuyển trường", "1.001088")
    assert split_name_and_code("Tuyển sinh (theo kế hoạch)") == ("Tuyển sinh (theo kế hoạch)", None)


def test_modes_and_unknown_mode():
    modes = parse_modes("+ Trực tiếp tại Trung tâm\n+ Trực tuyến toàn trình\n+ Qua bưu chính")
    assert [m["kind"] for m in modes] == ["direct", "online_full", "postal"]
    with pytest.raises(ValueError, match="Fax"):
        parse_modes("Fax")


def test_legal_basis_lines_and_bad_date():
    items = parse_legal_basis(
        "- Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019;\n"
        "- Thông tư số 32/2020/TT-BGDĐT ngày 15 tháng 9 năm 2020\n  của Bộ Giáo dục và Đào tạo."
    )
    assert [i["number"] for i in items] == ["43/2019/QH14", "32/2020/TT-BGDĐT"]
    assert items[1]["date"] == datetime.date(2020, 9, 15)
    assert items[1]["issuer"] == "Bộ Giáo dục và Đào tạo"
    with pytest.raises(ValueError):
        parse_legal_basis("Thông tư số 1/2020/TT-BGDĐT ngày 31/02/2020")


def test_messy_workbook_cover_sheet_two_row_header_column_numbers_any_order():
    """Cover sheet; header at row 12 two rows deep with merged cells and sub-columns for the
    postal service; a row of column numbers; columns in another order; no diacritics;
    letters/roman/numbers in section rows; footnotes and totals; multi-line cells."""
    cover = [["ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU"], ["QUYẾT ĐỊNH"], ["Về việc công bố …"]]
    rows = [["PHỤ LỤC II"], ["DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH"]] + [[]] * 9
    rows += [
        [
            "So TT",
            "Ten thu tuc hanh chinh",
            "Ma so TTHC",
            "Linh vuc",
            "Hình thức thực hiện TTHC qua dịch vụ bưu chính công ích",
            None,
            "Co quan\nthuc hien",
        ],
        [None, None, None, None, "Được tiếp nhận hồ sơ", "Được trả kết quả", None],
        [1, 2, 3, 4, 5, 6, 7],
        ["C", "THỦ TỤC HÀNH CHÍNH CẤP XÃ"],
        [
            1,
            "Thủ tục: Thành lập nhóm trẻ,\nlớp mẫu giáo độc lập",
            "1.012345.000.\n00.00.H02",
            "Giáo dục - Đào tạo",
            "x",
            None,
            "UBND cấp xã",
        ],
        [2, "Giải thể nhóm trẻ (2.000111)", None, "Giáo dục mầm non", "X", "x", "UBND cấp xã"],
        [None],
        ["Tổng cộng: 02 thủ tục"],
        ["(*) Thủ tục thực hiện liên thông"],
    ]
    merges = ["A12:A13", "B12:B13", "C12:C13", "D12:D13", "E12:F12", "G12:G13", "B15:G15"]
    result = parse({"Bìa": cover, "PL2": rows}, {"PL2": merges})
    assert result.errors == []
    assert result.tables == 1
    first, second = result.rows
    assert (first.row, first.action, first.level, first.code) == (16, PUBLISHED, COMMUNE, "1.012345")
    assert first.name == "Thành lập nhóm trẻ, lớp mẫu giáo độc lập"
    assert first.values["field"] == "Giáo dục - Đào tạo"
    assert first.values["postal_receive"] is True
    assert first.values["postal_return"] is False
    assert second.code == "2.000111"
    assert second.name == "Giải thể nhóm trẻ"
    assert second.values["postal_return"] is True
    assert len(result.ignored) == 2


def test_several_tables_per_sheet_and_sections():
    rows = [
        ["1. Danh mục thủ tục hành chính mới ban hành"],
        HEADER,
        ["A", "THỦ TỤC HÀNH CHÍNH CẤP TỈNH"],
        ["I", "Lĩnh vực Văn bằng, chứng chỉ"],
        [1, "1.000001", "Thủ tục một"],
        ["II", "LĨNH VỰC: THI, TUYỂN SINH (01 TTHC)"],
        [2, "1.000002", "Thủ tục hai"],
        ["B | THỦ TỤC HÀNH CHÍNH CẤP HUYỆN"],
        [1, "1.000003", "Thủ tục ba"],
        [],
        ["2. Danh mục thủ tục hành chính được thay thế"],
        ["STT", "Mã số TTHC", "Tên thủ tục hành chính thay thế", "Tên thủ tục hành chính được thay thế"],
        [1, "1.000004", "Thủ tục mới", "Thủ tục cũ (1.000005)"],
        ["3. Danh mục thủ tục hành chính được sửa đổi, bổ sung"],
        HEADER,
        [1, "1.000006", "Thủ tục sáu", None, "05 ngày làm việc"],
    ]
    result = parse({"Phụ lục": rows}, {"Phụ lục": ["B3:H3", "B4:H4"]})
    assert result.errors == []
    assert result.tables == 3
    got = [(r.code, r.action, r.level, r.field_name) for r in result.rows]
    assert got == [
        ("1.000001", PUBLISHED, PROVINCE, "Văn bằng, chứng chỉ"),
        ("1.000002", PUBLISHED, PROVINCE, "THI, TUYỂN SINH"),
        ("1.000003", PUBLISHED, DISTRICT, None),
        ("1.000004", REPLACED, None, None),
        ("1.000006", AMENDED, None, None),
    ]
    replaced = result.rows[3]
    assert replaced.values["replaced_code"] == "1.000005"
    assert replaced.values["replaced_name"] == "Thủ tục cũ"
    amended = result.rows[4]
    assert set(amended.values) == {"code", "name", "processing_time", "processing_days"}


def test_whole_sheet_titled_abolished_and_several_sheets():
    pl1 = [["DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH"], HEADER, [1, "1.000001", "Một"]]
    pl2 = [
        ["DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ"],
        ["(Kèm theo Quyết định số 99/QĐ-UBND ngày 5/1/2024)"],
        ["STT", "Tên thủ tục hành chính", "Lĩnh vực"],
        [1, "Hai", "Giáo dục trung học"],
    ]
    result = parse({"PL1": pl1, "PL2": pl2})
    assert [(r.sheet, r.action) for r in result.rows] == [("PL1", PUBLISHED), ("PL2", ABOLISHED)]
    assert result.decision_number == "99/QĐ-UBND"
    assert result.decision_date == datetime.date(2024, 1, 5)


def test_nhu_tren_without_row_above_is_an_error():
    result = parse({"S": [HEADER, [1, "1.000001", "Một", None, None, None, "Như trên"]]})
    assert result.rows == []
    (error,) = result.errors
    assert error.row == 2
    assert "G (Thẩm quyền quyết định)" in error.column
    assert error.value == "Như trên"


def test_bad_cells_name_row_column_and_value():
    result = parse(
        {
            "S": [
                HEADER,
                [1, "1.23", "Một"],
                [2, "1.000002", "Hai", "Bằng bồ câu"],
                [3, "1.000003", "Ba", None, None, None, None, "Thông tư 1/2020/TT-X ngày 30/2/2020"],
                [4, None, None, "Trực tiếp"],
            ]
        }
    )
    assert result.rows == []
    assert [(e.row, e.column.split(" ")[0], e.value) for e in result.errors] == [
        (2, "B", "1.23"),
        (3, "D", "Bằng bồ câu"),
        (4, "H", "Thông tư 1/2020/TT-X ngày 30/2/2020"),
        (5, "C", ""),
    ]


def test_no_header_found():
    result = parse({"S": [["Danh sách"], ["a", "b"], [1, 2]]})
    assert result.rows == []
    assert len(result.errors) == 1
    assert result.errors[0].row is None


def test_header_beyond_first_20_rows_is_not_taken():
    rows = [["x"]] * 25 + [HEADER, [1, "1.000001", "Một"]]
    assert parse({"S": rows}).tables == 0


def test_looks_like_appendix():
    assert appendix.looks_like_appendix(read_sheets(SAMPLE.read_bytes()))
    assert not appendix.looks_like_appendix(read_sheets(xlsx_bytes({"S": [["a", "b"]]})))
