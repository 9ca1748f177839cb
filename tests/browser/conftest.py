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
    """Accounts the journeys log in with (all with PASSWORD)."""

    admin = "admin"


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
        get_user_model().objects.create_superuser(SiteUsers.admin, "admin@example.org", PASSWORD)
        demo_site.take()
    return live_server


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    """Each test that asks for it runs twice: on a phone and on a desktop."""
    return request.param


@pytest.fixture
def page(chromium, demo, viewport):
    """A fresh browser tab (no cookies) on the live server, in Vietnamese, at the viewport's size.

    JavaScript errors on any page fail the test.
    """
    # axe-core is injected as an inline script, which the site's Content-Security-Policy forbids;
    # tests/browser/test_csp.py checks the policy in a context that keeps it.
    context = chromium.new_context(
        base_url=demo.url, locale="vi-VN", device_scale_factor=1, bypass_csp=True, **VIEWPORTS[viewport]
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.viewport_name = viewport
    yield tab
    context.close()
    if errors:
        pytest.fail("JavaScript errors: " + "; ".join(errors))
