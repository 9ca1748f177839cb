"""Print the load-test tables for bench/README.md from bench/results/load-*.json."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ORDER = ["load-postgres-cache-on", "load-postgres-cache-off", "load-sqlite-cache-on", "load-sqlite-cache-off"]


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def main():
    reports = [
        json.loads((RESULTS / f"{name}.json").read_text())
        for name in ORDER
        if (RESULTS / f"{name}.json").exists()
    ]
    print("(a) 50 connections, no think time, 60 s per page (`wrk -t1 -c50 -d60s`)\n")
    print(
        "| database | page cache | page | req/s | errors | p50 ms | p99 ms "
        "| gunicorn CPU s | req per CPU-s | load avg |"
    )
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for report in reports:
        for kind, row in report.get("throughput", {}).items():
            load = row.get("load_average")
            print(
                f"| {report['db']} | {report['page_cache']} | {kind} | {fmt(row['requests_per_s'])} | "
                f"{row['errors']} | {fmt(row['p50_ms'], 1)} | {fmt(row['p99_ms'], 1)} | "
                f"{fmt(row.get('gunicorn_cpu_s'), 1)} | {fmt(row.get('requests_per_cpu_s'))} | "
                f"{'–' if not load else f'{load[0]:.1f}→{load[1]:.1f}'} |"
            )
    print("\n(b) 200 visitors, 1–5 s think time, 60 s (`bench/visitors.py`)\n")
    print("| database | page cache | page | requests | errors | p50 ms | p95 ms | p99 ms |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for report in reports:
        visitors = report.get("visitors")
        if not visitors:
            continue
        rows = {**visitors["by_kind"], "all": visitors["overall"]}
        for kind, row in rows.items():
            print(
                f"| {report['db']} | {report['page_cache']} | {kind} | {row['requests']} | {row['errors']} | "
                f"{fmt(row['p50_ms'], 1)} | {fmt(row['p95_ms'], 1)} | {fmt(row['p99_ms'], 1)} |"
            )


if __name__ == "__main__":
    main()
