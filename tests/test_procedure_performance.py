"""Query counts of procedure pages: bounded, and not growing with rows or with the catalogue."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from procedures.models import (
    Agency,
    Field,
    LegalBasis,
    ProcedurePage,
    ProcedureStep,
    ProcedureSubmissionMode,
    RequiredDocument,
)

from .procedure_helpers import make_index, make_procedure


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()


def _big_procedure(index, title, documents, modes, laws, code=""):
    field, _ = Field.objects.get_or_create(name="Văn bằng, chứng chỉ")
    agency, _ = Agency.objects.get_or_create(name="Sở Giáo dục và Đào tạo")
    page = make_procedure(
        index, title, publish=False, code=code, field=field, handling_agency=agency, deciding_agency=agency
    )
    page.steps = [ProcedureStep(text=f"Bước {n}") for n in range(5)]
    page.required_documents = [RequiredDocument(name=f"Giấy tờ {n}", originals=1) for n in range(documents)]
    page.submission_modes = [
        ProcedureSubmissionMode(mode=mode, processing_time="05 ngày")
        for mode in ["in_person", "online", "postal"][:modes]
    ]
    page.legal_basis = [LegalBasis(number=f"{n}/2024/NĐ-CP", title="Nghị định") for n in range(laws)]
    page.save_revision().publish()
    return ProcedurePage.objects.get(pk=page.pk)


def _queries(client, url):
    # Warm per-process caches (content types, site root paths) and the chrome fragments; the
    # first request may create the site settings, which purges the chrome it has just cached.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_procedure_page_query_count_does_not_grow_with_rows(client, db):
    index = make_index()
    small = _big_procedure(index, "Thủ tục nhỏ", documents=1, modes=1, laws=1, code="1.000001")
    big = _big_procedure(index, "Thủ tục lớn", documents=15, modes=3, laws=6, code="1.000002")
    assert _queries(client, big.url) == _queries(client, small.url)


def test_procedure_data_is_read_in_at_most_15_queries(rf, db):
    """Finding the procedure under its index and building everything the page shows.

    The whole response adds the site's shared chrome (menu, breadcrumbs, language switcher,
    settings): see bench/README.md for the figures of the full page.
    """
    index = make_index()
    big = _big_procedure(index, "Thủ tục lớn", documents=15, modes=3, laws=6, code="1.000002")
    request = rf.get(big.url)
    request.is_preview = False
    with CaptureQueriesContext(connection) as context:
        page, _args, _kwargs = index.route(request, [big.slug])
        data = page.get_context(request)
    assert page.pk == big.pk
    assert len(data["sections"]) >= 8
    assert len(context) <= 15, [query["sql"][:80] for query in context.captured_queries]


def test_procedure_page_response_takes_at_most_15_queries(client, db):
    """The whole response, site chrome included, once the chrome is in its fragment cache."""
    index = make_index()
    big = _big_procedure(index, "Thủ tục lớn", documents=15, modes=3, laws=6, code="1.000002")
    assert _queries(client, big.url) <= 15


def test_chrome_cache_off_renders_the_same_page(client, db, settings):
    index = make_index()
    big = _big_procedure(index, "Thủ tục lớn", documents=2, modes=1, laws=1, code="1.000002")
    client.get(big.url)
    cached = client.get(big.url).content
    settings.CHROME_CACHE_SECONDS = 0
    fresh = client.get(big.url).content
    assert cached == fresh
    assert b'class="site-header"' in fresh and b'class="breadcrumbs' in fresh


def _catalogue(index, count):
    """``count`` procedures, created in bulk (tree paths computed like treebeard does)."""
    fields = [Field.objects.create(name=f"Lĩnh vực {n}") for n in range(5)]
    existing = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).count()
    pages = []
    for n in range(existing, existing + count):
        page = ProcedurePage(
            title=f"Thủ tục số {n}",
            slug=f"thu-tuc-so-{n}",
            field=fields[n % 5],
            level_province=n % 2 == 0,
            level_district=n % 3 == 0,
            online_service_level=["", "full", "partial"][n % 3],
            postal_receipt=n % 4 == 0,
            status=["in_force", "in_force", "amended", "abolished"][n % 4],
            live=True,
            locale=index.locale,
            depth=index.depth + 1,
            path=index._get_path(index.path, index.depth + 1, n + 1),
            url_path=f"{index.url_path}thu-tuc-so-{n}/",
        )
        pages.append(page)
    for page in pages:
        page.save(clean=False)
    Page.objects.filter(pk=index.pk).update(numchild=existing + count)


def test_index_page_query_count_is_the_same_for_100_and_1000_procedures(client, db):
    index = make_index()
    _catalogue(index, 100)
    url = index.url + "?level=province&page=2"
    with_100 = _queries(client, url)
    _catalogue(index, 900)
    assert ProcedurePage.objects.count() == 1000
    with_1000 = _queries(client, url)
    assert with_100 == with_1000
    html = client.get(index.url + "?status=all").content.decode()
    assert "1000 thủ tục" in html
