"""Search quality and speed, on the database DATABASE_URL names (SQLite file or PostgreSQL).

    DATABASE_URL=sqlite:////tmp/search_bench.sqlite3 .venv/bin/python bench/search_bench.py setup
    DATABASE_URL=sqlite:////tmp/search_bench.sqlite3 .venv/bin/python bench/search_bench.py quality
    DATABASE_URL=sqlite:////tmp/search_bench.sqlite3 .venv/bin/python bench/search_bench.py generate
    DATABASE_URL=sqlite:////tmp/search_bench.sqlite3 .venv/bin/python bench/search_bench.py latency

- setup: migrate and create the 63 demo procedures (``procedures/demo_data/real_procedures.tsv``).
- quality: hit@1, hit@5 and MRR of ``bench/search_queries.tsv`` (expected: code or title; several
  acceptable answers separated by `` | ``), with the misses listed.
- generate: add 10,000 generated procedures and 20,000 generated articles.
- latency: p50/p95 of a test-client GET of the JSON search and of the suggestions (caches off:
  settings ``config.settings.test``, page cache disabled, no Django cache involved in search).
"""

import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

QUERIES = ROOT / "bench" / "search_queries.tsv"


def load_queries(path=None):
    with Path(path or QUERIES).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def setup():
    from procedures.models import ProcedurePage
    from tests.search_helpers import demo_procedures

    call_command("migrate", verbosity=0)
    if not ProcedurePage.objects.exists():
        demo_procedures()
    print(f"{connection.vendor}: {ProcedurePage.objects.count()} procedures")


def is_expected(candidate, expected):
    return any(e == candidate.code or e == candidate.title for e in expected)


def quality(path=None, show=True):
    from procedures.searching import engine

    rows = load_queries(path)
    hit1 = hit5 = 0
    reciprocal = 0.0
    misses = []
    for row in rows:
        expected = [e.strip() for e in row["expected"].split("|")]
        candidates = engine.search(row["query"]).candidates
        rank = next((n for n, c in enumerate(candidates[:10], start=1) if is_expected(c, expected)), None)
        if rank == 1:
            hit1 += 1
        if rank and rank <= 5:
            hit5 += 1
        reciprocal += 1 / rank if rank else 0
        if rank != 1:
            misses.append((row["query"], rank, [c.title[:60] for c in candidates[:3]]))
    n = len(rows)
    metrics = f"hit@1 {hit1 / n:.3f}  hit@5 {hit5 / n:.3f}  MRR {reciprocal / n:.3f}"
    print(f"{connection.vendor}: {n} queries  {metrics}")
    if show:
        for query, rank, top in misses:
            print(f"  rank {rank}: {query!r} → {top}")
    return hit1 / n, hit5 / n, reciprocal / n


ACTIONS = [
    "Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Công nhận", "Cho phép", "Thành lập",
    "Giải thể", "Sáp nhập, chia, tách", "Đăng ký", "Xác nhận", "Chuyển đổi", "Đình chỉ",
]  # fmt: skip
OBJECTS = [
    "giấy phép hoạt động", "giấy chứng nhận", "trường tiểu học", "trường trung học cơ sở",
    "trung tâm học tập cộng đồng", "cơ sở giáo dục mầm non", "văn bằng, chứng chỉ", "hồ sơ học sinh",
    "chương trình liên kết", "cơ sở đào tạo", "nhà trường", "lớp học", "cán bộ quản lý giáo dục",
    "giáo viên", "sách giáo khoa", "thiết bị dạy học", "kiểm định chất lượng", "học bổng",
]  # fmt: skip
QUALIFIERS = [
    "công lập", "tư thục", "có vốn đầu tư nước ngoài", "cấp huyện", "cấp xã", "cấp tỉnh",
    "theo đề nghị của tổ chức", "đối với người nước ngoài", "trình độ trung cấp", "năm học mới",
]  # fmt: skip


def generate(procedures=10_000, article_count=20_000, seed=7):
    from cchc_pages.models import ArticlePage
    from procedures.models import ProcedurePage
    from tests.search_helpers import bulk_add_pages, procedure_index, site_root

    rng = random.Random(seed)
    words = (
        (ROOT / "cchc_pages" / "demo_data" / "ke-hoach-tuyen-truyen-cchc-2021.txt").read_text("utf-8").split()
    )
    existing = ProcedurePage.objects.filter(code__startswith="5.").count()
    start = time.perf_counter()
    if existing < procedures:
        items = []
        for n in range(existing, procedures):
            title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)} (mẫu {n})"
            body = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
            items.append({"title": title, "code": f"5.{n:06d}", "conditions": body, "status": "in_force"})
        bulk_add_pages(procedure_index(), ProcedurePage, items)
    print(f"procedures: {ProcedurePage.objects.count()} ({time.perf_counter() - start:.0f} s)")
    start = time.perf_counter()
    existing = ArticlePage.objects.count()
    if existing < article_count:
        items = []
        for n in range(existing, article_count):
            i = rng.randrange(len(words) - 80)
            title = " ".join(words[i : i + rng.randint(6, 14)]).strip(" ,.;:")
            summary = " ".join(words[i + 14 : i + 14 + rng.randint(40, 75)])[:480]
            items.append({"title": f"{title} ({n})", "summary": summary})
        bulk_add_pages(site_root(), ArticlePage, items)
    print(f"articles: {ArticlePage.objects.count()} ({time.perf_counter() - start:.0f} s)")
    with connection.cursor() as cursor:
        # As autovacuum would do on a live database: PostgreSQL's VACUUM also merges the GIN
        # index's pending list, which after 30,000 fresh rows otherwise doubles the FTS query time.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def latency(rounds=3):
    from procedures.searching import engine

    client = Client()
    queries = [row["query"] for row in load_queries()]
    engine.reset_caches()
    client.get("/tim-kiem/", {"q": "warm up", "format": "json"})  # vocabulary and filters, once per process
    search_times, suggest_times, search_cpu, suggest_cpu = [], [], [], []
    load = os.getloadavg()
    for _ in range(rounds):
        for query in queries:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get("/tim-kiem/", {"q": query, "format": "json"})
            search_times.append((time.perf_counter() - start) * 1000)
            search_cpu.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, (query, response.status_code)
            prefix = query[: max(2, int(len(query) * 0.6))]
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get("/tim-kiem/goi-y/", {"q": prefix})
            suggest_times.append((time.perf_counter() - start) * 1000)
            suggest_cpu.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200
    from cchc_pages.models import ArticlePage
    from procedures.models import ProcedurePage

    procedures, articles = ProcedurePage.objects.count(), ArticlePage.objects.count()
    print(f"{connection.vendor}: {procedures} procedures, {articles} articles, {len(search_times)} requests")
    print(f"  load average before: {load[0]:.1f}, after: {os.getloadavg()[0]:.1f} (2 cores)")
    for name, times, cpu in (
        ("JSON search", search_times, search_cpu),
        ("suggestions", suggest_times, suggest_cpu),
    ):
        p50, p95 = statistics.median(times), percentile(times, 95)
        c50, c95 = statistics.median(cpu), percentile(cpu, 95)
        print(
            f"  {name:12} wall p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {max(times):.1f} ms"
            f"  | this process's CPU p50 {c50:.1f} ms  p95 {c95:.1f} ms"
        )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "quality"
    {"setup": setup, "quality": quality, "generate": generate, "latency": latency}[command](*sys.argv[2:])
