"""Import benchmark: a generated 1,000-row decision appendix, dry run / apply / re-import.

Usage (a throw-away database; it is dropped and created again):

    .venv/bin/python bench/import_bench.py sqlite                # /tmp/import_bench.sqlite3
    .venv/bin/python bench/import_bench.py postgres              # database cchc_import_bench
    .venv/bin/python bench/import_bench.py sqlite --rows 200     # a smaller run

Prints the seconds for each step and the peak memory (max RSS) of the process; then exports the
1,000 procedures to the flat workbook and imports it back (a dry run that must find zero changes).
The SQLite file goes to the temporary directory (``TMPDIR``).
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare_database(kind):
    if kind == "sqlite":
        path = Path(tempfile.gettempdir()) / "import_bench.sqlite3"
        if path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS cchc_import_bench")
            conn.execute("CREATE DATABASE cchc_import_bench")
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/cchc_import_bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def appendix_workbook(rows):
    """A decision appendix in the sample's layout: one table of new procedures, 1,000 rows,
    across fields and levels, with multi-line modes and legal basis cells."""
    import openpyxl

    fields = ["Giáo dục trung học", "Văn bằng, chứng chỉ", "Giáo dục mầm non", "Thi, tuyển sinh"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC"])
    ws.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH"])
    ws.append(["(Ban hành kèm theo Quyết định số 999/QĐ-UBND ngày 01 tháng 6 năm 2025)"])
    ws.append(
        [
            "STT",
            "Mã số TTHC",
            "Tên thủ tục hành chính",
            "Cách thức thực hiện",
            "Thời hạn giải quyết",
            "Phí, lệ phí (nếu có)",
            "Thẩm quyền quyết định",
            "Căn cứ pháp lý",
        ]
    )
    per_section = -(-rows // (2 * len(fields)))
    number = 0
    for level_label, level in (("A", "CẤP TỈNH"), ("B", "CẤP XÃ")):
        ws.append([level_label, f"THỦ TỤC HÀNH CHÍNH {level}"])
        for index, field in enumerate(fields, start=1):
            ws.append(["I" * index, f"LĨNH VỰC: {field.upper()}"])
            for _ in range(per_section):
                if number >= rows:
                    break
                number += 1
                ws.append(
                    [
                        number,
                        f"1.{800000 + number:06d}.000.00.00.H02",
                        f"Thủ tục thử nghiệm số {number} về {field.lower()}",
                        "- Trực tiếp;\n- Trực tuyến một phần, tại địa chỉ: https://dichvucong.gov.vn;\n"
                        "- Qua dịch vụ bưu chính công ích.",
                        f"{number % 30 + 1} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
                        "Không",
                        "Sở Giáo dục và Đào tạo",
                        "- Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019;\n"
                        f"- Thông tư số {number}/2024/TT-BGDĐT ngày 05/10/2024 của Bộ Giáo dục và Đào tạo.",
                    ]
                )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    prepare_database(args.database)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from procedures.importing import service
    from procedures.models import Field, ProcedureIndexPage, ProcedurePage

    locale = Locale.get_default()
    for order, name in enumerate(
        ["Giáo dục trung học", "Văn bằng, chứng chỉ", "Giáo dục mầm non", "Thi, tuyển sinh"]
    ):
        Field.objects.get_or_create(locale=locale, name=name, defaults={"sort_order": order})
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page if site else Page.get_first_root_node()
    root.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh"))
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-123")
    data = appendix_workbook(args.rows)
    decision = service.DecisionInfo(number="999/QĐ-UBND")
    print(
        f"{args.database}: {args.rows}-row appendix, {len(data) / 1024:.0f} KB; "
        f"memory after setup {peak_mb():.0f} MB"
    )

    started = time.perf_counter()
    plan = service.plan_import(data, "bench.xlsx", decision=decision)
    dry = time.perf_counter() - started
    assert not plan.errors, plan.errors[:3]
    print(f"dry run     {dry:6.1f} s   {plan.summary_line()}")

    started = time.perf_counter()
    plan = service.apply_import(data, "bench.xlsx", user=user, decision=decision)
    apply_seconds = time.perf_counter() - started
    assert plan.applied and ProcedurePage.objects.count() == args.rows
    print(f"apply       {apply_seconds:6.1f} s   {plan.summary_line()}")

    started = time.perf_counter()
    plan = service.apply_import(data, "bench.xlsx", user=user, decision=decision)
    again = time.perf_counter() - started
    assert not plan.applied and plan.already_applied
    print(f"re-import   {again:6.1f} s   {plan.summary_line()}")

    from procedures.importing.export import export_records, export_xlsx

    started = time.perf_counter()
    buffer = io.BytesIO()
    export_xlsx(export_records(), buffer)
    export_seconds = time.perf_counter() - started
    print(f"export      {export_seconds:6.1f} s   flat workbook, {len(buffer.getvalue()) / 1024:.0f} KB")

    started = time.perf_counter()
    plan = service.plan_import(buffer.getvalue(), "export.xlsx")
    flat_seconds = time.perf_counter() - started
    assert not plan.errors and not plan.has_changes, (plan.errors[:3], plan.summary_line())
    print(f"flat import {flat_seconds:6.1f} s   {plan.summary_line()} (the export, dry run)")
    print(f"peak memory {peak_mb():6.0f} MB (max RSS of the whole process)")


if __name__ == "__main__":
    main()
