"""Accessibility audit (WCAG 2.1 AA) of every page type, on a phone and on a desktop.

Each page is opened in Chromium, audited with axe-core and the checks in `harness.audit_page`,
and photographed into tests/browser/screenshots/ for reviewers. One test per viewport visits
every page and reports all the problems it found at once.
"""

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, audit_page, log_in, screenshot

pytestmark = BROWSER

PROCEDURE = "/thu-tuc-hanh-chinh/cap-ban-sao-van-bang-chung-chi-tu-so-goc-cap-tinh/"

# name, path, language, expected HTTP status
PUBLIC_PAGES = [
    ("home", "/", "vi", 200),
    ("home-en", "/en/", "en", 200),
    ("cchc-section", "/cai-cach-hanh-chinh/", "vi", 200),
    ("cchc-section-en", "/en/cai-cach-hanh-chinh/", "en", 200),
    ("search-results", "/tim-kiem/?q=cap+ban+sao+van+bang", "vi", 200),
    ("search-no-results", "/tim-kiem/?q=khong+co+ket+qua+nao+xyz", "vi", 200),
    ("search-empty", "/tim-kiem/", "vi", 200),
    ("search-en", "/en/tim-kiem/?q=certified+copy", "en", 200),
    ("procedure-index", "/thu-tuc-hanh-chinh/", "vi", 200),
    ("procedure-index-en", "/en/thu-tuc-hanh-chinh/", "en", 200),
    ("procedure", f"{PROCEDURE}", "vi", 200),
    ("posting-sheet", f"{PROCEDURE}niem-yet/", "vi", 200),
    ("article-index", "/cai-cach-hanh-chinh/tin-tuc/", "vi", 200),
    ("article-index-en", "/en/cai-cach-hanh-chinh/tin-tuc/", "en", 200),
    ("article", "/cai-cach-hanh-chinh/tin-tuc/muc-dich-yeu-cau-ke-hoach-tuyen-truyen-cchc-2021/", "vi", 200),
    ("documents", "/cai-cach-hanh-chinh/van-ban/", "vi", 200),
    ("index-results", "/cai-cach-hanh-chinh/ket-qua-chi-so/", "vi", 200),
    ("plan", "/cai-cach-hanh-chinh/ke-hoach-tuyen-truyen-cchc-2021/", "vi", 200),
    ("feedback-form", "/cai-cach-hanh-chinh/phan-anh-kien-nghi/", "vi", 200),
    ("feedback-form-en", "/en/cai-cach-hanh-chinh/phan-anh-kien-nghi/", "en", 200),
    ("feedback-lookup", "/cai-cach-hanh-chinh/phan-anh-kien-nghi/tra-cuu/", "vi", 200),
    ("not-found", "/trang-khong-ton-tai/", "vi", 404),
    ("not-found-en", "/en/page-that-does-not-exist/", "en", 404),
]

# name, path: admin screens, seen by a logged-in administrator
ADMIN_PAGES = [
    ("admin-dashboard", "/admin/"),
    ("admin-pages", "/admin/pages/"),
    ("admin-import", "/admin/procedures_import/"),
    ("admin-export", "/admin/procedures_export_admin/"),
    ("admin-completeness", "/admin/procedure_completeness/"),
    ("admin-fields", "/admin/snippets/procedures/field/"),
    ("admin-agencies", "/admin/snippets/procedures/agency/"),
    ("admin-decisions", "/admin/snippets/procedures/decision/"),
    ("admin-hotlines", "/admin/snippets/procedures/hotline/"),
    ("admin-search-terms", "/admin/snippets/procedures/searchterm/"),
    ("admin-feedback", "/admin/snippets/cchc_pages/feedback/"),
    ("admin-legal-documents", "/admin/snippets/cchc_pages/legaldocument/"),
    ("admin-topics", "/admin/snippets/cchc_pages/topic/"),
    ("admin-second-factor", "/admin/second-factor/"),
]


def audit_all(page, pages, *, admin=False):
    failures = []
    for name, path, lang, status in pages:
        response = page.goto(path)
        label = f"{name}-{page.viewport_name}"
        if response.status != status:
            failures.append(f"{label}: HTTP {response.status} at {path} (expected {status})")
            continue
        screenshot(page, label)
        report = audit_page(page, label, lang=lang, admin=admin)
        if report:
            failures.append(report.text())
    return failures


def test_public_pages_are_accessible(page):
    failures = audit_all(page, PUBLIC_PAGES)
    assert not failures, "\n".join(failures)


def test_admin_screens_are_accessible(page):
    failures = audit_all(page, [("admin-login", "/admin/login/", "vi", 200)], admin=True)
    log_in(page, SiteUsers.admin, PASSWORD)
    failures += audit_all(page, [(name, path, "vi", 200) for name, path in ADMIN_PAGES], admin=True)
    assert not failures, "\n".join(failures)


def audit_here(page, name):
    """Audit the page as it is now (reached by a form, not by an address)."""
    label = f"{name}-{page.viewport_name}"
    # Wagtail fades its messages in: audit the colours they end with, not a frame of the fade.
    page.evaluate("Promise.all(document.getAnimations().map((animation) => animation.finished))")
    screenshot(page, label)
    report = audit_page(page, label, lang="vi", admin=True)
    return [report.text()] if report else []


def test_two_step_verification_screens_are_accessible(page):
    """Its screens reached by forms: a refused code, the backup codes (shown once) and the code page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.test_second_factor import app_code

    log_in(page, SiteUsers.admin, PASSWORD)
    page.goto("/admin/second-factor/")
    device = TOTPDevice.objects.get(user__username=SiteUsers.admin, confirmed=False)
    page.get_by_label("Mã xác thực").fill("12")
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    page.get_by_role("alert").wait_for()
    failures = audit_here(page, "admin-second-factor-refused")

    page.get_by_label("Mã xác thực").fill(app_code(device))
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    page.locator(".second-factor-codes").wait_for()
    failures += audit_here(page, "admin-backup-codes")

    page.context.clear_cookies()
    log_in(page, SiteUsers.admin, PASSWORD, lands_on="**/admin/second-factor/code/**")
    failures += audit_here(page, "admin-second-factor-code")
    assert not failures, "\n".join(failures)
