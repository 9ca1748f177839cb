"""The admin's slug sync keeps Vietnamese letters (as ASCII), like the slugs made on the server."""

import re

import pytest
from playwright.sync_api import expect

from home.slugs import ascii_slug

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, log_in

pytestmark = BROWSER

TITLES = {
    "Thủ tục cấp bản sao văn bằng, chứng chỉ": "thu-tuc-cap-ban-sao-van-bang-chung-chi",
    "Đề án đào tạo, bồi dưỡng ĐỘI NGŨ giáo viên": "de-an-dao-tao-boi-duong-doi-ngu-giao-vien",
    # Typed in decomposed Unicode (base letter + combining marks), as some keyboards send it.
    "Quyết định công nhận trường đạt chuẩn quốc gia".replace("ế", "e\u0302\u0301").replace(
        "ố", "o\u0302\u0301"
    ): "quyet-dinh-cong-nhan-truong-dat-chuan-quoc-gia",
}


def type_title(page, title):
    field = page.locator("#id_title")
    field.click()
    field.press("Control+a")
    field.press("Backspace")
    field.press_sequentially(title)
    field.press("Tab")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_title_syncs_an_ascii_slug_with_the_vietnamese_letters(page):
    log_in(page, SiteUsers.admin, PASSWORD)
    page.goto(f"/admin/pages/add/cchc_pages/articlepage/{news_index_id()}/")
    slug = page.locator("#id_slug")
    for title, expected in TITLES.items():
        assert ascii_slug(title) == expected  # what imports and demo content make on the server
        type_title(page, title)
        expect(slug).to_have_value(expected)

    # A slug typed by hand is cleaned the same way when the field loses focus.
    page.get_by_role("tab", name=re.compile("Quảng bá")).click()
    slug.fill("Đường dây nóng tiếp nhận phản ánh")
    slug.press("Tab")
    expect(slug).to_have_value("duong-day-nong-tiep-nhan-phan-anh")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_copy_page_cleans_a_vietnamese_slug_the_same_way(page):
    from procedures.models import ProcedurePage

    procedure = ProcedurePage.objects.filter(locale__language_code="vi").first()
    log_in(page, SiteUsers.admin, PASSWORD)
    page.goto(f"/admin/pages/{procedure.pk}/copy/")
    slug = page.locator("#id_new_slug")
    slug.fill("Cấp bản sao văn bằng từ sổ gốc")
    slug.press("Tab")
    expect(slug).to_have_value("cap-ban-sao-van-bang-tu-so-goc")


def news_index_id():
    from cchc_pages.models import ArticleIndexPage

    return ArticleIndexPage.objects.get(locale__language_code="vi").pk
