"""Build workbooks for the import tests: messy synthetic appendices and flat workbooks."""

import io

import openpyxl


def xlsx_bytes(sheets, merges=None, formulas=None):
    """``sheets``: {title: [row, …]}; ``merges``: {title: ["A1:H1", …]}; returns the file's bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_sheets(data):
    from procedures.importing.workbook import read_bytes

    return read_bytes(data).sheets


HEADER = [
    "STT",
    "Mã số TTHC",
    "Tên thủ tục hành chính",
    "Cách thức thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí (nếu có)",
    "Thẩm quyền quyết định",
    "Căn cứ pháp lý",
]


def make_site():
    """A procedure index with the fields of fields.tsv and the five procedures that
    sample_decision.xlsx amends or abolishes (as they are before the decision)."""
    import csv
    from pathlib import Path

    from wagtail.models import Locale, Page

    from procedures.models import Agency, Field, ProcedureIndexPage, ProcedurePage

    locale = Locale.get_default()
    data = Path(__file__).resolve().parent.parent / "procedures" / "demo_data" / "fields.tsv"
    with data.open(encoding="utf-8") as handle:
        for order, row in enumerate(csv.DictReader(handle, delimiter="\t")):
            Field.objects.get_or_create(
                locale=locale,
                name=row["name"],
                defaults={"code": row["code"], "aliases": row["aliases"] or "", "sort_order": order},
            )
    Agency.objects.get_or_create(
        locale=locale, name="Sở Giáo dục và Đào tạo", defaults={"aliases": "Sở GDĐT"}
    )
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page if site else Page.get_first_root_node()
    index = root.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh"))
    fields = Field.objects.filter(locale=locale).name_index()
    from procedures.text import normalize_name

    def add(title, code, field, **extra):
        page = ProcedurePage(
            title=title,
            slug=f"p-{(code or str(len(title))).replace('.', '-')}-{len(title)}",
            code=code,
            field=fields[normalize_name(field)],
            level_province=True,
            **extra,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    add(
        "Thành lập trường trung học phổ thông công lập hoặc cho phép thành lập "
        "trường trung học phổ thông tư thục",
        "1.006388",
        "Giáo dục trung học",
        processing_time="25 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ",
        processing_days=25,
        fee="Không quy định",
    )
    add("Cho phép trường trung học phổ thông hoạt động giáo dục", "1.005074", "Giáo dục trung học")
    add("Chỉnh sửa nội dung văn bằng, chứng chỉ", "2.001914", "Văn bằng, chứng chỉ", level_district=True)
    add("Cho phép trường trung học phổ thông chuyên hoạt động trở lại", "", "Giáo dục và Đào tạo")
    add("Đình chỉ hoạt động trường trung học phổ thông", "", "Giáo dục trung học")
    return index
