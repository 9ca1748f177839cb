"""The CCHC section: landing page, articles, feeds, documents, index results, plan and reports."""

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - our own feed, parsed in a test
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from wagtail.models import Locale, Page

from cchc_pages import demo
from cchc_pages.index_data import IndexDataError, parse_rows
from cchc_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticleRelatedProcedure,
    CCHCSectionHotline,
    CCHCSectionPage,
    IndexResult,
    IndexResultsPage,
    LegalDocument,
    PlanPage,
    ReportPage,
    ReportTaskProgress,
    Topic,
)
from cchc_pages.procedure_links import PROCEDURE_CHOOSER_TYPES
from procedures.models import Hotline

SECTION = "/cai-cach-hanh-chinh/"
NEWS = SECTION + "tin-tuc/"
DOCS = SECTION + "van-ban/"
INDICES = SECTION + "ket-qua-chi-so/"
PLAN = SECTION + "ke-hoach-tuyen-truyen-cchc-2021/"


def vi(model):
    return model.objects.get(locale__language_code="vi")


def news_index():
    return ArticleIndexPage.objects.get(locale__language_code="vi")


def add_articles(index, count, topic=None, year=2024, prefix="Tin"):
    pages = []
    for number in range(count):
        pages.append(
            index.add_child(
                instance=ArticlePage(
                    title=f"{prefix} số {number}",
                    slug=f"{prefix.lower()}-{year}-{number}",
                    date=f"{year}-01-{number % 28 + 1:02d}",
                    topic=topic,
                    author="Văn phòng Sở",
                    summary=f"Tóm tắt {number}",
                )
            )
        )
    return pages


# --- Landing page ---------------------------------------------------------------------------------


def test_section_page_shows_intro_news_shortcuts_featured_and_hotline(client, cchc_site):
    html = client.get(SECTION).content.decode()
    assert "Chuyên trang cải cách hành chính" in html
    assert "công khai, minh bạch 100% thủ tục" in html
    for title in ("Tin tức cải cách hành chính", "Văn bản cải cách hành chính", "Phản ánh, kiến nghị"):
        assert title in html  # shortcuts
    assert "Mục đích, yêu cầu của Kế hoạch tuyên truyền" in html  # latest news
    assert 'id="cchc-featured-heading"' in html
    assert 'href="/cai-cach-hanh-chinh/ke-hoach-tuyen-truyen-cchc-2021/"' in html
    assert 'id="cchc-hotline-heading"' in html
    assert "Văn phòng Sở Giáo dục và Đào tạo" in html
    assert html.count("<h1") == 1


def test_section_hotline_has_tel_and_mailto_links(client, cchc_site):
    section = vi(CCHCSectionPage)
    hotline = Hotline.objects.create(
        locale=section.locale, unit="Tổ tiếp nhận", phone="0254 3852 123", email="cchc@example.vn"
    )
    section.hotlines = [CCHCSectionHotline(hotline=hotline)]
    section.save_revision().publish()
    html = client.get(SECTION).content.decode()
    assert 'href="tel:02543852123"' in html
    assert 'href="mailto:cchc@example.vn"' in html


def test_section_tree_has_english_copies(client, demo_site):
    for path in (SECTION, NEWS, DOCS, INDICES, PLAN, SECTION + "phan-anh-kien-nghi/"):
        response = client.get("/en" + path)
        assert response.status_code == 200, path
    assert "Administrative reform news" in client.get("/en" + NEWS).content.decode()
    assert Topic.objects.filter(locale__language_code="en", name="Administrative procedure reform").exists()


def test_section_pages_are_in_wagtail_search(cchc_site):
    """search_fields index the section's text (the site's search page builds on this index)."""
    from wagtail.models import Page as WagtailPage

    titles = {page.title for page in WagtailPage.objects.live().search("Facebook")}
    assert "Tuyên truyền về dịch vụ công trực tuyến và dịch vụ bưu chính công ích" in titles  # article body
    assert "Kế hoạch tuyên truyền cải cách hành chính năm 2021" in titles  # plan text
    assert {d.number for d in LegalDocument.objects.search("bảo vệ dữ liệu cá nhân")} == {"13/2023/NĐ-CP"}
    assert [t.name for t in Topic.objects.search("công vụ")] == ["Cải cách công vụ"]


def test_home_page_lists_the_latest_articles(client, cchc_site):
    html = client.get("/").content.decode()
    assert "Mục đích, yêu cầu của Kế hoạch tuyên truyền cải cách hành chính năm 2021" in html
    assert "<time datetime=" in html


# --- Articles ---------------------------------------------------------------------------------------


def test_article_listing_filters_by_topic_and_year(client, cchc_site):
    index = news_index()
    topic = Topic.objects.get(locale=index.locale, name="Cải cách công vụ")
    add_articles(index, 2, topic=topic, year=2019, prefix="Congvu")
    add_articles(index, 1, year=2018, prefix="Khac")
    html = client.get(NEWS, {"topic": topic.pk}).content.decode()
    assert "Congvu số 0" in html and "Congvu số 1" in html
    assert "Khac số 0" not in html and "Mục đích, yêu cầu" not in html
    html = client.get(NEWS, {"year": 2018}).content.decode()
    assert "Khac số 0" in html and "Congvu số 0" not in html
    html = client.get(NEWS, {"topic": topic.pk, "year": 2018}).content.decode()
    assert "Không có bài viết nào phù hợp" in html
    assert '<option value="2019">2019</option>' in html


def test_article_listing_ignores_bad_parameters_and_paginates(client, cchc_site):
    index = news_index()
    add_articles(index, 12, year=2017, prefix="Trang")
    response = client.get(NEWS, {"topic": "abc", "year": "<script>", "page": "9999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Trang 2/2" in html  # an out-of-range page shows the last one
    first = client.get(NEWS).content.decode()
    assert 'rel="next"' in first
    assert "page=2" in first


@pytest.mark.parametrize("year", ["0", "10000", "-1", "99999999999"])
def test_listings_ignore_a_year_they_do_not_list(client, cchc_site, year):
    """A year no article or document has is ignored, as if absent (it used to give a 500)."""
    response = client.get(NEWS, {"year": year})
    assert response.status_code == 200
    assert "Mục đích, yêu cầu của Kế hoạch tuyên truyền" in response.content.decode()
    response = client.get(DOCS, {"year": year})
    assert response.status_code == 200
    assert "46/KH-UBND" in response.content.decode().split("<tbody>", 1)[-1]


def test_cached_language_switcher_of_a_page_carries_no_query_string(client, cchc_site):
    """With no English copy of the page nor of the home page, the switcher falls back to the
    page's path in English: the header is cached per page, so not with this visitor's query."""
    from home.models import HomePage

    HomePage.objects.get(locale__language_code="en").unpublish()
    for year in ("2021", "2018"):
        html = client.get(NEWS, {"year": year}).content.decode()
        switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
        assert f'href="/en{NEWS}"' in switcher


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("path", [NEWS, SECTION, "/"])
def test_listing_pages_use_a_constant_number_of_queries(client, cchc_site, django_assert_num_queries, path):
    index = news_index()
    topic = Topic.objects.filter(locale=index.locale).first()
    add_articles(index, 3, topic=topic, prefix="It")
    client.get(path)  # warm caches (site root paths, settings, …
    client.get(path)  # … and the chrome fragments, which creating the settings purged)
    few = _queries_for(client, path)
    add_articles(index, 27, topic=topic, prefix="Nhieu")
    client.get(path)  # publishing purged the chrome fragments
    with django_assert_num_queries(few):
        client.get(path)


def test_rss_and_atom_feeds_are_valid_xml_with_the_articles(client, cchc_site):
    response = client.get(NEWS + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)  # noqa: S314
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert "Mục đích, yêu cầu của Kế hoạch tuyên truyền cải cách hành chính năm 2021" in titles
    link = next(rss.iter("item")).findtext("link")
    assert link.startswith("http://testserver/cai-cach-hanh-chinh/tin-tuc/")
    response = client.get(NEWS + "atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = ET.fromstring(response.content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(atom.findall("a:entry", ns)) == 4
    assert 'type="application/rss+xml"' in client.get(NEWS).content.decode()


def _png():
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (1300, 700), "#0b4a8f").save(buffer, "PNG")
    return buffer.getvalue()


def test_article_page_has_body_blocks_opengraph_share_links_and_no_third_party_script(client, cchc_site):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    image = Image.objects.create(title="Ảnh", file=ContentFile(_png(), name="anh.png"))
    document = Document.objects.create(title="Kế hoạch 46", file=ContentFile(b"%PDF-1.4", name="kh46.pdf"))
    index = news_index()
    procedure_page = Page.objects.get(pk=vi(PlanPage).pk)  # any live page stands in for a procedure here
    article = index.add_child(
        instance=ArticlePage(
            title="Bài có đủ khối",
            slug="bai-co-du-khoi",
            summary="Tóm tắt <b>đậm</b>",
            feed_image=image,
            body=[
                {"type": "heading", "value": {"text": "Tiêu đề phụ", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Đoạn văn</p>"},
                {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": "Chú thích ảnh"}},
                {"type": "document", "value": {"document": document.pk, "title": ""}},
                {"type": "quote", "value": {"quote": "Câu trích <script>x</script>", "attribution": "Nguồn"}},
                {
                    "type": "table",
                    "value": {
                        "data": [["Năm", "Điểm"], ["2020", "86,02"]],
                        "first_row_is_table_header": True,
                    },
                },
            ],
        )
    )
    article.tags.add("đường dây nóng")
    article.related_procedures = [ArticleRelatedProcedure(procedure=procedure_page)]
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "<h2>Tiêu đề phụ</h2>" in html
    assert "Chú thích ảnh" in html and 'alt="Chú thích ảnh"' in html
    assert "Kế hoạch 46" in html and "PDF" in html
    assert "Câu trích &lt;script&gt;x&lt;/script&gt;" in html
    assert re.search(r'<th scope="col"\s*>\s*Điểm\s*</th>', html)  # the first row is the header
    assert re.search(r"<td\s*>\s*86,02\s*</td>", html)
    assert '<meta property="og:title" content="Bài có đủ khối">' in html
    assert '<meta property="og:description" content="Tóm tắt &lt;b&gt;đậm&lt;/b&gt;">' in html
    assert '<meta property="og:image" content="http://testserver/' in html
    from urllib.parse import quote

    assert "https://www.facebook.com/sharer/sharer.php?u=" + quote(article.full_url, safe="") in html
    assert "zalo" in html.lower() and "data-copy-target" in html
    assert "đường dây nóng" in html
    assert 'href="/cai-cach-hanh-chinh/ke-hoach-tuyen-truyen-cchc-2021/"' in html  # related procedure
    scripts = [line for line in html.splitlines() if "<script" in line and "src=" in line]
    assert scripts and all('src="/static/' in line for line in scripts)


def test_related_procedure_chooser_is_restricted_once_procedure_pages_exist():
    import procedures.models as procedure_models

    expected = (
        "procedures.ProcedurePage" if hasattr(procedure_models, "ProcedurePage") else "wagtailcore.Page"
    )
    assert [expected] == PROCEDURE_CHOOSER_TYPES
    assert ArticleRelatedProcedure.panels[0].page_type == [expected]


# --- Documents library -----------------------------------------------------------------------------


def test_documents_library_lists_only_documents_the_source_names(client, cchc_site):
    numbers = set(LegalDocument.objects.filter(locale__language_code="vi").values_list("number", flat=True))
    assert numbers == {"46/KH-UBND", "2571/KH-SGDĐT", "13/2023/NĐ-CP"}
    html = client.get(DOCS).content.decode()
    assert "46/KH-UBND" in html and "22/03/2021" in html


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"type": "nghi-dinh"}, "13/2023/NĐ-CP", "46/KH-UBND"),
        ({"level": "so"}, "2571/KH-SGDĐT", "46/KH-UBND"),
        ({"year": "2020"}, "2571/KH-SGDĐT", "13/2023/NĐ-CP"),
        ({"q": "2571"}, "2571/KH-SGDĐT", "46/KH-UBND"),
        ({"q": "dữ liệu cá nhân"}, "13/2023/NĐ-CP", "2571/KH-SGDĐT"),
        ({"type": "bogus", "level": "<x>", "year": "abc"}, "46/KH-UBND", "no-such"),
    ],
)
def test_documents_library_filters_and_search(client, cchc_site, params, present, absent):
    response = client.get(DOCS, params)
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>", 1)[-1]
    assert present in body
    assert absent not in body


def test_legal_document_effective_date_cannot_precede_issue(db):
    document = LegalDocument(
        locale=Locale.get_default(),
        title="Thử",
        doc_type="quyet-dinh",
        issuing_body="UBND tỉnh",
        level="tinh",
        date_issued="2021-03-22",
        effective_date="2021-03-01",
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "effective_date" in error.value.message_dict


# --- Index results ----------------------------------------------------------------------------------


def test_index_results_page_has_accessible_svg_charts_and_data_tables(client, cchc_site):
    html = client.get(INDICES).content.decode()
    assert html.count('<svg class="index-chart"') == 6  # PAR INDEX, SIPAS, PAPI, PCI, DTI, ICT Index
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "86,02" in html and "9 / 63" in html
    assert "<caption>PAR INDEX" in html
    assert "cdn" not in html.lower()
    assert "Chưa có kết quả nào được công bố cho cấp này." in html  # the department: nothing invented


def test_index_results_demo_matches_the_tsv_and_invents_no_department_values(cchc_site):
    page = vi(IndexResultsPage)
    rows = list(page.results.all())
    assert len(rows) == 14
    assert all(row.scope == "province" for row in rows)
    par_2020 = next(r for r in rows if r.index == "PAR INDEX" and r.year == 2020)
    assert (par_2020.score, par_2020.max_score, par_2020.rank, par_2020.out_of) == (
        Decimal("86.020"),
        100,
        9,
        63,
    )
    assert next(r for r in rows if r.index == "PAR INDEX" and r.year == 2024).score is None


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"score": Decimal("101"), "max_score": Decimal("100")}, "score"),
        ({"rank": 64, "out_of": 63}, "rank"),
        ({"rank": 5, "out_of": None}, "out_of"),
    ],
)
def test_index_result_validation(db, fields, error_field):
    values = {
        "index": "PAR INDEX",
        "year": 2022,
        "subject": "Tỉnh",
        "max_score": Decimal("100"),
        "out_of": 63,
    }
    values.update(fields)
    result = IndexResult(**values)
    with pytest.raises(ValidationError) as error:
        result.clean()
    assert error_field in error.value.message_dict


def test_index_result_constraints_hold_in_the_database(cchc_site):
    page = vi(IndexResultsPage)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexResult.objects.create(
            page=page, index="PCI", year=2030, subject="Tỉnh", score=Decimal("120"), max_score=Decimal("100")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexResult.objects.create(
            page=page, index="PCI", year=2030, subject="Tỉnh", max_score=Decimal("100"), rank=70, out_of=63
        )


HEADER = "index\tyear\tsubject\tscore\tmax_score\tunit\trank\tout_of\tnote\tsource\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("PCI\t2022\tTỉnh X\t120\t100\tđiểm\t4\t63\t\t\n", "Dòng 2, cột “score”, giá trị “120”"),
        ("PCI\t2022\tTỉnh X\t70\t100\tđiểm\t64\t63\t\t\n", "Dòng 2, cột “rank”, giá trị “64”"),
        ("XYZ\t2022\tTỉnh X\t70\t100\tđiểm\t4\t63\t\t\n", "Dòng 2, cột “index”, giá trị “XYZ”"),
        ("PCI\tabc\tTỉnh X\t70\t100\tđiểm\t4\t63\t\t\n", "Dòng 2, cột “year”, giá trị “abc”"),
        ("PCI\t2022\tTỉnh X\tnhiều\t100\tđiểm\t4\t63\t\t\n", "Dòng 2, cột “score”, giá trị “nhiều”"),
    ],
)
def test_index_file_errors_name_row_column_and_value_in_vietnamese(row, expected):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(IndexDataError) as error:
        parse_rows(io.StringIO(HEADER + row))
    assert expected in str(error.value)


# --- Plan and reports -------------------------------------------------------------------------------


def test_demo_plan_is_the_source_document(client, cchc_site):
    plan = vi(PlanPage)
    assert plan.number == "" and plan.date_issued is None
    tasks = list(plan.tasks.all())
    assert [t.number for t in tasks] == list(range(1, 9))
    assert tasks[5].content.startswith("Cử CBCCVC tham gia các lớp tập huấn")
    assert tasks[5].content.endswith("tiếp nhận và giải quyết thủ tục hành chính")
    text = " ".join(t.content for t in tasks)
    assert "CCHV" not in text and "CBCCVV" not in text
    assert tasks[7].timeframe == "Quý, 6 tháng, 01 năm 2021"
    html = client.get(PLAN).content.decode()
    assert "chưa có số" in html
    assert "Căn cứ vào Kế hoạch số 46/KH-UBND ngày 22/3/2021" in html
    assert "Tiến độ tổng quát" in html
    assert "Đã hoàn thành 0/8 nhiệm vụ (0%)." in html
    assert "Trần Thị Ngọc Châu" in html


def test_plan_progress_counts_done_tasks(cchc_site):
    plan = vi(PlanPage)
    for task in list(plan.tasks.all())[:2]:
        task.status = "done"
        task.save()
    progress = plan.progress()
    assert (progress["done"], progress["total"], progress["percent_done"]) == (2, 8, 25)


def test_plan_task_table_downloads_as_xlsx(client, cchc_site):
    response = client.get(PLAN + "bang-nhiem-vu/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == (
        "STT",
        "Nội dung công việc",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
        "Sản phẩm",
    )
    assert len(rows) == 2 + 8
    assert rows[2][0] == 1 and rows[2][2] == "Văn phòng Sở"


def test_report_page_shows_progress_per_task_and_narrative(client, cchc_site):
    plan = vi(PlanPage)
    report = plan.add_child(
        instance=ReportPage(
            title="Báo cáo quý I năm 2021",
            slug="bao-cao-quy-i-2021",
            period="q1",
            year=2021,
            narrative="<p>Nội dung tường thuật</p>",
            task_progress=[
                ReportTaskProgress(task_number=3, status="in-progress", result="Đang cập nhật tin")
            ],
        )
    )
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert "Quý I 2021" in html
    assert "Nội dung tường thuật" in html
    assert "Xây dựng và nâng cao chất lượng chuyên trang CCHC" in html
    assert "Đang thực hiện" in html
    assert "Báo cáo quý I năm 2021" in client.get(PLAN).content.decode()
    assert {value for value, _ in ReportPage._meta.get_field("period").choices} == {
        "q1",
        "q2",
        "q3",
        "q4",
        "h1",
        "year",
    }


def test_demo_articles_quote_the_source_and_invent_no_events(cchc_site):
    source = (demo.DATA / "ke-hoach-tuyen-truyen-cchc-2021.txt").read_text(encoding="utf-8")
    source = (
        source.replace("CCHV", "CCHC").replace("CBCCVV", "CBCCVC").replace("chính trị hệ", "chính trị hè")
    )
    for article in ArticlePage.objects.all():
        for block in article.body:
            if block.block_type == "paragraph":
                import re

                for item in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", str(block.value.source)):
                    assert item.rstrip(".") in source.replace("\n", " "), item


@pytest.mark.parametrize(
    ("score", "rank", "message"),
    [("120", "4", "vượt quá điểm tối đa 100"), ("70", "64", "vượt quá số đơn vị được xếp hạng (63)")],
)
def test_admin_refuses_an_index_result_above_its_maximum(admin_client, cchc_site, score, rank, message):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    section = vi(CCHCSectionPage)
    row = {
        "id": "",
        "ORDER": "1",
        "DELETE": "",
        "index": "PCI",
        "year": "2022",
        "scope": "province",
        "subject": "Tỉnh Bà Rịa – Vũng Tàu",
        "score": score,
        "max_score": "100",
        "unit": "điểm",
        "rank": rank,
        "out_of": "63",
        "note": "",
        "source_url": "",
    }
    data = nested_form_data(
        {
            "title": "Kết quả thử",
            "slug": "ket-qua-thu",
            "intro": rich_text("<p>Thử</p>"),
            "results": inline_formset([row]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "show_in_menus": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    data["action-publish"] = "1"
    response = admin_client.post(f"/admin/pages/add/cchc_pages/indexresultspage/{section.pk}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndexResultsPage.objects.filter(slug="ket-qua-thu").exists()
