"""Citizen search: folding, thesaurus, codes, ranking, the page, JSON, suggestions, bad input, stats.

Runs on SQLite (default) and on PostgreSQL (DATABASE_URL=postgres://…): the same assertions hold
on both, which is the point — the ranking is computed in Python from the same index text.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import Client
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page

from procedures.models import SearchTerm
from procedures.searching import engine
from procedures.searching.query import find_codes, parse
from procedures.searching.synonyms import build
from procedures.text import clean_query, fold_d, tokens
from search import stats
from search.models import SearchQueryStat
from tests.search_helpers import articles, bulk_add_pages, demo_procedures, procedure_index, site_root

pytestmark = pytest.mark.usefixtures("fresh_search_caches")


@pytest.fixture
def procedures(db):
    return {p.title + (p.code or ""): p for p in demo_procedures()}


def by_title(title, status="in_force"):
    from procedures.models import ProcedurePage

    return ProcedurePage.objects.filter(title=title).first()


def top_titles(query, n=5, **kwargs):
    return [c.title for c in engine.search(query, **kwargs).candidates[:n]]


def get_json(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, "format": "json", **params})
    return response, (
        json.loads(response.content) if response["Content-Type"].startswith("application/json") else None
    )


# --------------------------------------------------------------------------- folding and index


def test_text_helpers_fold_only_what_they_should():
    assert fold_d("Đào tạo đúng") == "Dào tạo dúng"
    assert tokens("GD&ĐT: Trường-THPT (1.005074)") == ["gd", "dt", "truong", "thpt", "1", "005074"]
    assert clean_query("a\x00b\x1f\x7fc\ud800 " + "x" * 500, 50) == "a b c " + "x" * 44


@pytest.mark.django_db
def test_index_folds_vietnamese_on_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'wagtailsearch_indexentry_fts'")
            assert "remove_diacritics 2" in cursor.fetchone()[0]
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'insert_wagtailsearch_indexentry_fts'")
            assert "replace(replace(NEW.title, 'đ', 'd'), 'Đ', 'D')" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT to_tsvector('vietnamese_unaccent', 'Đề nghị cấp bằng tốt nghiệp TRƯỜNG')")
            vector = cursor.fetchone()[0]
            for word in ("de", "nghi", "cap", "bang", "tot", "nghiep", "truong"):
                assert f"'{word}'" in vector
            # hyphenated words are indexed as their parts, at consecutive positions (as in FTS5)
            cursor.execute("SELECT to_tsvector('vietnamese_unaccent', 'tổng hợp-hướng nghiệp')::text")
            assert cursor.fetchone()[0] == "'hop':2 'huong':3 'nghiep':4 'tong':1"


def test_wagtail_search_itself_folds_marks_and_d(procedures):
    from procedures.models import ProcedurePage

    live = ProcedurePage.objects.live()
    assert [p.title for p in live.search("thanh lap trung tam ngoai ngu")][:1] == [
        "Thành lập trung tâm ngoại ngữ, tin học"
    ]
    assert live.search("Đình chỉ").count() == live.search("dinh chi").count() == 1
    # Exactly these two (Wagtail's own relevance orders them differently on SQLite and PostgreSQL).
    assert {p.title for p in live.search("dao tao voi nuoc ngoai")} == {
        "Cấp Giấy chứng nhận đăng ký kinh doanh dịch vụ tư vấn du học",
        "Điều chỉnh, bổ sung giấy chứng nhận đăng ký kinh doanh dịch vụ tư vấn du học",
    }
    assert "Đình chỉ hoạt động trường trung học phổ thông" in [p.title for p in live.autocomplete("dinh ch")]


# --------------------------------------------------------------------------- query parsing


def test_parse_groups_synonyms_drops_filler_and_finds_codes():
    thesaurus = build(
        [
            ("THPT", "synonym", "trung học phổ thông", True),
            ("lớp 10", "synonym", "trung học phổ thông", False),
            ("thủ tục", "ignore", "", False),
        ]
    )
    parsed = parse("Thủ tục chuyển trường THPT 1.005074.000.00.00.H02 và 2,001914", thesaurus)
    assert parsed.codes == ["1.005074", "2.001914"]
    assert parsed.ignored == [("thu", "tuc")]
    assert [c.typed for c in parsed.concepts] == [("chuyen",), ("truong",), ("thpt",), ("va",)]
    assert ("trung", "hoc", "pho", "thong") in parsed.concepts[2].alternatives
    # both ways: the long form also finds the abbreviation; one-way hints do not come back
    back = parse("trung hoc pho thong", thesaurus).concepts[0]
    assert ("thpt",) in back.alternatives and ("lop", "10") not in back.alternatives
    # a query of filler words only is still searched
    assert [c.typed for c in parse("thủ tục", thesaurus).concepts] == [("thu", "tuc")]


def test_codes_are_found_in_any_written_form():
    assert find_codes("1.006388") == ["1.006388"]
    assert find_codes("mã 1.006388.000.00.00.H02 nhé") == ["1.006388"]
    assert find_codes("11.006388 hoặc 1.0063881") == []


# --------------------------------------------------------------------------- ranking


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chuyen truong thpt", "Chuyển trường đối với học sinh trung học phổ thông"),
        ("chuyển trường THCS", "Chuyển trường đối với học sinh trung học cơ sở"),
        ("GDTX", "Thành lập Trung tâm Giáo dục thường xuyên"),
        ("thanh lap trung tam giao duc thuong xuyen", "Thành lập Trung tâm Giáo dục thường xuyên"),
        ("đổi bằng", "Chỉnh sửa nội dung văn bằng, chứng chỉ"),
        ("tuyen sinh lop 10", "Tuyển sinh trung học phổ thông"),
        ("phuc khao bai thi tot nghiep", "Phúc khảo bài thi tốt nghiệp trung học phổ thông"),
        ("chuyen truog thpt", "Chuyển trường đối với học sinh trung học phổ thông"),  # one-letter typo
        ("tu van du hoc", "Cấp Giấy chứng nhận đăng ký kinh doanh dịch vụ tư vấn du học"),
    ],
)
def test_typical_citizen_queries_find_the_procedure_first(procedures, query, expected):
    assert top_titles(query, 1) == [expected]


def test_copy_of_diploma_from_the_issue(procedures):
    top = top_titles("cap ban sao bang tot nghiep thpt", 3)
    assert all(title.startswith("Cấp bản sao văn bằng") for title in top)


def test_code_puts_its_procedure_first_in_any_form(procedures):
    expected = "Cho phép trường trung học phổ thông hoạt động giáo dục"
    for query in ("1.005074", "thủ tục 1.005074", "1.005074.000.00.00.H04", "giai the truong 1.005074"):
        result = engine.search(query)
        assert result.candidates[0].title == expected, query
        assert result.candidates[0].code_match


def test_abolished_and_replaced_are_left_out_unless_asked_and_then_come_last(procedures):
    from procedures.models import ProcedurePage

    abolished = ProcedurePage.objects.get(title="Chuyển trường đối với học sinh trung học phổ thông")
    ProcedurePage.objects.filter(pk=abolished.pk).update(status="abolished")
    titles = top_titles("chuyen truong thpt", 10)
    assert abolished.title not in titles
    assert top_titles("chuyen truong", 10) == ["Chuyển trường đối với học sinh trung học cơ sở"]
    everything = engine.search("chuyen truong", procedure_filters={"status": "all"}).candidates
    assert [c.title for c in everything] == [
        "Chuyển trường đối với học sinh trung học cơ sở",
        abolished.title,
    ]
    # ranked after those in force even when it matches the query better
    everything = engine.search("chuyen truong thpt", procedure_filters={"status": "all"}).candidates
    assert [c.title for c in everything] == [abolished.title]
    only = engine.search("chuyen truong", procedure_filters={"status": "abolished"}).candidates
    assert [c.title for c in only] == [abolished.title]


def test_title_matches_rank_before_body_matches(db):
    from procedures.models import ProcedurePage

    index = procedure_index()
    bulk_add_pages(
        index,
        ProcedurePage,
        [
            {"title": "Cấp giấy phép hoạt động", "conditions": "Áp dụng cho trung tâm ngoại ngữ và tin học."},
            {"title": "Cho phép trung tâm ngoại ngữ hoạt động", "conditions": ""},
        ],
    )
    assert top_titles("trung tam ngoai ngu", 2) == [
        "Cho phép trung tâm ngoại ngữ hoạt động",
        "Cấp giấy phép hoạt động",
    ]


def test_procedures_come_before_news_when_the_query_looks_like_a_procedure(procedures):
    articles(
        [
            {
                "title": "Chuyển trường cho học sinh trung học phổ thông: những điều cần biết",
                "summary": "Tin tức",
            },
            {"title": "Hội nghị tổng kết công tác cải cách hành chính", "summary": "Hội nghị năm 2021"},
        ]
    )
    result = engine.search("chuyen truong hoc sinh thpt")
    groups = [c.group for c in result.candidates]
    assert groups[0] == "procedure" and "article" in groups
    assert groups == sorted(groups, key=lambda g: g != "procedure")
    assert result.counts["article"] == 1
    news = engine.search("hoi nghi tong ket")
    assert news.candidates[0].group == "article"


def test_search_is_limited_to_the_active_language(procedures):
    from django.utils import translation

    from procedures.models import ProcedurePage

    english = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.objects.get(depth=1)
    home_en = root.add_child(instance=Page(title="Home", slug="home-en", locale=english))
    bulk_add_pages(home_en, ProcedurePage, [{"title": "Transfer of upper secondary school students"}])
    with translation.override("en"):
        assert top_titles("transfer school") == ["Transfer of upper secondary school students"]
        assert top_titles("chuyen truong") == []
    assert top_titles("transfer school") == []
    client = Client()
    data = json.loads(client.get("/en/tim-kiem/", {"q": "transfer school", "format": "json"}).content)
    assert [r["title"] for r in data["results"]] == ["Transfer of upper secondary school students"]
    data = json.loads(client.get("/en/tim-kiem/", {"q": "chuyen truong", "format": "json"}).content)
    assert data == {"count": 0, "results": []}
    assert "Search" in client.get("/en/tim-kiem/", {"q": "transfer"}).content.decode()


def test_editors_terms_change_results_at_once(procedures):
    assert top_titles("BTVH") == []
    SearchTerm.objects.create(term="BTVH", meanings="giáo dục thường xuyên", both_ways=False)
    assert top_titles("btvh", 1) == ["Thành lập Trung tâm Giáo dục thường xuyên"]


def test_promoted_pages_come_first(procedures, client):
    page = Page.objects.get(title="Thành lập Trung tâm Giáo dục thường xuyên")
    query = Query.objects.create(query_string="Chuyển trường")
    SearchPromotion.objects.create(query=query, page=page, sort_order=0)
    _response, data = get_json(client, "chuyen truong")
    assert data["results"][0]["title"] == page.title
    assert data["results"][1]["title"].startswith("Chuyển trường")


# --------------------------------------------------------------------------- page and JSON


def test_json_has_exactly_the_documented_shape(procedures, client):
    response, data = get_json(client, "chuyen truong")
    assert response.status_code == 200
    assert set(data) == {"count", "results"}
    assert data["count"] == 2
    for item in data["results"]:
        assert set(item) == {"type", "title", "url", "code"}
        assert item["type"] == "procedure"
        assert item["url"].startswith("/")
    _response, data = get_json(client, "1.005074")
    assert data["results"][0] == {
        "type": "procedure",
        "title": "Cho phép trường trung học phổ thông hoạt động giáo dục",
        "url": data["results"][0]["url"],
        "code": "1.005074",
    }
    assert client.get(data["results"][0]["url"]).status_code == 200


def test_page_shows_groups_filters_highlights_and_pages(procedures, client):
    response = client.get("/tim-kiem/", {"q": "truong trung hoc pho thong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'aria-current="page"' in html
    assert "<mark>trường</mark>" in html.lower() or "<mark>Trường</mark>" in html
    for name in ("field", "level", "online", "status"):
        assert f'name="{name}"' in html
    assert 'rel="next"' in html  # more than one page
    second = client.get("/tim-kiem/", {"q": "truong trung hoc pho thong", "page": 2})
    assert second.status_code == 200 and 'aria-current="page">2<' in second.content.decode()
    filtered = client.get("/tim-kiem/", {"q": "truong", "level": "commune", "format": "json"})
    from procedures.models import ProcedurePage

    commune = set(ProcedurePage.objects.filter(level_commune=True).values_list("title", flat=True))
    assert {r["title"] for r in json.loads(filtered.content)["results"]} <= commune


def test_zero_results_page_helps(procedures, client):
    from procedures.models import Hotline, ProcedureSettings

    hotline = Hotline.objects.create(unit="Văn phòng Sở", phone="0254 3852 xxx".replace("xxx", "123"))
    settings_obj = ProcedureSettings.for_site(Page.objects.get(depth=1).get_site() or site_root().get_site())
    settings_obj.default_hotline = hotline
    settings_obj.save()
    html = client.get("/tim-kiem/", {"q": "zzqx wwyy"}).content.decode()
    assert "search-empty" in html
    assert "0254 3852 123" in html
    html = client.get("/tim-kiem/", {"q": "chuyen truogn"}).content.decode()
    assert "chuyen truong" in html  # "did you mean"


def test_suggestions_json(procedures, client):
    data = json.loads(client.get("/tim-kiem/goi-y/", {"q": "chuyen tr"}).content)
    assert set(data) == {"suggestions"}
    titles = [s["title"] for s in data["suggestions"]]
    # Ranked like the search (not alphabetically): the titles that start with both words first.
    assert set(titles[:2]) == {
        "Chuyển trường đối với học sinh trung học phổ thông",
        "Chuyển trường đối với học sinh trung học cơ sở",
    }
    assert not any(t.startswith("Chuyển trường") for t in titles[2:]) and len(titles) <= 8
    assert set(data["suggestions"][0]) == {"title", "url", "code"}
    by_code = json.loads(client.get("/tim-kiem/goi-y/", {"q": "1.0050"}).content)["suggestions"]
    assert {s["code"] for s in by_code} == {"1.005074", "1.005090"}
    assert json.loads(client.get("/tim-kiem/goi-y/", {"q": "c"}).content) == {"suggestions": []}


def test_search_inputs_are_wired_for_suggestions(client, db):
    html = client.get("/tim-kiem/").content.decode()
    assert html.count("procedures/suggest.js") == 1  # the site's base.html, not again by the page
    assert "data-suggest" in html


# --------------------------------------------------------------------------- bad input

BAD_QUERIES = [
    "",
    "x" * 10_000,
    '"',
    "*",
    ":",
    "NEAR",
    "OR",
    "-",
    "(",
    '"chuyen" OR (truong AND NOT *) NEAR/2 title:abc -x ^y {body}:z',
    "chuyen\x00truong\x1b\x7f",
    "'; DROP TABLE wagtailcore_page; --",
    "%",
    "\\",
]


def test_bad_queries_get_a_normal_page(procedures, client):
    for query in BAD_QUERIES:
        assert client.get("/tim-kiem/", {"q": query}).status_code == 200, query
        assert client.get("/tim-kiem/goi-y/", {"q": query}).status_code == 200, query


def test_bad_queries_as_json_answer_200_or_400_with_a_vietnamese_error(procedures, client):
    for query in BAD_QUERIES:
        response, data = get_json(client, query)
        assert response.status_code in (200, 400), query
        if response.status_code == 400:
            assert data["error"] and any(ch in data["error"] for ch in "ảãạăâđêôơưấầếềốồớờứừ"), query
        else:
            assert set(data) == {"count", "results"}, query


def test_invalid_utf8_and_odd_page_numbers(procedures, client):
    assert client.get("/tim-kiem/?q=%ff%fe%c3chuyen").status_code == 200
    response, _data = get_json(client, "")
    assert response.status_code == 400
    assert client.get("/tim-kiem/?q=%ff%fe&format=json").status_code == 400
    for page in ("abc", "-1", "0", "999", "1e9", "99999999999999999999"):
        assert client.get("/tim-kiem/", {"q": "truong", "page": page}).status_code == 200, page
        response, data = get_json(client, "truong", page=page)
        assert response.status_code == 400, page
        assert "trang" in data["error"].lower()
    response, data = get_json(client, "truong", type="nonsense")
    assert response.status_code == 400
    assert (
        client.get(
            "/tim-kiem/", {"q": "truong", "type": "nonsense", "field": "x", "level": "moon"}
        ).status_code
        == 200
    )
    response, data = get_json(client, "x" * 10_000)
    assert response.status_code == 400 and "200" in data["error"]
    # The error counts what was checked: the query with its spaces squeezed (252), not as sent.
    response, data = get_json(client, "a" + " " * 300 + "b" * 250)
    assert response.status_code == 400
    assert "252" in data["error"] and "551" not in data["error"]


# --------------------------------------------------------------------------- statistics and report


def test_statistics_are_buffered_then_written_per_week(procedures, client, settings):
    settings.SEARCH_STATS_FLUSH_SECONDS = 3600
    settings.SEARCH_STATS_FLUSH_SIZE = 1000
    client.get("/tim-kiem/", {"q": "Chuyển trường"})
    client.get("/tim-kiem/", {"q": "chuyen truong", "format": "json"})
    client.get("/tim-kiem/", {"q": "chuyen truong", "page": 2})  # later pages are not new searches
    client.get("/tim-kiem/", {"q": "zzqx wwyy"})
    assert SearchQueryStat.objects.count() == 0
    assert stats.pending() == 3
    assert stats.flush()
    row = SearchQueryStat.objects.get(query="chuyen truong")
    assert (row.hits, row.zero_hits, row.last_count) == (2, 0, 2)
    assert SearchQueryStat.objects.get(query="zzqx wwyy").zero_hits == 1


@pytest.mark.django_db(transaction=True)
def test_statistics_survive_concurrent_searches_without_errors(settings):
    demo_procedures()
    settings.SEARCH_STATS_FLUSH_SECONDS = 0  # every search tries to write: the worst case
    errors = []

    def worker(n):
        client = Client()
        try:
            for i in range(8):
                response = client.get("/tim-kiem/", {"q": f"chuyen truong {n % 2}", "format": "json"})
                if response.status_code != 200:
                    errors.append(response.status_code)
                stats.record(f"tu khoa {i}", 0)
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(repr(error))
        finally:
            from django.db import connections

            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    while stats.pending():
        assert stats.flush() or stats.pending()
    counted = sum(SearchQueryStat.objects.values_list("hits", flat=True))
    assert counted == 6 * 8 * 2


def test_admin_report_lists_top_and_zero_result_queries(procedures, admin_client):
    for query in ["chuyen truong", "chuyen truong", "zzqx wwyy"]:
        admin_client.get("/tim-kiem/", {"q": query})
    response = admin_client.get("/admin/reports/search-queries/")
    html = response.content.decode()
    assert response.status_code == 200
    top = html.index("zzqx wwyy")
    assert "chuyen truong" in html and top > 0
    assert admin_client.get("/admin/reports/search-queries/?week=not-a-date").status_code == 200
    assert admin_client.get("/admin/snippets/procedures/searchterm/").status_code == 200


def test_search_report_only_for_users_allowed_to_view_the_statistics(client, db):
    """Citizens' queries as typed: an admin user without the permission neither sees the menu
    item nor opens the report."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import RequestFactory
    from wagtail.admin.menu import reports_menu

    user = get_user_model().objects.create_user("bientap", "b@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    def report_in_menu():
        request = RequestFactory().get("/admin/")
        request.user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
        return "/admin/reports/search-queries/" in {
            item.url for item in reports_menu.menu_items_for_request(request)
        }

    assert client.get("/admin/reports/search-queries/").status_code == 302
    assert not report_in_menu()
    user.user_permissions.add(Permission.objects.get(codename="view_searchquerystat"))
    assert client.get("/admin/reports/search-queries/").status_code == 200
    assert report_in_menu()
    assert SearchTerm.objects.filter(term="THPT").exists()  # seeded by the data migration
