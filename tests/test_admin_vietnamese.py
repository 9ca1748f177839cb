"""The Wagtail admin in Vietnamese: site/locale_wagtail fills what Wagtail's own catalogue lacks.

The screens are checked through the real views with a superuser, so a msgid that Wagtail renames
in an upgrade shows up here as English text. The catalogue checks guard the translations
themselves: every placeholder and HTML tag of the msgid kept, and the .mo compiled from the .po.
"""

import json
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from wagtail.models import Page, Workflow
from wagtail.snippets.models import get_snippet_models

from home.models import HomePage

CATALOGUE = Path(__file__).resolve().parent.parent / "site" / "locale_wagtail" / "vi" / "LC_MESSAGES"
NAMED = re.compile(r"%\([^)]+\)[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")
POSITIONAL = re.compile(r"%[sdif]|\{[0-9]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.fixture
def superuser_client(client, django_user_model, demo_site):
    user = django_user_model.objects.create_superuser("quantri", "quantri@example.com", "mat-khau-thu")
    client.force_login(user)
    client.user = user
    return client


def home_page():
    return HomePage.objects.get(locale__language_code="vi")


def admin_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert 'lang="vi"' in html
    return html


def test_login_page_is_in_vietnamese(client, db):
    html = admin_html(client, "/admin/login/")
    assert "Đăng nhập trang quản trị" in html  # "Sign in to Wagtail", from our catalogue
    assert "Quên mật khẩu?" in html
    assert "Ghi nhớ đăng nhập" in html
    assert "Sign in to Wagtail" not in html
    assert "Forgotten password?" not in html


def test_failed_login_message_is_in_vietnamese(client, django_user_model):
    django_user_model.objects.create_superuser("quantri", "quantri@example.com", "mat-khau-thu")
    response = client.post("/admin/login/", {"username": "quantri", "password": "sai"})
    html = response.content.decode()
    assert "hoặc mật khẩu không đúng. Vui lòng thử lại." in html  # upstream had a missing space
    assert "didn't match" not in html


def test_password_reset_page_is_in_vietnamese(client, db):
    html = admin_html(client, "/admin/password_reset/")
    assert "Đặt lại mật khẩu" in html
    assert "Reset your password" not in html


def sidebar_strings(html):
    """Every string in the sidebar's JSON props (the menu is drawn by JavaScript from them)."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(props.group(1)))
    return strings


def test_dashboard_is_in_vietnamese(superuser_client):
    html = admin_html(superuser_client, "/admin/")
    assert "Bảng điều khiển" in html  # "Dashboard"
    assert "Tóm tắt trang web" in html  # "Site summary"
    assert "Chuyển đến nội dung chính" in html  # "Skip to main content"
    assert "Site summary" not in html
    assert "Skip to main content" not in html


def test_sidebar_menu_is_in_vietnamese(superuser_client):
    labels = sidebar_strings(admin_html(superuser_client, "/admin/"))
    for vietnamese in (
        "Trang",
        "Hình ảnh",
        "Báo cáo",
        "Cài đặt",
        "Người dùng",
        "Nhóm",
        "Trợ giúp",
        "Tài liệu",  # "Documents": our code's "Documents" has a context, so it no longer wins here
    ):
        assert vietnamese in labels, vietnamese
    assert "Văn bản" not in labels
    for english in (
        "Pages",
        "Images",
        "Documents",
        "Reports",
        "Settings",
        "Users",
        "Groups",
        "Help",
        "Workflows",
    ):
        assert english not in labels, english


def test_page_explorer_is_in_vietnamese(superuser_client):
    home = home_page()
    html = admin_html(superuser_client, f"/admin/pages/{home.pk}/")
    assert "Thêm trang con" in html  # "Add child page"
    assert "Sắp xếp" in html
    assert "Add child page" not in html
    assert "Sort the order of child pages" not in html


def test_home_page_editor_is_in_vietnamese(superuser_client):
    home = home_page()
    html = admin_html(superuser_client, f"/admin/pages/{home.pk}/edit/")
    for vietnamese in ("Lưu bản nháp", "Xuất bản", "Lên lịch xuất bản", "Nội dung", "Quảng bá", "Xem trước"):
        assert vietnamese in html, vietnamese
    for english in (">Save draft<", ">Promote<", "Set publishing schedule", "Toggle side panel"):
        assert english not in html, english


def some_snippet():
    """A registered snippet with an instance (the demo content has several)."""
    model = next(m for m in get_snippet_models() if m._default_manager.exists())
    return model.snippet_viewset, model._default_manager.first()


def test_snippet_listing_is_in_vietnamese(superuser_client):
    viewset, _obj = some_snippet()
    html = admin_html(superuser_client, reverse(viewset.get_url_name("list")))
    assert "Thao tác hàng loạt" in html  # "Bulk actions"
    assert "Chọn dòng" in html  # "Select row"
    assert "Bulk actions" not in html


def test_snippet_editor_and_history_are_in_vietnamese(superuser_client):
    viewset, obj = some_snippet()
    html = admin_html(superuser_client, reverse(viewset.get_url_name("edit"), args=[obj.pk]))
    assert "Nơi sử dụng" in html  # "Usage" in the status side panel
    assert "Ẩn/hiện trạng thái" in html  # "Toggle status"
    assert "Toggle status" not in html
    html = admin_html(superuser_client, reverse(viewset.get_url_name("history"), args=[obj.pk]))
    assert "Lịch sử" in html  # Django's own "Bản ghi nhớ" (memo) is overridden
    assert "Bản ghi nhớ" not in html


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Wagtail admin", "Trang quản trị"),
        ("Dashboard", "Bảng điều khiển"),
        ("Pages", "Trang"),
        ("Publish", "Xuất bản"),
        ("Save draft", "Lưu bản nháp"),
        ("Submit for moderation", "Gửi duyệt"),
        ("Approve", "Phê duyệt"),
        ("Request changes", "Trả lại để chỉnh sửa"),
        ("Workflows", "Quy trình duyệt"),
        ("Snippets", "Dữ liệu dùng chung"),
        ("Images", "Hình ảnh"),
        ("Users", "Người dùng"),
        ("Groups", "Nhóm"),
        ("Settings", "Cài đặt"),
        ("Translations", "Bản dịch"),
        ("Collections", "Bộ sưu tập"),
        ("Redirects", "Chuyển hướng"),
        ("Forms", "Biểu mẫu"),
        ("Locales", "Ngôn ngữ"),
    ],
)
def test_admin_terminology(english, vietnamese):
    with translation.override("vi"):
        assert gettext(english) == vietnamese


def test_workflow_screens_are_in_vietnamese(superuser_client):
    html = admin_html(superuser_client, "/admin/workflows/list/")
    assert "Quy trình duyệt" in html
    assert "Bước %(step_number)s".replace("%(step_number)s", "1") in html  # "Step 1" of the default workflow
    html = admin_html(superuser_client, "/admin/workflows/tasks/index/")
    assert "Bước duyệt" in html


def test_page_in_moderation_shows_vietnamese_review_actions(superuser_client):
    home = home_page()
    revision = home.save_revision(user=superuser_client.user)
    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.start(home, superuser_client.user)
    assert Page.objects.get(pk=home.pk).workflow_in_progress
    assert revision.pk

    html = admin_html(superuser_client, "/admin/")
    assert "Đang chờ bạn duyệt" in html  # "Awaiting your review"

    html = admin_html(superuser_client, f"/admin/pages/{home.pk}/edit/")
    assert "Phê duyệt" in html  # "Approve"
    assert "Trả lại để chỉnh sửa" in html  # "Request changes"
    assert "Request changes" not in html

    html = admin_html(superuser_client, f"/admin/pages/{home.pk}/history/")
    assert "Lịch sử duyệt" in html or "Quy trình duyệt" in html


@pytest.mark.parametrize(
    ("context", "english", "ours", "wagtails"),
    [
        ("procedure field", "Field", "Lĩnh vực", "Trường"),
        ("procedure field", "Fields", "Lĩnh vực", "Trường"),
        ("procedure status", "Status", "Tình trạng", "Trạng thái"),
        ("procedure status", "status", "tình trạng", "trạng thái"),
        ("required document", "Document", "Giấy tờ", "Tài liệu"),
        ("required document", "document", "giấy tờ", "tài liệu"),
        ("required document", "Form", "Mẫu đơn, tờ khai", "Biểu mẫu"),
        ("search result type", "Documents", "Văn bản", "Tài liệu"),
        ("procedure dossier", "Documents", "Hồ sơ", "Tài liệu"),
        ("legal decision", "Action", "Hình thức", "Thao tác"),
        ("procedure taxonomy", "slug", "đường dẫn", "đường dẫn (slug)"),
        ("cchc", "Tasks", "Nhiệm vụ", "Bước duyệt"),
        ("cchc", "task", "nội dung công việc", "bước duyệt"),
        ("cchc", "tasks", "nhiệm vụ", "bước duyệt"),
        ("cchc", "Not started", "Chưa thực hiện", "Chưa bắt đầu"),
        ("cchc", "tags", "từ khóa", "thẻ"),
        ("search statistics", "query", "từ khóa", "từ khóa tìm kiếm"),
        ("search report", "Show", "Xem", "Hiển thị"),
    ],
)
def test_shared_msgids_keep_both_meanings(context, english, ours, wagtails):
    """Our code marks its meaning of a word Wagtail also uses with a context; Wagtail keeps its own."""
    with translation.override("vi"):
        assert pgettext(context, english) == ours
        assert gettext(english) == wagtails


def test_wagtail_and_the_project_keep_their_own_words_for_shared_msgids(superuser_client):
    from procedures.models import ProcedurePage

    html = admin_html(superuser_client, "/admin/documents/")
    assert "<title>Tài liệu" in html  # Wagtail's "Documents"
    assert "Văn bản" not in html and "Hồ sơ" not in html

    labels = sidebar_strings(admin_html(superuser_client, "/admin/"))
    assert "Lĩnh vực" in labels  # the procedures menu's "Fields" (context "procedure field")
    assert "Trường" not in labels

    html = admin_html(superuser_client, "/admin/workflows/tasks/index/")
    assert "Bước duyệt" in html and "Nhiệm vụ" not in html

    procedure = ProcedurePage.objects.filter(locale__language_code="vi").first()
    html = admin_html(superuser_client, f"/admin/pages/{procedure.pk}/edit/")
    assert re.search(r">\s*Hồ sơ\s*<", html)  # the "Documents" tab of the procedure editor
    assert re.search(r">\s*Giấy tờ\s*<", html)  # the required documents' inline panel
    assert re.search(r">\s*Tình trạng\s*<", html)  # the "Status" panel of the legal tab
    assert not re.search(r">\s*Tài liệu\s*<", html)


def catalogue_entries():
    for name in ("django.po", "djangojs.po"):
        for entry in polib.pofile(str(CATALOGUE / name)):
            yield name, entry


def translations(entry):
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
    return [(entry.msgid, entry.msgstr)]


def test_every_catalogue_entry_is_translated_and_not_fuzzy():
    entries = list(catalogue_entries())
    assert len(entries) > 1500
    for name, entry in entries:
        assert "fuzzy" not in entry.flags, (name, entry.msgid)
        for _source, text in translations(entry):
            assert text.strip(), (name, entry.msgid)


def test_every_translation_keeps_the_placeholders_and_tags_of_its_msgid():
    problems = []
    for name, entry in catalogue_entries():
        for source, text in translations(entry):
            if set(NAMED.findall(text)) != set(NAMED.findall(source)):
                problems.append((name, entry.msgid, text, "named placeholders"))
            if Counter(POSITIONAL.findall(text)) != Counter(POSITIONAL.findall(source)):
                problems.append((name, entry.msgid, text, "positional placeholders"))
            if Counter(TAG.findall(text)) != Counter(TAG.findall(source)):
                problems.append((name, entry.msgid, text, "HTML tags"))
    assert problems == []


def test_placeholder_check_catches_a_dropped_placeholder():
    source = 'Page "%(title)s" has <b>%(count)s</b> children'
    assert set(NAMED.findall("Trang có %(count)s trang con")) != set(NAMED.findall(source))
    assert Counter(TAG.findall("Trang “%(title)s” có %(count)s trang con")) != Counter(TAG.findall(source))


PROJECT_CATALOGUES = [
    CATALOGUE.parents[3] / folder / "locale" / "vi" / "LC_MESSAGES"
    for folder in ("site", "procedures", "cchc_pages")
]


@pytest.mark.parametrize("folder", PROJECT_CATALOGUES, ids=lambda folder: folder.parents[2].name)
def test_project_catalogues_are_complete_and_compiled(folder):
    """A fuzzy or empty entry is left out of the .mo, so the screen would fall back to English."""
    po = polib.pofile(str(folder / "django.po"))
    problems = [
        (entry.msgctxt, entry.msgid)
        for entry in po
        if "fuzzy" in entry.flags or not all(text.strip() for _source, text in translations(entry))
    ]
    assert problems == [], f"translate these in {folder}/django.po"
    for entry in po:
        for source, text in translations(entry):
            assert set(NAMED.findall(text)) == set(NAMED.findall(source)), entry.msgid
    mo = polib.mofile(str(folder / "django.mo"))
    compiled = {(e.msgctxt, e.msgid) for e in mo if e.msgid}
    assert compiled == {(e.msgctxt, e.msgid) for e in po}, "run `make compilemessages`"


def test_no_project_catalogue_is_overridden_by_ours():
    """LOCALE_PATHS beats the apps' catalogues, so an entry here would replace a plugin's own text.

    Where our code and Wagtail use the same msgid with different meanings, the project's
    translation wins (a Wagtail screen then shows the project's word); keep Wagtail's meaning
    by giving the project's string a context (pgettext) instead.
    """
    project = CATALOGUE.parents[3]
    ours = {}
    for name, entry in catalogue_entries():
        ours[(name, entry.msgctxt, entry.msgid)] = translations(entry)[0][1]
    theirs = [project / "site" / "locale" / "vi" / "LC_MESSAGES"]
    theirs += [path.parent for path in project.glob("*/locale/vi/LC_MESSAGES/django.po")]
    problems = []
    for folder in theirs:
        for name in ("django.po", "djangojs.po"):
            if not (folder / name).exists():
                continue
            for entry in polib.pofile(str(folder / name)).translated_entries():
                text = translations(entry)[0][1]
                ours_text = ours.get((name, entry.msgctxt, entry.msgid))
                if ours_text is not None and ours_text != text:
                    problems.append((str(folder.relative_to(project)), entry.msgid, text, ours_text))
    assert problems == [], "delete these msgids from site/locale_wagtail (or use pgettext in our code)"


def test_compiled_catalogue_matches_the_po_file():
    for name in ("django", "djangojs"):
        po = polib.pofile(str(CATALOGUE / f"{name}.po"))
        mo = polib.mofile(str(CATALOGUE / f"{name}.mo"))
        expected = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural[0] for e in po.translated_entries()}
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, e.msgstr_plural.get("0"))
            for e in mo
            if e.msgid
        }
        assert compiled == expected, f"run `make compilemessages` for {name}.po"
