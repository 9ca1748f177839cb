"""Load test of the production profile: gunicorn (2 workers) + PostgreSQL + Redis, or SQLite.

Loopback only, bounded: every wrk run and the visitors' run stop by themselves after
``--duration`` seconds, and the gunicorn this script starts is stopped at the end.

    python bench/loadtest.py --db postgres --setup            # create cchc_load, migrate, demo
    python bench/loadtest.py --db postgres --cache on         # (a) and (b), page cache on
    python bench/loadtest.py --db postgres --cache off
    python bench/loadtest.py --db sqlite --setup --cache off  # the record on SQLite

(a) maximum throughput: ``wrk -t1 -c50 -d60s`` on each of home, a procedure page, the filtered
procedure list and the search JSON; (b) ``bench/visitors.py``: 200 visitors, 1–5 s think time,
60 s. Results are printed and written to ``bench/results/load-<db>-cache-<on|off>.json``.
Needs ``wrk`` (Debian package) and a PostgreSQL/Redis on 127.0.0.1 for the postgres profile.
"""

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
TMP = Path(tempfile.gettempdir())
SEARCH_QUERIES = ["cap ban sao van bang", "chuyển trường", "thanh lap truong", "giấy phép", "1.005092"]


def environment(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; HSTS and secure cookies stay on
        STATIC_ROOT=str(TMP / f"cchc_load_static_{args.db}"),
        MEDIA_ROOT=str(TMP / f"cchc_load_media_{args.db}"),
        PAGE_CACHE="1" if args.cache == "on" else "0",
        AXES_ENABLED="1",
        DB_CONN_MAX_AGE="60",
    )
    if args.db == "postgres":
        env["DATABASE_URL"] = f"{PG_SERVER}/{args.pg_name}"
        env["REDIS_URL"] = args.redis_url
        env["CACHE_KEY_PREFIX"] = "cchc_load"
    else:
        env["DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    return env


def manage(env, *command):
    print("$ manage.py", " ".join(command), flush=True)
    subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)


def setup(args, env):
    if args.db == "postgres":
        for sql in (f"DROP DATABASE IF EXISTS {args.pg_name}", f"CREATE DATABASE {args.pg_name}"):
            subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", sql], check=True)
    else:
        Path(args.sqlite_path).unlink(missing_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "update_index")


def discover(env, fallback=False):
    """The paths to load: one procedure page, a filtered list, a few search queries."""
    code = """
import json
from procedures.models import Field, ProcedureIndexPage, ProcedurePage
pages = ProcedurePage.objects.live().public().filter(locale__language_code="vi").order_by("path")
index = ProcedureIndexPage.objects.live().filter(locale__language_code="vi").first()
field = Field.objects.order_by("pk").first()
print(json.dumps({
    "procedures": [p.url for p in pages[:40]],
    "index": index.url if index else None,
    "field": field.slug if field else None,
}))
"""
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    if not found["procedures"] or not found["index"]:
        if not fallback:
            sys.exit(f"no procedure pages to load: {found}")
        found = {"procedures": ["/cai-cach-hanh-chinh/"], "index": "/cai-cach-hanh-chinh/", "field": None}
    return {
        "home": ["/"],
        "procedure": [quote(url) for url in found["procedures"]],
        "list": [f"{found['index']}?field={found['field']}" if found["field"] else found["index"]],
        "search": [f"/tim-kiem/?{urlencode({'q': q, 'format': 'json'})}" for q in SEARCH_QUERIES],
    }


def start_gunicorn(args, env):
    command = [
        GUNICORN,
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        "2",
        "--access-logfile",
        "/dev/null",
        "--error-logfile",
        str(TMP / f"cchc_load_gunicorn_{args.db}.log"),
        "--timeout",
        "60",
    ]
    print("$", " ".join(command), flush=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz/", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    sys.exit("gunicorn did not become healthy in 60 s")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)  # only the group this script started
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def check_paths(args, paths):
    for kind, items in paths.items():
        for path in items[:3]:
            url = f"http://127.0.0.1:{args.port}{path}"
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status != 200:
                    sys.exit(f"{kind} {path}: HTTP {response.status}")
                response.read()


def group_cpu_seconds(pgid):
    """CPU seconds (user + system) used so far by the gunicorn processes (one process group)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of /proc/PID/stat: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def parse_wrk(output):
    def number(pattern, default=0.0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, flags=re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 1)

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(g) for g in socket.groups()) if socket else 0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
    }


def run_wrk(args, path, pgid):
    url = f"http://127.0.0.1:{args.port}{path}"
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "--latency"]
    command.append(url)
    print("$", " ".join(command), flush=True)
    cpu_before, load_before = group_cpu_seconds(pgid), os.getloadavg()[0]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    cpu = group_cpu_seconds(pgid) - cpu_before
    result = parse_wrk(output)
    result["errors"] = result["non_2xx"] + result["socket_errors"]
    # The machine is shared: how much CPU the site actually got, and what it did with it.
    result["gunicorn_cpu_s"] = round(cpu, 1)
    result["requests_per_cpu_s"] = round(result["requests"] / cpu, 1) if cpu else None
    result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    result["path"] = path
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def main():
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--cache", choices=["on", "off"], default="on")
    parser.add_argument("--setup", action="store_true", help="create and fill the load-test database first")
    parser.add_argument("--setup-only", action="store_true", help="with --setup: stop after it")
    parser.add_argument("--only", choices=["a", "b"], help="run only (a) throughput or (b) visitors")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument("--pg-name", default="cchc_load")
    parser.add_argument("--sqlite-path", default=str(TMP / "cchc_load.sqlite3"))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument(
        "--tooling-check", action="store_true", help="stand in the CCHC page when no procedure exists"
    )
    args = parser.parse_args()

    env = environment(args)
    if args.setup:
        setup(args, env)
        if args.setup_only:
            return
    paths = discover(env, fallback=args.tooling_check)
    process = start_gunicorn(args, env)
    report = {"db": args.db, "page_cache": args.cache, "workers": 2, "paths": paths}
    report["load_average_before"] = [round(x, 2) for x in os.getloadavg()]  # the machine is shared
    try:
        check_paths(args, paths)
        if args.only in (None, "a"):
            report["throughput"] = {}
            for kind in ("home", "procedure", "list", "search"):
                check_paths(args, {kind: paths[kind]})  # warm this page's cache entry
                report["throughput"][kind] = run_wrk(args, paths[kind][0], process.pid)
        if args.only in (None, "b"):
            command = [PY, str(ROOT / "bench" / "visitors.py"), "--base", f"http://127.0.0.1:{args.port}"]
            command += ["--visitors", str(args.visitors), "--duration", str(args.duration)]
            for kind, items in paths.items():
                command += ["--url", f"{kind}={'|'.join(items)}"]
            print("$ bench/visitors.py", f"--visitors {args.visitors} --duration {args.duration}", flush=True)
            cpu_before = group_cpu_seconds(process.pid)
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            report["visitors"] = json.loads(output)
            report["visitors"]["gunicorn_cpu_s"] = round(group_cpu_seconds(process.pid) - cpu_before, 1)
            print(output, flush=True)
    finally:
        stop(process)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"load-{args.db}-cache-{args.cache}.json"
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(f"written {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
