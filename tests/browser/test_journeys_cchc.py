"""Journeys through the CCHC section: a citizen's feedback, and an article from writing to the feed."""

import re
import xml.etree.ElementTree as ET

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from .conftest import PASSWORD, SiteUsers
from .harness import BROWSER, audit_page, log_in, screenshot

pytestmark = BROWSER

FEEDBACK_PAGE = "/cai-cach-hanh-chinh/phan-anh-kien-nghi/"
NEWS_PAGE = "/cai-cach-hanh-chinh/tin-tuc/"


def test_citizen_sends_feedback_and_looks_up_its_status_with_the_code(page):
    page.goto("/")
    page.get_by_role("link", name="Phản ánh, kiến nghị").first.click()
    expect(page).to_have_url(re.compile(f"{FEEDBACK_PAGE}$"))

    form = page.locator("form.cchc-form")
    form.get_by_label("Thủ tục, quy định hành chính").check()
    form.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    form.get_by_label("Điện thoại hoặc email").fill("0912 345 678")
    form.get_by_label("Thủ tục hành chính liên quan").select_option(
        label="Cấp bản sao văn bằng chứng chỉ từ sổ gốc"
    )
    form.get_by_label("Nội dung").fill("Hồ sơ nộp ngày 02/3 đến nay chưa có kết quả, xin cho biết tiến độ.")
    form.get_by_label("Tôi đồng ý cho xử lý dữ liệu cá nhân như nêu trên.").check()
    form.get_by_role("button", name="Gửi").click()

    expect(page.locator("h1")).to_have_text("Cảm ơn bạn đã gửi phản ánh, kiến nghị")
    code = page.locator(".cchc-reference .code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{6,32}", code), code
    expect(page.locator(".cchc-sent")).to_contain_text("chưa có kết quả")
    screenshot(page, f"journey-feedback-thanks-{page.viewport_name}")
    report = audit_page(page, f"feedback-thanks-{page.viewport_name}", lang="vi")
    assert not report, report.text()

    page.get_by_role("link", name="Tra cứu tình trạng").click()
    expect(page).to_have_url(re.compile(f"{FEEDBACK_PAGE}tra-cuu/"))
    page.get_by_label("Mã số").fill(code.lower())  # people copy codes carelessly
    page.get_by_role("button", name="Tra cứu").click()
    status = page.locator("main").get_by_role("status")
    expect(status).to_contain_text(code)
    expect(status.locator(".cchc-status")).to_have_text("Đã tiếp nhận")
    screenshot(page, f"journey-feedback-lookup-{page.viewport_name}")
    report = audit_page(page, f"feedback-lookup-{page.viewport_name}", lang="vi")
    assert not report, report.text()

    page.get_by_label("Mã số").fill("KHONG-CO-MA-NAY")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("main").get_by_role("status")).to_contain_text("Không có phản ánh nào có mã số này")


def make_picture(path):
    picture = Image.new("RGB", (800, 450), (11, 74, 143))
    ImageDraw.Draw(picture).rectangle([120, 110, 680, 340], fill=(255, 212, 0))
    picture.save(path)
    return path


def test_contributor_writes_an_article_the_office_publishes_it_and_it_reaches_the_feed(page, tabs, tmp_path):
    title = "Tập huấn nghiệp vụ kiểm soát thủ tục hành chính năm 2021"
    picture = make_picture(tmp_path / "tap-huan.png")

    # The contributor writes the article with a picture and submits it for approval.
    log_in(page, SiteUsers.contributor, PASSWORD)
    page.goto(f"/admin/pages/{news_index_id()}/add_subpage/")
    expect(page).to_have_url(re.compile(r"/admin/pages/add/cchc_pages/articlepage/\d+/$"))
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill("Lớp tập huấn cho cán bộ đầu mối kiểm soát thủ tục hành chính.")
    body = page.locator("[id$='-body-section']")
    body.get_by_role("button", name="Chèn khối").first.click()
    page.get_by_role("option", name="Đoạn văn", exact=True).click()
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Sở Giáo dục và Đào tạo tổ chức lớp tập huấn nghiệp vụ cho cán bộ đầu mối.")
    body.get_by_role("button", name="Chèn khối").last.click()
    page.get_by_role("option", name="Hình ảnh có chú thích", exact=True).click()
    body.locator("button[data-chooser-action-choose]").click()
    chooser = page.locator(".modal.in")
    chooser.get_by_role("tab", name="Tải lên").click()
    chooser.locator("input[type=file]").set_input_files(picture)
    chooser.get_by_label("Tiêu đề").fill("Lớp tập huấn kiểm soát TTHC")
    chooser.locator("form button[type=submit]").last.click()
    expect(chooser).to_be_hidden()
    body.get_by_role("textbox", name="văn bản thay thế", exact=True).fill(
        "Cán bộ đầu mối dự lớp tập huấn tại hội trường Sở"
    )
    body.get_by_role("textbox", name="chú thích", exact=True).fill("Lớp tập huấn nghiệp vụ năm 2021")
    screenshot(page, f"journey-article-editor-{page.viewport_name}")
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name=re.compile(r"^Gửi duyệt")).click()
    # "Đã gửi duyệt…", or "Đã tạo và gửi duyệt…" when autosave has not created the page yet.
    expect(page.locator(".messages")).to_contain_text(re.compile(f"gửi duyệt trang “{title}”"))
    assert page.request.get(NEWS_PAGE).text().count(title) == 0  # not public before approval

    # The office approves it from its dashboard: one approval step publishes the page.
    office = tabs.open()
    log_in(office, SiteUsers.approver, PASSWORD)
    row = office.locator("tr", has_text=title)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Thao tác").click()
    row.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(office.locator("tr", has_text=title)).to_have_count(0)

    # A citizen finds it on the section page, reads it with its picture, and in the feed.
    page.goto("/cai-cach-hanh-chinh/")
    page.locator("main").get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    picture_on_page = page.locator("figure.cchc-figure img")
    expect(picture_on_page).to_have_attribute("alt", "Cán bộ đầu mối dự lớp tập huấn tại hội trường Sở")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", picture_on_page.element_handle())
    expect(page.locator("figure.cchc-figure figcaption")).to_have_text("Lớp tập huấn nghiệp vụ năm 2021")
    screenshot(page, f"journey-article-{page.viewport_name}")
    report = audit_page(page, f"article-new-{page.viewport_name}", lang="vi")
    assert not report, report.text()

    page.goto(NEWS_PAGE)
    feed_url = page.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href")
    feed = page.request.get(feed_url)
    assert feed.ok and "xml" in feed.headers["content-type"]
    channel = ET.fromstring(feed.body())  # noqa: S314 - the feed of our own test server
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles[0] == title  # newest first


def news_index_id():
    from cchc_pages.models import ArticleIndexPage

    return ArticleIndexPage.objects.get(locale__language_code="vi").pk
