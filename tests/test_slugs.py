"""Slugs from Vietnamese titles: the admin's slug widget and the server agree (home.slugs)."""

import json
import re
import unicodedata

import pytest
from django.urls import reverse

from home.slugs import VIETNAMESE_LETTERS, VIETNAMESE_SLUG_FORMATTERS, ascii_slug


def format_like_the_admin(text):
    """What Wagtail's w-slug controller does with the formatters, then its ASCII urlify step."""
    for pattern, replacement in VIETNAMESE_SLUG_FORMATTERS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[^-\w\s]", "", text.lower(), flags=re.ASCII)
    return re.sub(r"[-\s]+", "-", text).strip("-")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Thủ tục cấp bản sao văn bằng, chứng chỉ", "thu-tuc-cap-ban-sao-van-bang-chung-chi"),
        ("Đề án đào tạo, bồi dưỡng ĐỘI NGŨ giáo viên", "de-an-dao-tao-boi-duong-doi-ngu-giao-vien"),
        ("Ưu tiên tuyển sinh lớp 10 – Ơn gọi", "uu-tien-tuyen-sinh-lop-10-on-goi"),
    ],
)
def test_the_admin_formatters_give_the_servers_slug(title, slug):
    assert ascii_slug(title) == slug
    assert format_like_the_admin(title) == slug
    assert format_like_the_admin(unicodedata.normalize("NFD", title)) == slug


def test_every_vietnamese_letter_becomes_its_ascii_letter():
    assert len(VIETNAMESE_LETTERS) == 134  # 66 vowels with marks and đ, in both cases
    for letter in VIETNAMESE_LETTERS:
        assert format_like_the_admin(letter) == ascii_slug(letter) != ""
        assert format_like_the_admin(unicodedata.normalize("NFD", letter)) == ascii_slug(letter)


def test_the_page_editor_slug_field_carries_the_formatters(client, django_user_model, cchc_site):
    from cchc_pages.models import ArticleIndexPage

    index = ArticleIndexPage.objects.get(locale__language_code="vi")
    client.force_login(django_user_model.objects.create_superuser("slugs", "slugs@example.org", "x"))
    response = client.get(reverse("wagtailadmin_pages:add", args=["cchc_pages", "articlepage", index.pk]))
    assert response.status_code == 200
    match = re.search(r'<input[^>]*id="id_slug"[^>]*>', response.content.decode())
    assert match, "no slug field"
    formatters = re.search(r'data-w-slug-formatters-value="([^"]*)"', match.group(0))
    assert formatters, match.group(0)
    assert json.loads(formatters.group(1).replace("&quot;", '"'))[0][1] == "A"
