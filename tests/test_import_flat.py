"""The flat workbook format: the resources' widgets both ways, formula escaping, reading a sheet."""

import datetime
import decimal

import pytest

from procedures.importing.resources import (
    LegalBasisResource,
    ProcedureResource,
    SubmissionModeResource,
    datasets,
)


def widget(kind):
    """The widget of a column of that kind, as the resources declare it."""
    return {
        "int": ProcedureResource.fields["fee_amount"],
        "decimal": ProcedureResource.fields["processing_days"],
        "date": LegalBasisResource.fields["date_issued"],
        "bool": ProcedureResource.fields["is_interlinked"],
        "levels": ProcedureResource.fields["levels"],
        "status": ProcedureResource.fields["status"],
        "online": ProcedureResource.fields["online_service_level"],
        "mode": SubmissionModeResource.fields["mode"],
        "text": ProcedureResource.fields["title"],
        "code": ProcedureResource.fields["code"],
        "related": ProcedureResource.fields["related_procedures"],
    }[kind].widget


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
        ("code", "1.006388.000.00.00.H02", "1.006388"),
        ("related", "1.006388; 1.005074.000.00.00.H02\n42", ["1.006388", "1.005074", "42"]),
    ],
)
def test_widgets_clean_cells(kind, cell, value):
    assert widget(kind).clean(cell) == value


@pytest.mark.parametrize(
    ("kind", "cell", "message"),
    [
        ("int", "mười", "số nguyên"),
        ("int", "-5", "không được âm"),
        ("int", -5, "không được âm"),
        ("decimal", "abc", "Không phải là số"),
        ("decimal", "-1", "không được âm"),
        ("date", "31/02/2020", "dd/mm/yyyy"),
        ("bool", "có lẽ", "Có hoặc Không"),
        ("levels", "thôn", "cấp thực hiện"),
        ("code", "12345", "mã thủ tục"),
    ],
)
def test_widgets_refuse_malformed_cells(kind, cell, message):
    # The messages are the Vietnamese ones the preview shows (the tests run in Vietnamese).
    with pytest.raises(ValueError, match=message):
        widget(kind).clean(cell)


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2", "@cmd", "\t=x"])
def test_formula_escaping_round_trip(text):
    escaped = widget("text").render(text)
    assert escaped.startswith("'")
    assert widget("text").clean(escaped) == text


def test_resource_reads_a_sheet_naming_row_column_and_value():
    from procedures.importing.workbook import Sheet

    rows = [
        ["mã thủ tục", "Tên thủ tục", "Số ngày làm việc", "Cột khác", "Liên thông"],
        ["1.005074", "Một", "2,5", "bỏ qua", "Có"],
        [None, None, None, "chỉ cột khác", "Không"],
        ["1.999001", "Hai", "mười", None, None],
    ]
    sheet = Sheet("Thủ tục", {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v})
    records, errors = ProcedureResource().read(sheet)
    assert [record["row"] for record in records] == [2, 4]  # row 3 is blank in the format's columns
    assert records[0]["values"] == {
        "code": "1.005074",
        "title": "Một",
        "processing_days": decimal.Decimal("2.5"),
        "is_interlinked": True,
    }
    assert records[1]["invalid"] == {"processing_days"} and "processing_days" not in records[1]["values"]
    assert [(e.sheet, e.row, e.column, e.value) for e in errors] == [
        ("Thủ tục", 4, "C (Số ngày làm việc)", "mười")
    ]
    assert errors[0].message == "Không phải là số."


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
