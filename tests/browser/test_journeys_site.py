"""Journeys through the site shell: languages, the phone menu, a missing page, the admin login."""

import re

from playwright.sync_api import expect

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, open_main_menu, screenshot

pytestmark = BROWSER


def test_citizen_switches_to_english_and_back(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Department of Education and Training")

    open_main_menu(page)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Administrative reform").click()
    expect(page).to_have_url(re.compile(r"/en/cai-cach-hanh-chinh/$"))
    expect(page.locator("h1")).to_have_text("Administrative reform")
    screenshot(page, f"journey-language-en-{page.viewport_name}")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(re.compile(r"/cai-cach-hanh-chinh/$"))
    assert "/en/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text("Chuyên trang cải cách hành chính")


def test_phone_menu_opens_with_the_keyboard(page):
    page.goto("/")
    toggle = page.locator(".main-nav__toggle")
    menu_link = page.get_by_role("navigation", name="Menu chính").get_by_role(
        "link", name="Chuyên trang cải cách hành chính"
    )
    if page.viewport_name == "desktop":
        expect(toggle).to_be_hidden()
        expect(menu_link).to_be_visible()
        return
    expect(menu_link).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    for _ in range(10):  # Tab along the opened menu to the section's link
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#main-nav-list') !== null")
        if page.evaluate("document.activeElement.textContent.trim()") == "Chuyên trang cải cách hành chính":
            break
    expect(menu_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cai-cach-hanh-chinh/$"))


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_citizen_on_a_missing_page_searches_from_it(page):
    response = page.goto("/trang-khong-ton-tai/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    field = page.locator("main").get_by_role("searchbox", name="Tìm kiếm")
    field.fill("cai cach hanh chinh")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=cai\+cach\+hanh\+chinh"))
    expect(page.locator("h1")).to_have_text("Tìm kiếm")
    expect(page.locator("#search-page-input")).to_have_value("cai cach hanh chinh")


def test_administrator_logs_in_with_the_keyboard(page):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator("#id_username").focus()
    page.keyboard.type(SiteUsers.admin)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    screenshot(page, f"journey-admin-dashboard-{page.viewport_name}")
