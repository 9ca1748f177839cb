"""Citizens' journeys through the procedures: search with suggestions, the list with filters."""

import re

import openpyxl
from playwright.sync_api import expect

from .harness import BROWSER, open_main_menu, screenshot

pytestmark = BROWSER


def test_citizen_finds_a_procedure_without_diacritics_and_opens_its_posting_sheet(page):
    page.goto("/")
    field = page.locator("#home-search-input")
    field.press_sequentially("cap ban sao van bang", delay=20)  # as typed on a phone, no marks

    expect(field).to_have_attribute("aria-expanded", "true")
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    screenshot(page, f"journey-suggestions-{page.viewport_name}")

    field.press("ArrowDown")  # the keyboard, not the mouse, picks the suggestion
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    chosen = options.first.locator(".suggest__title").inner_text()
    assert "Cấp bản sao văn bằng" in chosen
    field.press("Enter")

    expect(page).to_have_url(re.compile(r"/thu-tuc-hanh-chinh/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(chosen)
    # Its sections (which ones depends on the procedure: the ranking may differ by database).
    expect(page.locator("main h2").first).to_be_visible()
    assert page.locator("main h2").count() >= 2
    procedure_url = page.url

    page.locator("main").get_by_role("link", name="In", exact=True).click()
    expect(page).to_have_url(re.compile(r"/niem-yet/$"))
    expect(page.locator("h1")).to_have_text(chosen)
    qr = page.locator(".sheet__qr img")
    expect(qr).to_have_attribute("alt", re.compile(r"^Mã QR"))
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    screenshot(page, f"journey-posting-sheet-{page.viewport_name}")

    # The sheet's Print button opens the browser's print dialog (recorded instead of shown).
    page.evaluate("() => { window.__printed = false; window.print = () => { window.__printed = true; }; }")
    page.get_by_role("button", name="In", exact=True).click()
    assert page.evaluate("window.__printed") is True
    page.get_by_role("link", name="Quay lại thủ tục").click()
    expect(page).to_have_url(procedure_url)


def result_count(page):
    heading = page.locator("#results-heading").inner_text()
    return int(re.match(r"(\d+)", heading).group(1))


def test_citizen_filters_the_procedure_list_by_field_and_level_and_downloads_it(page, tmp_path):
    page.goto("/")
    open_main_menu(page)
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Thủ tục hành chính").click()
    expect(page.locator("h1")).to_have_text("Thủ tục hành chính")
    everything = result_count(page)

    fields = page.get_by_role("navigation", name="Lĩnh vực")
    fields.get_by_role("link", name=re.compile(r"^Giáo dục trung học \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"[?&]field="))
    in_field = result_count(page)
    assert 0 < in_field < everything
    expect(fields.get_by_role("link", name=re.compile(r"^Giáo dục trung học"))).to_have_attribute(
        "aria-current", "true"
    )

    levels = page.get_by_role("navigation", name="Cấp thực hiện")
    provincial = levels.get_by_role("link", name=re.compile(r"^cấp tỉnh \(\d+\)"))
    expected = int(re.search(r"\((\d+)\)", provincial.inner_text()).group(1))
    provincial.click()
    expect(page).to_have_url(re.compile(r"field=.*level=|level=.*field="))
    assert result_count(page) == expected
    assert 0 < expected <= in_field
    shown = page.locator(".procedure-list__item > a").all_inner_texts()
    assert len(shown) == expected  # one page of results
    screenshot(page, f"journey-procedure-filters-{page.viewport_name}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải danh sách (xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(cell or "") for cell in rows[0]]
    title_column = next(i for i, name in enumerate(header) if "Tên thủ tục" in name)
    downloaded = sorted(str(row[title_column]) for row in rows[1:] if row[title_column])
    assert downloaded == sorted(shown)
