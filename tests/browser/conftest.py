"""Fixtures of the browser suite: Debian's Chromium, a live server, the demo site, users.

The browser tests run first in a session, against the live server (transactional database).
The demo content is loaded once and copied back before every test (`harness.DatabaseSnapshot`),
so each test starts from the same site and may change it; after the last browser test the
database is put back as the migrations left it, for the rest of the suite.
Without Chromium or axe-core the tests fail with a message saying what to install: a browser
test that does not run is never counted as passed.
"""

import io
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections

from .harness import AXE_JS, CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, DatabaseSnapshot

BROWSER_DIR = Path(__file__).resolve().parent
PASSWORD = "browser-test-password"  # MD5 hasher in test settings: cheap to check


class SiteUsers:
    """Accounts the journeys log in with (all with PASSWORD), in the groups the apps create."""

    admin = "admin"
    contributor = "canbo.vietbai"  # Cán bộ viết bài: writes and submits articles
    approver = "vanphong.duyet"  # Văn phòng Sở – Duyệt bài: approves and publishes
    tthc_admin = "quantri.tthc"  # Quản trị TTHC: imports procedures from Excel

    @classmethod
    def create(cls):
        from django.contrib.auth.models import Group

        from cchc_pages.roles import APPROVERS, CONTRIBUTORS
        from procedures.permissions import TTHC_ADMIN_GROUP

        users = get_user_model().objects
        users.create_superuser(cls.admin, "admin@example.org", PASSWORD)
        for username, group in [
            (cls.contributor, CONTRIBUTORS),
            (cls.approver, APPROVERS),
            (cls.tthc_admin, TTHC_ADMIN_GROUP),
        ]:
            user = users.create_user(username, f"{username}@example.org", PASSWORD)
            user.groups.add(Group.objects.get(name=group))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests first, while the database is as the migrations left it.

    Their snapshots start from that state and put it back at the end; Playwright's event loop
    (which makes Django refuse ORM calls in this thread) stops with the last browser test.
    """
    browser, others = [], []
    for item in items:
        (browser if BROWSER_DIR in Path(str(item.path)).resolve().parents else others).append(item)
    items[:] = browser + others


@pytest.fixture(scope="package")
def chromium():
    """Debian's Chromium, headless, driven by Playwright (no downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser suite needs Debian's chromium "
            "(`apt-get install -y chromium`; .ci/run installs it).",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS}: run `npm ci` (make install-test does).", pytrace=False)
    from playwright.sync_api import sync_playwright

    # The sync API runs an asyncio loop in this thread; Django would refuse ORM calls from it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                # While the loop runs, asgiref keeps this thread's database connections apart from
                # the ones it had before; close them now or they outlive the test database.
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def snapshots(chromium, django_db_setup, django_db_blocker):
    """The database as the migrations left it, and (taken by `demo`) with the demo site."""
    from wagtail.models import Locale

    pristine, demo_site = DatabaseSnapshot("pristine"), DatabaseSnapshot("demo")
    with django_db_blocker.unblock():
        if not Locale.objects.exists():
            pytest.fail(
                "The test database has lost the rows its migrations create (a transactional test "
                "ran before the browser suite?): the browser tests must run first.",
                pytrace=False,
            )
        pristine.take()
    yield {"pristine": pristine, "demo": demo_site}
    with django_db_blocker.unblock():
        pristine.restore()
        pristine.drop()
        demo_site.drop()


@pytest.fixture
def demo(snapshots, live_server):
    """The demo site and its users, as `make run` would show it, served by the live server."""
    demo_site = snapshots["demo"]
    if demo_site.taken:
        demo_site.restore()
    else:
        call_command("load_demo_content", stdout=io.StringIO())
        SiteUsers.create()
        demo_site.take()
    return live_server


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    """Each test that asks for it runs twice: on a phone and on a desktop."""
    return request.param


class Tabs:
    """Browser tabs, each in a context of its own (its own cookies: its own user).

    Every tab keeps the site's Content-Security-Policy; JavaScript errors, policy violations and
    server errors are collected and fail the test. Closing waits for the requests a page sends
    as it goes (Wagtail's editor releases its editing session with a beacon), so none reaches
    the live server while the database is being reset for the next test.
    """

    def __init__(self, chromium, base_url, viewport):
        self.chromium, self.base_url, self.viewport = chromium, base_url, viewport
        self.opened = []
        self.errors = []

    def open(self):
        context = self.chromium.new_context(
            base_url=self.base_url, locale="vi-VN", device_scale_factor=1, **VIEWPORTS[self.viewport]
        )
        context.set_default_timeout(15_000)
        tab = context.new_page()
        tab.viewport_name = self.viewport
        tab.in_flight = set()
        tab.on("request", lambda request: tab.in_flight.add(request))
        tab.on("requestfinished", lambda request: tab.in_flight.discard(request))
        tab.on("requestfailed", lambda request: tab.in_flight.discard(request))
        tab.on("pageerror", lambda error: self.errors.append(f"{tab.url}: {error}"))
        tab.on("response", lambda response: self._check_status(response))
        tab.on(
            "console",
            lambda message: (
                self.errors.append(f"{tab.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        self.opened.append((context, tab))
        return tab

    def _check_status(self, response):
        """A server error fails the test, except in the admin's background requests (Wagtail's
        autosave can race a submission; the person sees no error page), which are printed."""
        if response.status < 500:
            return
        line = f"HTTP {response.status} for {response.request.method} {response.url}"
        if response.request.is_navigation_request() or "/admin/" not in response.url:
            self.errors.append(line)
        else:
            print(f"warning: {line} (admin background request)")

    def close_all(self):
        for context, tab in self.opened:
            try:
                tab.goto("about:blank")
                for _ in range(50):
                    if not tab.in_flight:
                        break
                    tab.wait_for_timeout(100)
            finally:
                context.close()
        self.opened = []


@pytest.fixture
def tabs(chromium, demo, viewport):
    """Opens more tabs, e.g. for a second user in a journey: `tabs.open()`."""
    opened = Tabs(chromium, demo.url, viewport)
    yield opened
    opened.close_all()
    if opened.errors:
        pytest.fail("Errors in the browser: " + "; ".join(opened.errors))


@pytest.fixture
def page(tabs):
    """A fresh browser tab (no cookies) on the live server, in Vietnamese, at the viewport's size.

    The site's Content-Security-Policy stays on; JavaScript errors and policy violations on any
    page fail the test.
    """
    return tabs.open()
