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


def test_two_step_verification_works_under_the_policy(tab):
    """Set up an authenticator app from the account page, then sign in again with its code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.test_second_factor import app_code

    log_in(tab, SiteUsers.admin, PASSWORD)
    tab.goto("/admin/account/")
    tab.get_by_role("tab", name="Thao tác khác").click()
    tab.get_by_role("link", name="Xác thực hai bước").click()
    tab.wait_for_url("**/admin/second-factor/")
    assert tab.locator(".second-factor-qr svg").is_visible()
    assert violations(tab) == []
    device = TOTPDevice.objects.get(user__username=SiteUsers.admin, confirmed=False)
    tab.get_by_label("Mã xác thực").fill(app_code(device))
    tab.get_by_role("button", name="Bật xác thực hai bước").click()
    codes = tab.locator(".second-factor-codes code")
    codes.first.wait_for()
    assert codes.count() == 10
    assert violations(tab) == []

    tab.context.clear_cookies()
    log_in(tab, SiteUsers.admin, PASSWORD, lands_on="**/admin/second-factor/code/**")
    assert violations(tab) == []
    assert tab.locator("main").count() == 1  # the icon sprite is not the code page again
    tab.get_by_label("Mã xác thực").fill(app_code(device, 1))
    tab.get_by_role("button", name="Xác thực").click()
    tab.wait_for_url("**/admin/")
    assert violations(tab) == []
