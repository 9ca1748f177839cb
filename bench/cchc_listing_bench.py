"""CCHC section benchmark: listing pages with many articles, the feeds, the index charts.

Usage (a throw-away SQLite file, deleted and created again):

    .venv/bin/python bench/cchc_listing_bench.py                   # 1,000 articles
    .venv/bin/python bench/cchc_listing_bench.py --articles 200

Prints, for each URL, the median time of 5 requests through Django's test client and the
number of SQL queries (the same whatever the number of articles: see tests/test_cchc_section.py).
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
DB = Path("/tmp/cchc_listing_bench.sqlite3")  # noqa: S108 - a throw-away benchmark database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    if DB.exists():
        DB.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from cchc_pages import demo as cchc_demo
    from cchc_pages.models import ArticleIndexPage, ArticlePage, Topic
    from home import demo as home_demo

    out = io.StringIO()
    home = home_demo.load_home(out)
    cchc_demo.load(home, out, english=False)
    index = ArticleIndexPage.objects.get(locale__language_code="vi")
    topics = list(Topic.objects.filter(locale=index.locale))
    started = time.perf_counter()
    for number in range(args.articles):
        index.add_child(
            instance=ArticlePage(
                title=f"Tin cải cách hành chính số {number}",
                slug=f"tin-{number}",
                date=f"{2015 + number % 10}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                topic=topics[number % len(topics)],
                author="Văn phòng Sở",
                summary="Tóm tắt tin.",
            )
        )
    print(f"created {args.articles} articles in {time.perf_counter() - started:.1f} s")
    client = Client()
    topic = topics[0].pk
    urls = [
        "/cai-cach-hanh-chinh/",
        "/cai-cach-hanh-chinh/tin-tuc/",
        f"/cai-cach-hanh-chinh/tin-tuc/?topic={topic}&year=2020&page=2",
        "/cai-cach-hanh-chinh/tin-tuc/rss/",
        "/cai-cach-hanh-chinh/van-ban/?q=2571",
        "/cai-cach-hanh-chinh/ket-qua-chi-so/",
        "/cai-cach-hanh-chinh/ke-hoach-tuyen-truyen-cchc-2021/",
        "/cai-cach-hanh-chinh/ke-hoach-tuyen-truyen-cchc-2021/bang-nhiem-vu/",
        "/",
    ]
    print(f"{'url':70} {'median ms':>10} {'queries':>8}")
    for url in urls:
        client.get(url)
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{url:70} {statistics.median(times):10.1f} {len(queries.captured_queries):8d}")


if __name__ == "__main__":
    main()
