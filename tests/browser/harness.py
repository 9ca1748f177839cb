"""Tools for the browser suite: database snapshots, the accessibility audit, screenshots.

Plain functions and classes so the test modules import them by name; the fixtures that use
them live in `conftest.py`.
"""

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A cheap phone and an office desktop.
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False},
}
# Every test module of the suite sets `pytestmark = BROWSER`: the live server needs committed
# data. Each test starts from a snapshot of the demo site (conftest.py).
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Axe rule sets that the audit runs: WCAG 2.0/2.1 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
AXE_URL = "/__browser-tests__/axe.min.js"
MAX_TAB_STOPS = 40


class DatabaseSnapshot:
    """A copy of the whole test database, put back in a fraction of a second.

    Loading the demo content takes seconds; copying it back is nearly free. SQLite copies the
    database with its backup API (schema, FTS tables and all); PostgreSQL keeps the rows in a
    schema of its own and copies them back in one transaction.
    """

    def __init__(self, name):
        self.name = name
        self.schema = f"browser_snapshot_{name}"
        self.taken = False
        self._sqlite_copy = None
        self._tables = []

    def take(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite_copy)
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                self._tables = [
                    name
                    for name in connection.introspection.table_names(cursor)
                    if name != "django_migrations"
                ]
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
                cursor.execute(f"CREATE SCHEMA {self.schema}")
                for table in self._tables:
                    cursor.execute(f'CREATE TABLE {self.schema}."{table}" AS TABLE public."{table}"')
        else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
            raise NotImplementedError(f"No snapshot for {connection.vendor}")
        self.taken = True

    def restore(self):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite_copy.backup(connection.connection)
        else:
            self._restore_postgresql()
        cache.clear()

    def _restore_postgresql(self):
        # DELETE is much faster than TRUNCATE on a hundred small tables. With replication role
        # "replica" PostgreSQL skips the foreign-key triggers, so the order of tables is free
        # (the test database belongs to a superuser here; TRUNCATE … CASCADE otherwise).
        with transaction.atomic(), connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
                empty = [f'DELETE FROM public."{table}"' for table in self._tables]  # noqa: S608
            except DatabaseError:
                empty = ["TRUNCATE " + ", ".join(f'public."{table}"' for table in self._tables) + " CASCADE"]
            for statement in empty:
                cursor.execute(statement)
            for table in self._tables:
                # Table names come from the database's own catalogue, not from input.
                copy = f'INSERT INTO public."{table}" SELECT * FROM {self.schema}."{table}"'  # noqa: S608
                cursor.execute(copy)
            tables = set(self._tables)
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    def drop(self):
        if connection.vendor == "postgresql" and self.taken:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        if self._sqlite_copy is not None:
            self._sqlite_copy.close()
        self.taken = False


@dataclass
class AuditReport:
    """What the audit of one page found; `problems` fail the test, `notes` are kept in the file."""

    name: str
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.problems)

    def text(self):
        return f"{self.name}:\n  " + "\n  ".join(self.problems)


AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(
      (n) => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\\s+/g, " ")
    ),
  }));
}
"""

UNLABELLED_FIELDS = """
() => Array.from(document.querySelectorAll(
  "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]),"
  + " select, textarea"
)).filter((el) => {
  const labelled = (el.labels && el.labels.length > 0)
    || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
  return !labelled;
}).map((el) => ({html: el.outerHTML.slice(0, 160), placeholder: Boolean(el.getAttribute("placeholder"))}))
"""

IMAGES_WITHOUT_ALT = """
() => Array.from(document.querySelectorAll("img:not([alt])")).map((el) => el.outerHTML.slice(0, 160))
"""

FOCUS_STATE = """
() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    html: el.outerHTML.slice(0, 120),
    indicator: outline || shadow,
    onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0,
    key: [el.tagName, el.id, el.getAttribute("href") || el.getAttribute("name"), Math.round(rect.x),
          Math.round(rect.y)].join("|"),
  };
}
"""

HORIZONTAL_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def focus_problems(page, max_stops=MAX_TAB_STOPS):
    """Tab through the page from the top; every focused element must show a focus indicator."""
    problems = []
    page.evaluate(
        "() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    seen = set()
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or state["key"] in seen:
            break
        seen.add(state["key"])
        if not state["indicator"]:
            problems.append(f"focus not visible on {state['html']}")
        if not state["onScreen"]:
            problems.append(f"focused element off screen: {state['html']}")
    if not seen:
        problems.append("no element takes keyboard focus")
    return problems


def inject_axe(page):
    """Add axe-core to the page as a same-origin script, so the site's Content-Security-Policy
    (script-src 'self') lets it run: Playwright answers the made-up address from node_modules."""
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}): run `npm ci` at the project root (make install-test does)."
        )
    if not page.url.startswith("http"):  # a page made with set_content has no origin and no policy
        page.add_script_tag(path=str(AXE_JS))
        return
    page.route(f"**{AXE_URL}", lambda route: route.fulfill(path=str(AXE_JS), content_type="text/javascript"))
    page.add_script_tag(url=AXE_URL)


def audit_page(page, name, *, lang, admin=False, check_focus=True):
    """WCAG 2.1 AA checks on the page as it is now. Returns an AuditReport (falsy when clean).

    axe-core (serious and critical violations fail; the rest are written to the report file),
    exactly one h1, the document language, labels on form fields, alt on images, no sideways
    scrolling at this width, and a visible focus indicator on every element reached with Tab.
    On admin screens (`admin=True`) a field that Wagtail names only by its placeholder (its
    date-range filter) is written down as a note, not failed: axe accepts that name, and the
    markup is Wagtail's.
    """
    report = AuditReport(name)
    inject_axe(page)
    for violation in page.evaluate(AXE_RUN, AXE_TAGS):
        line = f"axe {violation['impact']} {violation['id']}: {violation['help']} → " + " | ".join(
            violation["nodes"]
        )
        (report.problems if violation["impact"] in FAILING_IMPACTS else report.notes).append(line)
    h1_count = page.locator("h1").count()
    if h1_count != 1:
        report.problems.append(f"{h1_count} h1 elements (expected exactly one)")
    html_lang = page.get_attribute("html", "lang")
    if html_lang != lang:
        report.problems.append(f'html lang="{html_lang}" (expected "{lang}")')
    for unlabelled in page.evaluate(UNLABELLED_FIELDS):
        kept = report.notes if admin and unlabelled["placeholder"] else report.problems
        kept.append(f"form field without a label: {unlabelled['html']}")
    for html in page.evaluate(IMAGES_WITHOUT_ALT):
        report.problems.append(f"image without alt: {html}")
    overflow = page.evaluate(HORIZONTAL_OVERFLOW)
    if overflow > 1:
        report.problems.append(f"page scrolls sideways by {overflow}px at this width")
    if check_focus:
        report.problems.extend(focus_problems(page))
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / f"audit-{name}.json").write_text(
        json.dumps(
            {"page": page.url, "problems": report.problems, "notes": report.notes},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return report


def screenshot(page, name):
    """A full-page screenshot in tests/browser/screenshots/ (ignored by git) for reviewers."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_main_menu(page):
    """On a phone the main menu is behind its toggle button; on a desktop it is always open."""
    toggle = page.locator(".main-nav__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def log_in(page, username, password, lands_on="**/admin/"):
    """Log in to the Wagtail admin through its form, using the keyboard as a person would.

    ``lands_on`` is where the login ends: the dashboard, or the code page of an account with
    two-step verification.
    """
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lands_on)
