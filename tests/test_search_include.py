"""The search views as the plugin's: a host includes them, apps contribute what they show.

``procedures.searching.urls`` serves the page, the JSON and the suggestions in any urlconf; the
portal includes it under its own ``search`` namespace and counts queries from the
``query_searched`` signal; ``cchc_pages`` adds its models and its feedback form through hooks.
"""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from cchc_pages.models import ArticlePage, DocumentLibraryPage, FeedbackFormPage, LegalDocument
from procedures.searching import engine
from procedures.searching.signals import query_searched
from search import stats
from tests.search_helpers import demo_procedures

HOST_TEMPLATES = Path(__file__).resolve().parent / "host_templates"


pytestmark = pytest.mark.usefixtures("fresh_search_caches")


@pytest.fixture
def procedures(db):
    return demo_procedures()


@pytest.fixture
def host(settings):
    """A host site: its own URLs (tests/host_search_urls.py) and its own minimal base.html."""
    settings.ROOT_URLCONF = "tests.host_search_urls"
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [HOST_TEMPLATES]}]


@pytest.fixture
def searches():
    """The (query, count) of every ``query_searched`` signal sent during the test."""
    sent = []

    def receiver(sender, request, query, count, **kwargs):
        sent.append((query, count))

    query_searched.connect(receiver, dispatch_uid="test_search_include")
    yield sent
    query_searched.disconnect(dispatch_uid="test_search_include")


def test_host_that_includes_the_search_serves_json_and_suggestions(host, procedures, client):
    assert reverse("procedures_search:search") == "/tim-kiem/"
    assert reverse("procedures_search:suggest") == "/tim-kiem/goi-y/"
    response = client.get("/tim-kiem/", {"q": "chuyen truong", "format": "json"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 2
    assert all(item["title"].startswith("Chuyển trường") for item in data["results"])
    pages = {page.title: page.url for page in procedures}
    assert all(item["url"] == pages[item["title"]] for item in data["results"])
    by_code = json.loads(client.get("/tim-kiem/goi-y/", {"q": "1.0050"}).content)["suggestions"]
    assert {s["code"] for s in by_code} == {"1.005074", "1.005090"}
    response = client.get("/tim-kiem/", {"q": "", "format": "json"})
    assert response.status_code == 400 and "error" in json.loads(response.content)


def test_host_gets_the_search_page_in_its_own_base_template(host, procedures, client):
    response = client.get("/tim-kiem/", {"q": "chuyen truong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-host-base" in html and html.count("<h1") == 1
    assert 'action="/tim-kiem/"' in html and "procedures/search.css" in html
    assert "<mark>Chuyển</mark> <mark>trường</mark>" in html
    assert "search-empty" in client.get("/tim-kiem/", {"q": "zzqx wwyy"}).content.decode()


def test_every_new_search_sends_the_signal_once(host, procedures, client, searches):
    client.get("/tim-kiem/", {"q": "chuyen truong", "format": "json"})
    client.get("/tim-kiem/", {"q": "chuyen truong", "page": 2})  # a later page is the same search
    client.get("/tim-kiem/", {"q": "zzqx wwyy", "format": "json"})
    client.get("/tim-kiem/goi-y/", {"q": "chuyen tr"})  # suggestions are not searches
    assert searches == [("chuyen truong", 2), ("zzqx wwyy", 0)]


def test_the_portal_keeps_its_addresses_and_url_names(procedures, client, searches):
    assert reverse("search:search") == reverse("procedures_search:search") == "/tim-kiem/"
    assert reverse("search:suggest") == "/tim-kiem/goi-y/"
    html = client.get("/tim-kiem/", {"q": "chuyen truong"}).content.decode()
    assert 'action="/tim-kiem/"' in html
    assert "procedures/search.css" in html
    assert searches == [("chuyen truong", 2)]
    assert stats.pending() == 1  # the portal's statistics receive the signal


def test_search_groups_come_from_the_apps_and_the_setting_replaces_them(db, settings):
    assert engine.group_models() == {
        "article": ["cchc_pages.ArticlePage"],
        "document": ["cchc_pages.LegalDocument"],
    }
    models = {group.name: group.models for group in engine.groups()}
    assert models["document"] == [LegalDocument]
    assert ArticlePage in models["article"]
    settings.PROCEDURES_SEARCH_GROUP_MODELS = {"document": []}
    models = {group.name: group.models for group in engine.groups()}
    assert "document" not in models
    assert ArticlePage in models["article"]  # now as one of the other pages


def test_legal_documents_are_found_with_the_link_their_model_gives(cchc_site, client):
    document = LegalDocument.objects.get(number="46/KH-UBND")
    library = DocumentLibraryPage.objects.live().get(locale=document.locale)
    response = client.get(
        "/tim-kiem/", {"q": "ke hoach cai cach hanh chinh", "type": "document", "format": "json"}
    )
    results = json.loads(response.content)["results"]
    assert {"type": "document", "title": str(document), "url": library.url, "code": ""} in results


def test_nothing_found_links_to_the_feedback_form_a_hook_gives(cchc_site, client):
    form = FeedbackFormPage.objects.live().get(locale__language_code="vi")
    html = client.get("/tim-kiem/", {"q": "zzqx wwyy"}).content.decode()
    assert "search-empty" in html
    assert f'href="{form.url}"' in html
