"""Plugin check: the wheel installs into a fresh Wagtail site and works there, as PLUGIN.md says.

1. Build the sdist and wheel of `wagtail-cchc` from a copy of the plugin's files, and check the
   wheel holds every file of `procedures/` and `cchc_pages/` (templates, static, locale,
   migrations, demo data) and nothing of the demo site.
2. Make a clean virtual environment, install the wheel (plus psycopg), and create a project
   with `wagtail start`.
3. Apply the install guide literally: the code blocks of PLUGIN.md marked
   `<!-- plugin-check: NAME -->`, read from the wheel's own metadata (the guide users get).
4. On SQLite and on a fresh PostgreSQL database (dropped afterwards), at the same time:
   `check`, `makemigrations --check`, the guide's commands (migrate, demo content, index),
   import `tests/data/sample_decision.xlsx` with `import_procedures`, import it again (no
   changes), export with `export_procedures` and import the export (no changes); then, in the
   host: a new procedure page renders, Wagtail search, the plugin's search engine, the
   host's own `/search/` view and the plugin's search page included at `/tim-kiem/` (page and
   JSON) find it typed without diacritics, the engine puts it first for its code and the
   included suggestions offer it for its code, its short address redirects to it, and the
   admin shows the plugin's screens.

Usage: .venv/bin/python .ci/plugin_check.py [--db sqlite|postgresql|both] [--ref COMMIT] [--serial]
       [--keep] [--latest]
Exit status 0 when every step passed. Needs `build` (requirements-dev.txt) in the interpreter
that runs it, `psql` for PostgreSQL, and access to PyPI (or pip's cache) for the clean venv.
"""

import argparse
import concurrent.futures
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_APPS = ("procedures", "cchc_pages")
SITE_PACKAGES = ("home", "config", "search", "site", "tests", "bench")
SOURCE_FILES = ("pyproject.toml", "PLUGIN.md", "CHANGELOG.md", "MANIFEST.in")
SAMPLE = ROOT / "tests" / "data" / "sample_decision.xlsx"
SAMPLE_DECISION = ["--decision-number", "512/QĐ-UBND", "--decision-date", "2021-03-01"]
SAMPLE_NEW_CODE = "1.999001"  # a new procedure of the sample decision, with đ in its name
PROJECT = "hostsite"
GUIDE_BLOCKS = ("settings", "urls", "base-html-head", "commands", "search-example")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "*.swp")


class CheckFailed(Exception):
    pass


def say(message):
    print(message, flush=True)


class Steps:
    """Runs named steps and prints each with its duration; a failing step raises CheckFailed.

    The two databases are checked at the same time (two threads, each running its own
    commands), so a step prints one line when it ends, prefixed with its database.
    """

    def __init__(self):
        self.started = time.monotonic()
        self.timings = []

    def run(self, label, function, *args, **kwargs):
        start = time.monotonic()
        try:
            result = function(*args, **kwargs)
        except CheckFailed as error:
            say(f"FAILED {label} ({time.monotonic() - start:.1f} s)\n   {error}")
            raise
        seconds = time.monotonic() - start
        self.timings.append((label, seconds))
        say(f"ok     {label} ({seconds:.1f} s)")
        return result

    def total(self):
        return time.monotonic() - self.started


def run(command, cwd=None, env=None, timeout=900):
    """Run a command; on failure raise CheckFailed with the end of its output."""
    shown = " ".join(str(part) if len(str(part)) < 200 else str(part)[:60] + "…" for part in command)
    completed = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip().splitlines()
        tail = "\n      ".join(output[-40:])
        raise CheckFailed(f"`{shown}` exited with {completed.returncode}:\n      {tail}")
    return completed.stdout


# --- 1. build and inspect --------------------------------------------------------------------


def build(work, ref=None):
    """Build from a copy of the work tree, or of commit ``ref`` (without uncommitted changes)."""
    source = work / "src"
    source.mkdir()
    if ref:
        archive = work / "source.tar"
        run(["git", "-C", ROOT, "archive", "--output", archive, ref, *SOURCE_FILES, *PLUGIN_APPS])
        run(["tar", "-xf", archive, "-C", source])
        say(f"       sources from commit {run(['git', '-C', ROOT, 'rev-parse', '--short', ref]).strip()}")
    else:
        for name in SOURCE_FILES:
            shutil.copy2(ROOT / name, source / name)
        for app in PLUGIN_APPS:
            shutil.copytree(ROOT / app, source / app, ignore=IGNORED)
    dist = work / "dist"
    run([sys.executable, "-m", "build", "--outdir", dist, source])
    wheels = list(dist.glob("*.whl"))
    sdists = list(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        raise CheckFailed(f"expected one wheel and one sdist in {dist}, found {wheels + sdists}")
    say(f"       {wheels[0].name} ({wheels[0].stat().st_size // 1024} KiB), {sdists[0].name}")
    return wheels[0]


def expected_files(source):
    """Every file of the plugin apps in the copied source, as a path inside the wheel."""
    files = set()
    for app in PLUGIN_APPS:
        for path in (source / app).rglob("*"):
            if path.is_dir() or "__pycache__" in path.parts or path.suffix in {".pyc", ".pyo", ".swp"}:
                continue
            if path.name.endswith("~") or path.name == ".DS_Store":
                continue
            files.add(path.relative_to(source).as_posix())
    return files


def inspect_wheel(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    problems = []
    missing = sorted(expected_files(wheel.parent.parent / "src") - names)
    if missing:
        problems.append("missing from the wheel: " + ", ".join(missing))
    tops = {name.split("/")[0] for name in names}
    extra = sorted(top for top in tops if top not in PLUGIN_APPS and not top.endswith(".dist-info"))
    if extra:
        problems.append("the wheel holds more than the plugin apps: " + ", ".join(extra))
    for app in PLUGIN_APPS:
        for kind, pattern in (
            ("templates", rf"^{app}/templates/{app}/.+\.html$"),
            ("a compiled catalogue", rf"^{app}/locale/vi/LC_MESSAGES/django\.mo$"),
            ("a catalogue", rf"^{app}/locale/vi/LC_MESSAGES/django\.po$"),
            ("migrations", rf"^{app}/migrations/0001_initial\.py$"),
            ("demo data", rf"^{app}/demo_data/.+"),
        ):
            if not any(re.match(pattern, name) for name in names):
                problems.append(f"{app}: no {kind} in the wheel")
        has_static = any((wheel.parent.parent / "src" / app / "static").rglob("*.*"))
        if has_static and not any(name.startswith(f"{app}/static/") for name in names):
            problems.append(f"{app}: static files missing from the wheel")
    if problems:
        raise CheckFailed("\n      ".join(problems))
    counts = {}
    for name in names:
        parts = name.split("/")
        kind = (
            parts[1] if len(parts) > 2 and parts[1] in {"templates", "static", "locale", "migrations"} else ""
        )
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
    say(
        f"       {len(names)} files: "
        + ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
        + f"; version {metadata['Version']}; requires "
        + ", ".join(metadata.get_all("Requires-Dist") or [])
    )
    return metadata.get_payload()


# --- 2. clean environment and host project ---------------------------------------------------


def constraints_file(work):
    """The pinned versions of requirements.txt, without extras (pip's constraint syntax)."""
    lines = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            lines.append(re.sub(r"\[.*?\]", "", line))
    path = work / "constraints.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_venv(work, wheel, latest):
    venv = work / "venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    command = [
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        wheel,
        "psycopg[binary]",
    ]
    if not latest:
        command += ["--constraint", constraints_file(work)]
    run(command, timeout=1200)
    versions = run([python, "-m", "pip", "list", "--format=json"])
    wanted = {"django", "wagtail", "wagtail-localize", "django-import-export", "wagtail-cchc"}
    found = {item["name"].lower(): item["version"] for item in json.loads(versions)}
    say("       " + ", ".join(f"{name} {found.get(name, '?')}" for name in sorted(wanted)))
    run([python, "-m", "pip", "check"])
    return python


def guide_blocks(guide):
    blocks = {}
    pattern = re.compile(r"<!-- plugin-check: ([\w-]+) -->\s*\n```\w*\n(.*?)\n```", re.S)
    for name, body in pattern.findall(guide):
        blocks[name] = body
    missing = [name for name in GUIDE_BLOCKS if name not in blocks]
    if missing:
        raise CheckFailed("the guide has no block " + ", ".join(missing))
    return blocks


def start_project(work, python):
    wagtail = python.parent / "wagtail"
    run([wagtail, "start", PROJECT], cwd=work)
    return work / PROJECT


def apply_guide(project, blocks, pg):
    package = project / PROJECT
    settings = package / "settings" / "base.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\n\n" + blocks["settings"] + "\n", encoding="utf-8"
    )

    urls = package / "urls.py"
    text = urls.read_text(encoding="utf-8")
    tail = text.rfind("urlpatterns = urlpatterns + [")
    if tail < 0:
        raise CheckFailed("urls.py of `wagtail start` has no final `urlpatterns = urlpatterns + [`")
    urls.write_text(text[:tail] + blocks["urls"] + "\n", encoding="utf-8")

    base = package / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    if "</head>" not in text:
        raise CheckFailed("base.html has no </head>")
    base.write_text(text.replace("</head>", blocks["base-html-head"] + "\n    </head>", 1), encoding="utf-8")

    # Not from the guide: the check's own database choice and a quiet, local e-mail backend.
    dev = package / "settings" / "dev.py"
    dev.write_text(
        dev.read_text(encoding="utf-8")
        + f"""

# --- plugin check only ---
import os  # noqa: E402

if os.environ.get("PLUGIN_CHECK_PG_NAME"):
    DATABASES = {{
        "default": {{
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["PLUGIN_CHECK_PG_NAME"],
            "USER": {pg["user"]!r},
            "HOST": {pg["host"]!r},
            "PORT": {pg["port"]!r},
        }}
    }}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
""",
        encoding="utf-8",
    )


# --- 3. per database -------------------------------------------------------------------------

VERIFY = r"""
import html, json, os, re
from anyascii import anyascii
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Locale, Page
from procedures.models import ProcedurePage

code = os.environ["PLUGIN_CHECK_CODE"]
report = {"problems": []}
def problem(text):
    report["problems"].append(text)

pages = ProcedurePage.objects.live().filter(locale=Locale.get_default()).exclude(code="").order_by("pk")
page = pages.filter(code=code).first() if code else pages.first()
if page is None:
    problem(f"no live procedure {code or 'with a code'} in the host")
else:
    client = Client()
    url = page.get_url()
    report["page"] = {"title": page.title, "url": url}
    response = client.get(url)
    body = response.content.decode()
    if response.status_code != 200:
        problem(f"GET {url} answered {response.status_code}")
    elif html.escape(page.title) not in body and page.title not in body:
        problem(f"GET {url} does not show the title {page.title!r}")
    elif "<h1" not in body:
        problem(f"GET {url} has no h1")
    elif "procedures/procedures.css" not in body or "css/hostsite.css" not in body:
        problem(f"GET {url} is not framed by the host's base.html with the plugin's stylesheet")

    words = re.findall(r"\w+", anyascii(page.title).lower())
    if words[:2] == ["thu", "tuc"]:  # "Thủ tục: …" prefix of some names
        words = words[2:]
    query = " ".join(words[:12])
    report["query"] = query
    if query == page.title.lower():
        problem("the query has the same marks as the title: it proves nothing")
    found = [hit.pk for hit in ProcedurePage.objects.live().filter(locale=page.locale).search(query)[:10]]
    report["search_rank"] = found.index(page.pk) + 1 if page.pk in found else None
    if page.pk not in found:
        problem(f"Wagtail search for {query!r} does not find {page.title!r} in the first 10")
    from procedures.searching import engine

    candidates = engine.search(query, locale=page.locale).candidates
    ranked = [c.object_id for c in candidates if c.group == "procedure"]
    report["engine_rank"] = ranked.index(page.pk) + 1 if page.pk in ranked else None
    report["engine_top"] = [c.title for c in candidates[:3]]
    if page.pk not in ranked[:3]:
        problem(f"procedures.searching.engine ranks {page.title!r} {report['engine_rank']} for {query!r}")
    from django.test import RequestFactory

    example = {}
    exec(os.environ["PLUGIN_CHECK_SEARCH_EXAMPLE"], example)  # the guide's example view
    answer = json.loads(example["procedure_search"](RequestFactory().get("/", {"q": query})).content)
    if url not in [item["url"] for item in answer["results"][:3]]:
        problem(f"the guide's example view does not list {url} in its first three for {query!r}: {answer}")
    by_code = [c.object_id for c in engine.search(page.code, locale=page.locale).candidates]
    if by_code[:1] != [page.pk]:
        problem(f"procedures.searching.engine does not put {page.code} first for its code")

    response = client.get("/search/", {"query": query})
    if response.status_code != 200 or url not in response.content.decode():
        problem(f"the host's /search/?query={query} ({response.status_code}) does not list {url}")

    response = client.get("/tim-kiem/", {"q": query, "format": "json"})
    found = json.loads(response.content) if response.status_code == 200 else {}
    report["included_search"] = [item["url"] for item in found.get("results", [])[:3]]
    if url not in report["included_search"]:
        problem(f"the included /tim-kiem/?q={query}&format=json ({response.status_code}) does not "
                f"list {url} in its first three: {found}")
    response = client.get("/tim-kiem/", {"q": query})
    body = response.content.decode()
    if response.status_code != 200 or url not in body or "css/hostsite.css" not in body:
        problem(f"the included search page /tim-kiem/?q={query} ({response.status_code}) does not "
                f"list {url} inside the host's base.html")
    response = client.get("/tim-kiem/goi-y/", {"q": page.code})
    found = json.loads(response.content) if response.status_code == 200 else {}
    if url not in [item["url"] for item in found.get("suggestions", [])]:
        problem(f"the included suggestions for {page.code} ({response.status_code}) do not offer {url}")

    response = client.get(f"/thu-tuc/{page.code}/")
    location = response.get("Location", "")
    if response.status_code not in (301, 302) or not location.endswith(url):
        problem(f"/thu-tuc/{page.code}/ answered {response.status_code} -> {location!r}, not {url}")

    en = Locale.objects.filter(language_code="en").first()
    copies = [candidate.get_translation_or_none(en) for candidate in (page, page.get_parent())] if en else []
    english = next((copy for copy in copies if copy is not None and copy.live), None)
    if english is not None:
        english_url = english.get_url()
        response = client.get(english_url)
        report["english"] = english_url
        if not english_url.startswith("/en/") or response.status_code != 200:
            problem(f"the English copy {english_url} answered {response.status_code}")

    user = get_user_model().objects.filter(username="plugin-check").first()
    if user is None:
        user = get_user_model().objects.create_superuser("plugin-check", "check@example.com", "x")
    client.force_login(user)
    for admin_url in ("/admin/", f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.get_parent().pk}/"):
        response = client.get(admin_url)
        if response.status_code != 200:
            problem(f"GET {admin_url} as a superuser answered {response.status_code}")
    report["procedures"] = ProcedurePage.objects.filter(locale=page.locale).count()
print("PLUGIN-CHECK " + json.dumps(report, ensure_ascii=False))
"""


def counts(line):
    return {key: int(value) for key, value in re.findall(r"(\w+) (\d+)", line)}


def check_database(steps, label, project, python, blocks, env, skip_import=False):
    manage = [python, "manage.py"]
    steps.run(f"[{label}] manage.py check", run, manage + ["check"], cwd=project, env=env)
    for line in blocks["commands"].splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if not line.startswith("python manage.py "):
            raise CheckFailed(f"the guide's commands block has a line the check cannot run: {line!r}")
        steps.run(f"[{label}] {line}", run, manage + line.split()[2:], cwd=project, env=env)
    steps.run(
        f"[{label}] makemigrations --check (the plugin ships every migration)",
        run,
        manage + ["makemigrations", "--check", "--dry-run"],
        cwd=project,
        env=env,
    )

    def import_file(arguments, expect_changes):
        output = run(manage + ["import_procedures", *arguments], cwd=project, env=env)
        last = output.strip().splitlines()[-1]
        numbers = counts(last)
        if not {"new", "changed", "unchanged", "errors"} <= numbers.keys():
            raise CheckFailed(f"import_procedures did not end with its summary line: {last!r}")
        say(f"       [{label}] {last}")
        if numbers["errors"]:
            raise CheckFailed(f"the import reported errors: {output[-2000:]}")
        if expect_changes and not numbers["new"]:
            raise CheckFailed("the first import created no procedure")
        if not expect_changes and (numbers["new"] or numbers["changed"]):
            raise CheckFailed("importing the same decision again changed something")

    code = SAMPLE_NEW_CODE
    if skip_import:
        say(f"       [{label}] import skipped (--skip-import): checking a demo procedure instead")
        code = ""
    else:
        sample = [SAMPLE, *SAMPLE_DECISION]
        steps.run(f"[{label}] import_procedures {SAMPLE.relative_to(ROOT)}", import_file, sample, True)
        steps.run(f"[{label}] import the same file again: no changes", import_file, sample, False)
        exported = project / f"export-{label.lower()}.xlsx"
        steps.run(
            f"[{label}] export_procedures",
            run,
            manage + ["export_procedures", exported],
            cwd=project,
            env=env,
        )
        if not exported.is_file() or exported.stat().st_size == 0:
            raise CheckFailed(f"export_procedures wrote nothing to {exported}")
        steps.run(f"[{label}] import the export: no changes", import_file, [exported], False)

    def verify():
        output = run(
            manage + ["shell", "-c", VERIFY],
            cwd=project,
            env={**env, "PLUGIN_CHECK_CODE": code, "PLUGIN_CHECK_SEARCH_EXAMPLE": blocks["search-example"]},
        )
        line = next((line for line in output.splitlines() if line.startswith("PLUGIN-CHECK ")), None)
        if line is None:
            raise CheckFailed(f"the verification printed no report:\n{output[-2000:]}")
        report = json.loads(line.removeprefix("PLUGIN-CHECK "))
        page = report.get("page", {})
        say(f"       [{label}] page {page.get('url')} “{page.get('title')}”")
        say(
            f"       [{label}] search {report.get('query')!r}: "
            f"Wagtail search rank {report.get('search_rank')}, plugin engine rank {report.get('engine_rank')}"
        )
        say(f"       [{label}] engine's first three: {report.get('engine_top')}")
        say(f"       [{label}] included search JSON, first three: {report.get('included_search')}")
        say(f"       [{label}] English copy: {report.get('english') or 'none'}")
        if report["problems"]:
            raise CheckFailed("\n      ".join(report["problems"]))

    steps.run(f"[{label}] page renders, search without diacritics, short address, admin", verify)


def postgres_params(url):
    parts = urlsplit(url)
    return {
        "user": parts.username or "postgres",
        "host": parts.hostname or "127.0.0.1",
        "port": str(parts.port or 5432),
    }


def psql(url, *statements):
    command = ["psql", f"{url.rstrip('/')}/postgres", "-q"]
    for statement in statements:
        command += ["-c", statement]
    run(command)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--skip-import", action="store_true", help="development only: no import step")
    parser.add_argument("--serial", action="store_true", help="one database after the other")
    parser.add_argument("--ref", help="build from this commit (e.g. HEAD) instead of the work tree")
    parser.add_argument(
        "--latest", action="store_true", help="newest versions in range, not requirements.txt"
    )
    parser.add_argument(
        "--pg-url", default=os.environ.get("PLUGIN_CHECK_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--pg-db", default=os.environ.get("PLUGIN_CHECK_PG_DB", "cchc_plugin_host"))
    options = parser.parse_args()

    steps = Steps()
    work = Path(tempfile.mkdtemp(prefix="plugin-check-"))
    pg = postgres_params(options.pg_url)
    created_db = False
    say(f"Plugin check in {work}")
    try:
        wheel = steps.run("build the sdist and the wheel", build, work, options.ref)
        guide = steps.run("inspect the wheel", inspect_wheel, wheel)
        blocks = steps.run("read the install guide from the wheel's metadata", guide_blocks, guide)
        python = steps.run("clean virtual environment with the wheel", make_venv, work, wheel, options.latest)
        project = steps.run("wagtail start " + PROJECT, start_project, work, python)
        steps.run("apply the guide: settings, urls, base.html", apply_guide, project, blocks, pg)
        jobs = []
        if options.db in ("sqlite", "both"):
            jobs.append(("SQLite", {"PLUGIN_CHECK_PG_NAME": ""}))
        if options.db in ("postgresql", "both"):
            steps.run(
                f"[PostgreSQL] create database {options.pg_db}",
                psql,
                options.pg_url,
                f"DROP DATABASE IF EXISTS {options.pg_db}",
                f"CREATE DATABASE {options.pg_db}",
            )
            created_db = True
            jobs.append(("PostgreSQL", {"PLUGIN_CHECK_PG_NAME": options.pg_db}))
        workers = 1 if options.serial else len(jobs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {
                label: pool.submit(
                    check_database, steps, label, project, python, blocks, env, options.skip_import
                )
                for label, env in jobs
            }
        failed = [label for label, future in futures.items() if future.exception() is not None]
        for future in futures.values():
            error = future.exception()
            if error is not None and not isinstance(error, CheckFailed):
                raise error
        if failed:
            raise CheckFailed("failed on " + " and ".join(failed))
    except CheckFailed as error:
        say(f"PLUGIN CHECK FAILED ({error}) after {steps.total():.0f} s (work folder kept: {work})")
        options.keep = True
        return 1
    finally:
        if created_db:
            try:
                psql(options.pg_url, f"DROP DATABASE IF EXISTS {options.pg_db}")
            except CheckFailed as error:
                say(f"   could not drop {options.pg_db}: {error}")
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    say(f"PLUGIN CHECK PASSED in {steps.total():.0f} s")
    say(
        "Slowest steps: "
        + ", ".join(
            f"{label} {seconds:.0f} s" for label, seconds in sorted(steps.timings, key=lambda t: -t[1])[:5]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
