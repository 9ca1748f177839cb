"""Cross-cutting security: script payloads are escaped wherever they come out, and drafts,
private pages, form submissions and feedback never leak through search, the API or the feeds.
(Each owner tests their own inputs too; this file checks the site as a whole.)"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<script>alert", "<img src=x onerror")


def assert_no_raw_payload(text, where):
    for marker in RAW_MARKERS:
        assert marker not in text, f"unescaped payload in {where}"


def assert_safe(response, where):
    """HTML must carry the payload escaped. JSON carries it as data: it must be well-formed and
    served as JSON (with nosniff, so no browser renders it as HTML); the site's own scripts put
    JSON values into the page with textContent, never innerHTML."""
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        json.loads(body)
        assert response["X-Content-Type-Options"] == "nosniff", where
    else:
        assert_no_raw_payload(body, where)


def _public_urls(client):
    """Where public content comes out: pages, search (HTML, JSON, suggestions), API, feeds."""
    urls = ["/", "/en/", "/api/v2/pages/?order=-id", "/api/v2/pages/?search=xss"]
    if client.get("/api/v2/procedures/").status_code == 200:
        urls.append("/api/v2/procedures/?order=-id")
    from cchc_pages.models import ArticleIndexPage

    for index in ArticleIndexPage.objects.live():
        urls += [index.url + "rss/", index.url + "atom/", index.url]
    return urls


def _child_of_home(title, **extra):
    home = HomePage.objects.get(locale__language_code="vi")
    from cchc_pages.models import CCHCSectionPage

    section = CCHCSectionPage.objects.child_of(home).filter(locale=home.locale).first()
    parent = section or home
    allowed = [m for m in parent.specific_class.allowed_subpage_models() if m is not Page]
    from cchc_pages.models import ArticleIndexPage, ArticlePage

    article_index = ArticleIndexPage.objects.descendant_of(home).filter(locale=home.locale).first()
    if article_index:
        page = ArticlePage(title=title, slug=extra.pop("slug", "bai-thu"), **extra)
        article_index.add_child(instance=page)
        return page
    model = allowed[0]
    page = model(title=title, slug=extra.pop("slug", "trang-thu"), **extra)
    parent.add_child(instance=page)
    return page


# --- escaping ---------------------------------------------------------------------------------


def test_script_in_a_page_title_is_escaped_everywhere(client, demo_site):
    page = _child_of_home(PAYLOAD, slug="tieu-de-doc-hai", search_description=PAYLOAD)
    page.save_revision().publish()
    body = client.get(page.url).content.decode()
    assert "&lt;script&gt;alert" in body
    assert_no_raw_payload(body, page.url)
    for url in _public_urls(client) + ["/tim-kiem/?q=alert", "/tim-kiem/?q=alert&format=json"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response, url)


@pytest.mark.parametrize(
    "path",
    [
        "/tim-kiem/?q=",
        "/en/tim-kiem/?q=",
        "/tim-kiem/?format=json&q=",
        "/tim-kiem/goi-y/?q=",
    ],
)
def test_script_in_a_search_query_is_escaped(client, demo_site, path):
    from urllib.parse import quote

    response = client.get(path + quote(PAYLOAD))
    assert response.status_code in (200, 400)
    assert_safe(response, path)


def test_rich_text_from_the_editor_cannot_carry_script():
    """The admin's rich text editor stores only whitelisted HTML; typed markup becomes text."""
    converter = ContentstateConverter(features=["bold", "italic", "link", "h2", "ol", "ul"])
    typed = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": PAYLOAD,
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    stored = converter.to_database_format(json.dumps(typed))
    assert_no_raw_payload(stored, "stored rich text")
    assert "&lt;script&gt;" in stored
    # Pasted HTML loses its script and event handlers on the way into the editor.
    loaded = json.loads(converter.from_database_format(f"<p>ok</p>{PAYLOAD}"))
    assert "onerror" not in json.dumps(loaded)
    # The script element is gone and its content is plain text (escaped on output); the image
    # (no image feature here) leaves an empty block.
    assert [block["text"] for block in loaded["blocks"]] == ["ok", 'alert("xss")', ""]
    assert not loaded["entityMap"]


def test_feedback_text_is_escaped_in_the_admin(client, demo_site):
    from cchc_pages.models import Feedback

    feedback = Feedback.objects.create(reference="PA-XSS-1", content=PAYLOAD, name=PAYLOAD, contact=PAYLOAD)
    admin = get_user_model().objects.create_superuser("quantri", "q@example.org", "pw")
    client.force_login(admin)
    from django.urls import reverse

    for name, args in (("list", []), ("edit", [feedback.pk])):
        url = reverse(Feedback.snippet_viewset.get_url_name(name), args=args)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response, url)


# --- nothing private leaks --------------------------------------------------------------------

SECRET = "bimatnoibo"  # one ASCII word, so every search backend finds it if it is indexed


def _leak_sources(client):
    sources = {}
    for url in _public_urls(client) + [
        f"/tim-kiem/?q={SECRET}",
        f"/tim-kiem/?q={SECRET}&format=json",
        f"/tim-kiem/goi-y/?q={SECRET}",
        f"/api/v2/pages/?search={SECRET}",
    ]:
        response = client.get(url)
        sources[url] = (response.status_code, response.content.decode())
    return sources


@pytest.fixture
def hidden_content(demo_site):
    """A draft, a draft revision of a live page, a password page, a group-only page, a feedback
    message, each with SECRET in its title or text, and a published canary page."""
    from cchc_pages.models import Feedback

    draft = _child_of_home(f"Bản nháp {SECRET}", slug="ban-nhap-bi-mat", live=False)
    draft.save_revision()
    private = _child_of_home(f"Trang riêng {SECRET}", slug="trang-rieng-bi-mat")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="mk")
    group_only = _child_of_home(f"Trang nội bộ {SECRET}", slug="trang-noi-bo-bi-mat")
    group_only.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=group_only, restriction_type="groups")
    restriction.groups.set(Group.objects.all()[:1])
    published = _child_of_home(f"Bài {SECRET} đã đăng", slug="bai-da-dang")  # the canary
    published.save_revision().publish()
    published.title = f"Sửa chưa duyệt {SECRET}x"  # a draft revision of a live page
    published.save_revision()
    Feedback.objects.create(reference="PA-LEAK-1", content=f"Phản ánh {SECRET} riêng tư", name="Nguyễn Văn A")
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    return {"draft": draft, "private": private, "group_only": group_only, "published": published}


def _assert_hidden(sources, leaks):
    for url, (status, body) in sources.items():
        assert status in (200, 400), (url, status)
        for leaked in leaks:
            assert f"{leaked} {SECRET}" not in body, f"{leaked!r} leaks through {url}"


def test_drafts_and_feedback_do_not_leak(client, hidden_content):
    sources = _leak_sources(client)
    _assert_hidden(sources, ("Bản nháp", "Sửa chưa duyệt", "Phản ánh", "Nguyễn Văn A"))
    # The canary proves the search and the API did look: the published page is found.
    assert f"Bài {SECRET} đã đăng" in sources[f"/tim-kiem/?q={SECRET}&format=json"][1]
    assert f"Bài {SECRET} đã đăng" in sources[f"/api/v2/pages/?search={SECRET}"][1]
    assert client.get(f"/api/v2/pages/{hidden_content['draft'].pk}/").status_code == 404


def test_private_pages_do_not_leak_through_the_api_or_feeds(client, hidden_content):
    sources = {url: value for url, value in _leak_sources(client).items() if "/tim-kiem/" not in url}
    _assert_hidden(sources, ("Trang riêng", "Trang nội bộ"))
    assert SECRET not in client.get(hidden_content["private"].url).content.decode()
    assert client.get(hidden_content["group_only"].url).status_code in (302, 403)
    assert client.get(f"/api/v2/pages/{hidden_content['private'].pk}/").status_code == 404


def test_private_pages_do_not_leak_through_search(client, hidden_content):
    sources = {url: value for url, value in _leak_sources(client).items() if "/tim-kiem/" in url}
    _assert_hidden(sources, ("Trang riêng", "Trang nội bộ"))
