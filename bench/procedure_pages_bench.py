"""Procedure pages benchmark: the filtered procedure index with 10,000 procedures, and one page.

Usage:

    .venv/bin/python bench/procedure_pages_bench.py                      # SQLite, 10,000 procedures
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_procs .venv/bin/python bench/procedure_pages_bench.py

The SQLite database is a throw-away file (/tmp/procedure_pages_bench.sqlite3, created again);
on PostgreSQL the named database's public schema is DROPPED and created again — give it a
database of its own. The 10,000 procedures come from ``manage.py generate_procedures``.
Prints, for each URL, the median of 7 requests through Django's test client (page cache off),
the first (cold) request, and the number of SQL queries; the home page is the baseline.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE = Path("/tmp/procedure_pages_bench.sqlite3")  # noqa: S108 - a throw-away benchmark database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedures", type=int, default=10_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if SQLITE.exists():
            SQLITE.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.PAGE_CACHE_ENABLED = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    from home import demo as home_demo
    from procedures import demo as procedures_demo
    from procedures.models import Field, ProcedureIndexPage, ProcedurePage

    out = io.StringIO()
    home = home_demo.load_home(out)
    procedures_demo.load_fields(home.locale, out)
    index = procedures_demo.load_index(home, out)
    started = time.perf_counter()
    call_command("generate_procedures", args.procedures, index=index.pk, stdout=out)
    generated = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    index = ProcedureIndexPage.objects.get(pk=index.pk)
    field = Field.objects.filter(procedures__isnull=False).first()
    page = ProcedurePage.objects.child_of(index).order_by("path").last()
    client = Client()
    urls = [
        "/",  # baseline: the home page, same site chrome, no procedure data
        index.url,
        f"{index.url}?field={field.slug}&level=province",
        f"{index.url}?field={field.slug}&level=province&online=full&page=3",
        f"{index.url}?status=all&postal=receipt",
        page.url,
    ]
    print(f"{connection.vendor}: {ProcedurePage.objects.count()} procedures (generated in {generated:.1f} s)")
    print("  median    cold  queries  url   (cold: first request, facet counts not cached yet)")
    for url in urls:
        begin = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - begin) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(7):
            begin = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        print(f"{statistics.median(times):6.1f} ms {cold:6.1f} ms  {len(context):3d}  {url}")


if __name__ == "__main__":
    main()
