"""The Content-Security-Policy holds in a real browser: public pages and the Wagtail admin load
and work with no violation reported (the policy itself: config/settings/base.py, home/csp.py)."""

import pytest
from wagtail.models import Page

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, log_in

pytestmark = BROWSER

# Collects every violation the page reports, including those raised before any test code runs.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def tab(chromium, demo):
    context = chromium.new_context(base_url=demo.url, locale="vi-VN")
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_csp = []
    page.on(
        "console",
        lambda message: (
            page.console_csp.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def violations(page):
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp") + page.console_csp


def test_public_pages_load_without_csp_violations(tab):
    paths = ["/", "/en/", "/cai-cach-hanh-chinh/", "/tim-kiem/?q=van+bang"]
    procedure = Page.objects.live().filter(content_type__model="procedurepage").first()
    if procedure:
        paths.append(procedure.url)
    for path in paths:
        response = tab.goto(path)
        assert response.status == 200, path
        assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
        assert tab.evaluate("document.documentElement.classList.contains('js')"), path  # inline script ran
        assert violations(tab) == [], path


def test_admin_edit_page_works_without_csp_violations(tab):
    log_in(tab, SiteUsers.admin, PASSWORD)
    assert violations(tab) == []
    home = Page.objects.get(depth=2, locale__language_code="vi")
    tab.goto(f"/admin/pages/{home.pk}/edit/")
    tab.locator("#id_title").wait_for()
    assert violations(tab) == []
    # The editor's scripts work under the policy: the title syncs, and Save draft succeeds.
    tab.locator("#id_title").fill("Trang chủ – bản nháp thử CSP")
    tab.get_by_role("button", name="Lưu bản nháp").click()
    tab.wait_for_url(f"**/admin/pages/{home.pk}/edit/")
    assert tab.locator(".messages").count() >= 1
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/"):
        tab.goto(path)
        assert violations(tab) == [], path
