"""The flat workbook format: cell values both ways, formula escaping, the export resources."""

import datetime
import decimal

import pytest

from procedures.importing import flat
from procedures.importing.resources import ProcedureResource, datasets


@pytest.mark.parametrize(
    ("kind", "cell", "value"),
    [
        ("int", "50.000", 50000),
        ("int", 3, 3),
        ("decimal", "2,5", decimal.Decimal("2.5")),
        ("date", "18/7/2016", datetime.date(2016, 7, 18)),
        ("date", datetime.datetime(2016, 7, 18), datetime.date(2016, 7, 18)),
        ("bool", "Có", True),
        ("bool", "x", True),
        ("bool", None, False),
        ("levels", "xã; Tỉnh", ["province", "commune"]),
        ("status", "Đã bãi bỏ", "abolished"),
        ("status", "abolished", "abolished"),
        ("online", "Toàn trình", "full"),
        ("mode", "Bưu chính công ích", "postal"),
        ("text", "'=1+1", "=1+1"),
        ("text", None, ""),
    ],
)
def test_parse_cell(kind, cell, value):
    assert flat.parse_cell(kind, cell) == value


@pytest.mark.parametrize(
    ("kind", "cell"),
    [
        ("int", "mười"),
        ("int", "-5"),
        ("decimal", "abc"),
        ("date", "31/02/2020"),
        ("bool", "có lẽ"),
        ("levels", "thôn"),
    ],
)
def test_parse_cell_refuses_malformed_values(kind, cell):
    with pytest.raises(ValueError):
        flat.parse_cell(kind, cell)


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2", "@cmd", "\t=x"])
def test_formula_escaping_round_trip(text):
    escaped = flat.format_cell("text", text)
    assert escaped.startswith("'")
    assert flat.parse_cell("text", escaped) == text


def test_resources_write_the_stable_headers():
    record = {
        "page_id": 7,
        "code": "",
        "title": "Thủ tục",
        "levels": ["district"],
        "status": "replaced",
        "is_interlinked": True,
        "required_documents": [{"name": "Đơn", "originals": 1, "copies": None, "form": None}],
    }
    dataset = ProcedureResource().export([record])
    assert dataset.headers[:3] == ["ID trang", "Mã thủ tục", "Tên thủ tục"]
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert (row["Cấp thực hiện"], row["Tình trạng"], row["Liên thông"]) == ("huyện", "Đã bị thay thế", "Có")
    sheets = datasets([record])
    assert list(sheets) == [
        "Thủ tục",
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
    ]
    assert sheets["Thành phần hồ sơ"][0][:5] == (7, "", 1, "Đơn", 1)
