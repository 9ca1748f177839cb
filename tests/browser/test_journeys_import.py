"""The TTHC administrator's journey: a decision's Excel appendix, previewed, applied, and public."""

import re
from pathlib import Path

from playwright.sync_api import expect

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, audit_page, log_in, screenshot

pytestmark = BROWSER

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_decision.xlsx"


def test_tthc_administrator_imports_a_decision_and_the_public_site_changes(page):
    page.goto("/thu-tuc/1.006388/")
    expect(page.locator("main")).to_contain_text("25 ngày làm việc")  # before the decision

    log_in(page, SiteUsers.tthc_admin, PASSWORD)
    page.goto("/admin/procedures_import/")
    expect(page.locator("h1")).to_contain_text("Nhập thủ tục từ Excel")
    report = audit_page(page, f"admin-import-upload-{page.viewport_name}", lang="vi", admin=True)
    assert not report, report.text()
    page.get_by_label("Tệp Excel hoặc CSV").set_input_files(SAMPLE)
    page.get_by_role("button", name="Xem trước các thay đổi").click()

    # The preview: counts, the decision read from the appendix, each change before → after.
    counts = {
        kind: page.locator(f"[data-count={kind}]") for kind in ("new", "changed", "abolished", "errors")
    }
    expect(counts["new"]).to_have_text("3")
    expect(counts["changed"]).to_have_text("3")
    expect(counts["abolished"]).to_have_text("2")
    expect(counts["errors"]).to_have_text("0")
    expect(page.locator("main")).to_contain_text("512/QĐ-UBND")
    change = page.locator("tr", has_text="1.006388").first
    expect(change).to_contain_text("Thay đổi")
    expect(page.locator("main")).to_contain_text("20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")
    screenshot(page, f"journey-import-preview-{page.viewport_name}")
    report = audit_page(page, f"admin-import-preview-{page.viewport_name}", lang="vi", admin=True)
    assert not report, report.text()

    page.get_by_role("button", name="Áp dụng các thay đổi này").click()
    expect(page.locator("main")).to_contain_text("Đã áp dụng và xuất bản các thay đổi.")
    screenshot(page, f"journey-import-summary-{page.viewport_name}")

    # On the public site: the amended procedure, and a new one found by search.
    page.goto("/thu-tuc/1.006388/")
    expect(page).to_have_url(re.compile(r"/thu-tuc-hanh-chinh/[a-z0-9-]+/$"))
    main = page.locator("main")
    expect(main).to_contain_text("20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ")
    expect(main).not_to_contain_text("25 ngày làm việc")
    expect(main).to_contain_text("đã sửa đổi, bổ sung")
    expect(main).to_contain_text("512/QĐ-UBND")

    page.goto("/tim-kiem/?q=xet+cong+nhan+tot+nghiep+trung+hoc+co+so")
    page.locator("main").get_by_role("link", name="Xét công nhận tốt nghiệp trung học cơ sở").first.click()
    expect(page.locator("h1")).to_have_text("Xét công nhận tốt nghiệp trung học cơ sở")
