"""Simulated visitors: N concurrent people who each open a page, read for 1–5 s, open another.

A plain asyncio HTTP/1.1 client (no dependency), loopback only, bounded in time: every visitor
stops at the deadline and the run ends at most ``timeout`` seconds later. Prints one JSON object:
per kind of page and overall, the number of requests, errors and p50/p95/p99 latency in ms.

    python bench/visitors.py --base http://127.0.0.1:8108 --visitors 200 --duration 60 \\
        --url home=/ --url procedure=/thu-tuc/... --url search='/tim-kiem/?q=...&format=json'

A ``--url`` value may hold several paths separated by ``|``; each visit picks one at random.
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from urllib.parse import quote, urlsplit


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


async def fetch(host, port, path, timeout):
    """GET path; returns (status, seconds). Raises on network errors and timeouts."""
    started = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        request = (
            f"GET {quote(path, safe='/?&=%:+,')} HTTP/1.1\r\nHost: {host}\r\n"
            "User-Agent: cchc-bench\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
        )
        writer.write(request.encode("ascii"))
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        await asyncio.wait_for(reader.read(), timeout)  # the whole response, until the server closes
    finally:
        writer.close()
    status = int(status_line.split()[1]) if status_line else 0
    return status, time.perf_counter() - started


async def visitor(args, host, port, kinds, results, deadline, rng):
    await asyncio.sleep(rng.uniform(0, args.think_max))  # arrivals spread over the first seconds
    while time.monotonic() < deadline:
        kind = rng.choice(list(kinds))
        path = rng.choice(kinds[kind])
        try:
            status, seconds = await fetch(host, port, path, args.timeout)
            ok = status == 200
        except (OSError, TimeoutError, IndexError, ValueError) as error:
            status, seconds, ok = type(error).__name__, args.timeout, False
        results[kind]["latencies"].append(seconds * 1000)
        if not ok:
            results[kind]["errors"].append(str(status))
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        await asyncio.sleep(min(remaining, rng.uniform(args.think_min, args.think_max)))


def summary(latencies, errors):
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "p50_ms": round(percentile(latencies, 0.50), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


async def run(args):
    base = urlsplit(args.base)
    if base.hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("visitors.py runs against loopback only")
    kinds = {}
    for item in args.url:
        name, _, paths = item.partition("=")
        kinds[name] = [p for p in paths.split("|") if p]
    results = {kind: {"latencies": [], "errors": []} for kind in kinds}
    rng = random.Random(args.seed)
    started = time.monotonic()
    deadline = started + args.duration
    tasks = [
        asyncio.create_task(
            visitor(
                args, base.hostname, base.port or 80, kinds, results, deadline, random.Random(rng.random())
            ),
        )
        for _ in range(args.visitors)
    ]
    done, pending = await asyncio.wait(tasks, timeout=args.duration + args.timeout + 5)
    for task in pending:
        task.cancel()
    elapsed = time.monotonic() - started
    all_latencies = [v for r in results.values() for v in r["latencies"]]
    all_errors = [e for r in results.values() for e in r["errors"]]
    return {
        "visitors": args.visitors,
        "duration_s": round(elapsed, 1),
        "think_s": [args.think_min, args.think_max],
        "requests_per_s": round(len(all_latencies) / elapsed, 1),
        "overall": summary(all_latencies, all_errors),
        "by_kind": {kind: summary(r["latencies"], r["errors"]) for kind, r in results.items()},
    }


def main():
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--base", default="http://127.0.0.1:8108")
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--url", action="append", required=True, help="kind=/path[|/other-path…]")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
