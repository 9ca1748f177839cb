"""Accessibility audit (WCAG 2.1 AA) of every page type, on a phone and on a desktop.

Each page is opened in Chromium, audited with axe-core and the checks in `harness.audit_page`,
and photographed into tests/browser/screenshots/ for reviewers. One test per viewport visits
every page and reports all the problems it found at once.
"""

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, audit_page, log_in, screenshot

pytestmark = BROWSER

# name, path, language, expected HTTP status
PUBLIC_PAGES = [
    ("home", "/", "vi", 200),
    ("home-en", "/en/", "en", 200),
    ("cchc-section", "/cai-cach-hanh-chinh/", "vi", 200),
    ("cchc-section-en", "/en/cai-cach-hanh-chinh/", "en", 200),
    ("search-results", "/tim-kiem/?q=c%E1%BA%A3i+c%C3%A1ch", "vi", 200),
    ("search-empty", "/tim-kiem/", "vi", 200),
    ("not-found", "/trang-khong-ton-tai/", "vi", 404),
    ("not-found-en", "/en/page-that-does-not-exist/", "en", 404),
]

# name, path: admin screens, seen by a logged-in administrator
ADMIN_PAGES = [
    ("admin-dashboard", "/admin/"),
    ("admin-pages", "/admin/pages/"),
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
