"""Procedure pages, fields, agencies, decisions: validation, rendering, status, short URLs."""

import base64
import io
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import Locale, Page

from procedures.filters import filter_procedures
from procedures.models import (
    Agency,
    Decision,
    DecisionItem,
    Field,
    ProcedurePage,
    ProcedureSubmissionMode,
)
from procedures.status import apply_decision

from .procedure_helpers import make_index, make_procedure


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail keeps site root paths in the cache; earlier tests' sites must not leak in."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def index(db):
    return make_index()


@pytest.fixture
def field(db):
    return Field.objects.create(
        name="Văn bằng, chứng chỉ", code="G03-GD14", aliases="Hệ thống văn bằng, chứng chỉ"
    )


# -- fields and agencies ------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "Văn bằng, chứng chỉ",
        "van bang chung chi",
        "HỆ THỐNG VĂN BẰNG, CHỨNG CHỈ",
        "he thong van bang; chung chi.",
    ],
)
def test_field_names_resolve_through_aliases_ignoring_case_diacritics_punctuation(field, written):
    assert Field.objects.resolve(written) == field


def test_unknown_field_name_resolves_to_nothing(field):
    assert Field.objects.resolve("Giáo dục mầm non") is None
    assert Field.objects.resolve("") is None


def test_field_slug_is_ascii(field):
    assert field.slug == "van-bang-chung-chi"


def test_agency_resolves_by_short_name_and_alias(db):
    agency = Agency.objects.create(name="Sở Giáo dục và Đào tạo", short_name="Sở GDĐT", aliases="Sở GD&ĐT")
    assert Agency.objects.resolve("so gddt") == agency
    assert Agency.objects.resolve("SỞ GIÁO DỤC VÀ ĐÀO TẠO") == agency
    assert Agency.objects.resolve("Sở GD&ĐT") == agency


# -- bad input ----------------------------------------------------------------------------


def test_suffixed_provincial_code_is_stored_as_its_national_part(index):
    page = make_procedure(index, "Chỉnh sửa nội dung văn bằng, chứng chỉ", code="2.001914.000.00.00.H50")
    assert page.code == "2.001914"


@pytest.mark.parametrize("code", ["1.00638", "1006388", "A.006388", "1.006388x", "Mã 1.006388"])
def test_malformed_code_is_refused_naming_the_expected_form(index, code):
    before = ProcedurePage.objects.count()
    with pytest.raises(ValidationError) as error:
        make_procedure(index, "Thủ tục thử", code=code)
    messages = error.value.message_dict["code"]
    assert any("d.dddddd" in message for message in messages)
    assert ProcedurePage.objects.count() == before


def test_duplicate_code_is_refused_naming_the_existing_page(index):
    first = make_procedure(index, "Thành lập trường trung học phổ thông", code="1.006388")
    before = ProcedurePage.objects.count()
    with pytest.raises(ValidationError) as error:
        make_procedure(index, "Một thủ tục khác", code="1.006388.000.00.00.H02")
    message = " ".join(error.value.message_dict["code"])
    assert "1.006388" in message
    assert first.title in message
    assert str(first.pk) in message
    assert ProcedurePage.objects.count() == before


def test_database_keeps_codes_unique_per_locale_even_without_validation(index):
    make_procedure(index, "Thủ tục A", code="1.005074")
    page = ProcedurePage(title="Thủ tục B", slug="thu-tuc-b", code="1.005074")
    with pytest.raises(IntegrityError), transaction.atomic():
        _save_unvalidated(index, page)


def _save_unvalidated(index, page):
    """Insert under the index skipping full_clean, to reach the database constraint."""
    page.depth = index.depth + 1
    page.path = index._get_path(index.path, page.depth, index.numchild + 1)
    page.locale = index.locale
    page.save(clean=False)


@pytest.mark.parametrize(
    "fields",
    [{"fee_amount": -1}, {"processing_days": -2}],
)
def test_negative_fee_or_days_is_refused(index, fields):
    before = ProcedurePage.objects.count()
    with pytest.raises(ValidationError) as error:
        make_procedure(index, "Thủ tục âm", **fields)
    assert set(fields) <= set(error.value.message_dict)
    assert ProcedurePage.objects.count() == before


def test_negative_fee_on_a_submission_mode_is_refused(index):
    page = make_procedure(index, "Thủ tục có cách thức")
    mode = ProcedureSubmissionMode(page=page, mode="online", fee_amount=-5000)
    with pytest.raises(ValidationError) as error:
        mode.full_clean()
    assert "fee_amount" in error.value.message_dict


def test_admin_form_error_is_in_vietnamese_and_nothing_is_saved(admin_client, index):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    make_procedure(index, "Thành lập trường", code="1.006388")
    before = ProcedurePage.objects.count()
    data = nested_form_data(
        {
            "title": "Trùng mã",
            "slug": "trung-ma",
            "code": "1.006388",
            "online_service_level": "",
            "status": "in_force",
            "steps": inline_formset([]),
            "submission_modes": inline_formset([]),
            "required_documents": inline_formset([]),
            "legal_basis": inline_formset([]),
            "related_procedures": inline_formset([]),
            "interlinked_agencies": [],
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["procedures", "procedurepage", index.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã được dùng cho thủ tục" in html
    assert "Thành lập trường" in html
    assert ProcedurePage.objects.count() == before


# -- rendering ----------------------------------------------------------------------------


def test_procedure_page_shows_structured_sections_in_vietnamese(client, index, field):
    agency = Agency.objects.create(name="Sở Giáo dục và Đào tạo", address="Vũng Tàu")
    page = make_procedure(
        index,
        "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        rows=2,
        code="2.001914",
        field=field,
        level_province=True,
        level_district=True,
        processing_time="05 ngày làm việc",
        fee="Không",
        handling_agency=agency,
        online_service_level="partial",
        online_service_url="https://dichvucong.gov.vn/",
        postal_receipt=True,
    )
    html = client.get(page.url).content.decode()
    assert html.count("<h1") == 1
    for text in [
        "Mã thủ tục",
        "2.001914",
        "Văn bằng, chứng chỉ",
        "Trình tự thực hiện",
        "Bước 1",
        "Cách thức thực hiện",
        "Trực tiếp",
        "Thành phần hồ sơ",
        "Giấy tờ số 2",
        "Căn cứ pháp lý",
        "2/2024/NĐ-CP",
        "Cơ quan thực hiện",
        "Sở Giáo dục và Đào tạo",
        "Dịch vụ công trực tuyến một phần",
        "Đang có hiệu lực",
        "cấp tỉnh, cấp huyện",
    ]:
        assert text.lower() in html.lower(), text
    assert 'href="/thu-tuc/2.001914/"' in html


def test_demo_catalogue_hotline_and_featured_procedures(client, demo_site):
    import csv
    from pathlib import Path

    rows = list(
        csv.DictReader(
            (Path(__file__).resolve().parent.parent / "procedures/demo_data/real_procedures.tsv").open(
                encoding="utf-8"
            ),
            delimiter="\t",
        )
    )
    pages = ProcedurePage.objects.live().filter(locale__language_code="vi")
    assert pages.count() == len(rows) == 63
    assert sorted(pages.exclude(code="").values_list("code", flat=True)) == sorted(
        r["code"] for r in rows if r["code"]
    )
    slugs = list(pages.values_list("slug", flat=True))
    assert len(set(slugs)) == len(slugs) and all(slug.isascii() for slug in slugs)
    # procedures/demo_data/procedure_details.json: 10 procedures detailed from their named sources
    assert pages.filter(submission_modes__isnull=False).distinct().count() == 10
    assert pages.filter(steps__isnull=False).distinct().count() == 7
    assert pages.filter(required_documents__isnull=False).distinct().count() == 6
    assert pages.filter(legal_basis__isnull=False).distinct().count() == 3

    page = pages.get(code="3.000467")
    html = client.get(page.url).content.decode()
    assert 'class="procedure-hotline"' in html
    assert "Văn phòng Sở Giáo dục và Đào tạo" in html
    assert "Trình tự thực hiện" in html and "Bước 4" in html

    home = client.get("/").content.decode()
    assert page.title in home and f'href="{page.url}"' in home
    assert "Thủ tục hành chính" in home  # the index is in the main menu
    assert client.get("/en/thu-tuc-hanh-chinh/").status_code == 200


def test_json_ld_and_open_graph(client, index, field):
    page = make_procedure(index, "Tuyển sinh trung học phổ thông", code="3.000181", field=field)
    html = client.get(page.url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "GovernmentService"
    assert data["name"] == page.title
    assert data["identifier"] == "3.000181"
    assert data["serviceType"] == field.name
    assert data["url"].endswith(page.url)
    assert f'<meta property="og:title" content="{page.title}">' in html
    assert 'property="og:url"' in html


# -- status and decisions -----------------------------------------------------------------


def _decision(**fields):
    import datetime

    return Decision.objects.create(
        number="352/QĐ-UBND",
        issuing_body="Ủy ban nhân dân tỉnh",
        date_signed=datetime.date(2024, 3, 8),
        effective_date=datetime.date(2024, 3, 15),
        **fields,
    )


def test_replaced_procedure_keeps_its_url_with_a_banner_and_a_link_to_the_new_one(client, index):
    old = make_procedure(index, "Chuyển trường đối với học sinh trung học phổ thông")
    new = make_procedure(index, "Chuyển trường đối với học sinh trung học (mới)")
    decision = _decision()
    DecisionItem.objects.create(decision=decision, procedure=old, action="replaced", replacement=new)
    DecisionItem.objects.create(decision=decision, procedure=new, action="published")
    changed = apply_decision(decision)
    assert {p.pk for p in changed} == {old.pk}
    old.refresh_from_db()
    assert old.status == "replaced" and old.replaced_by_id == new.pk
    assert apply_decision(decision) == []  # applying again changes nothing

    response = client.get(old.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thủ tục này đã được thay thế" in html
    assert "352/QĐ-UBND" in html
    assert f'href="{new.url}"' in html
    assert "Lịch sử quyết định" in html
    assert "noindex" in html


def test_abolished_procedure_shows_the_decision(client, index):
    page = make_procedure(index, "Cho phép trường trung học phổ thông hoạt động trở lại")
    decision = _decision()
    DecisionItem.objects.create(decision=decision, procedure=page, action="abolished")
    apply_decision(decision)
    html = client.get(page.url).content.decode()
    assert "Thủ tục này đã bị bãi bỏ" in html
    assert "352/QĐ-UBND" in html
    assert "08/03/2024" in html


def test_replaced_item_needs_a_replacement(index):
    page = make_procedure(index, "Thủ tục cũ")
    item = DecisionItem(decision=_decision(), procedure=page, action="replaced")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "replacement" in error.value.message_dict


# -- index page and filters ---------------------------------------------------------------


def _catalogue(index, field):
    other = Field.objects.create(name="Giáo dục trung học", code="G03-GD10")
    a = make_procedure(index, "Thủ tục A", field=field, level_province=True, online_service_level="full")
    b = make_procedure(index, "Thủ tục B", field=field, level_district=True, postal_receipt=True)
    c = make_procedure(index, "Thủ tục C", field=other, level_province=True, status="abolished")
    d = make_procedure(index, "Thủ tục D", field=other, level_commune=True, status="amended")
    return other, a, b, c, d


def test_index_lists_procedures_in_force_with_counts(client, index, field):
    _catalogue(index, field)
    html = client.get(index.url).content.decode()
    assert "Thủ tục A" in html and "Thủ tục D" in html
    assert "Thủ tục C" not in html  # abolished: left out by default
    assert "3 thủ tục" in html


def test_filters_combine_and_counts_follow_the_other_filters(index, field):
    other, a, b, c, d = _catalogue(index, field)
    result = filter_procedures(index.procedures(), {"level": "province"})
    assert [p.title for p in result.queryset] == ["Thủ tục A"]
    facets = {facet.param: {o.value: o.count for o in facet.options} for facet in result.facets}
    assert facets["field"] == {field.slug: 1}  # C is abolished: not counted under the default status
    assert facets["level"] == {"province": 1, "district": 1, "commune": 1}
    assert facets["status"]["abolished"] == 1
    assert facets["status"][""] == 1

    result = filter_procedures(index.procedures(), {"status": "all", "field": other.slug})
    assert {p.title for p in result.queryset} == {"Thủ tục C", "Thủ tục D"}
    result = filter_procedures(index.procedures(), {"postal": "receipt"})
    assert [p.title for p in result.queryset] == ["Thủ tục B"]
    result = filter_procedures(index.procedures(), {"online": "none"})
    assert {p.title for p in result.queryset} == {"Thủ tục B", "Thủ tục D"}
    result = filter_procedures(index.procedures(), {"level": "nonsense", "status": "bogus"})
    assert result.selected["level"] == "" and result.selected["status"] == ""


def test_index_can_show_abolished_procedures_with_a_filter(client, index, field):
    _catalogue(index, field)
    html = client.get(index.url + "?status=abolished").content.decode()
    assert "Thủ tục C" in html and "Thủ tục A" not in html


def test_index_paginates(client, index, field):
    index.per_page = 2
    index.save_revision().publish()
    for n in range(5):
        make_procedure(index, f"Thủ tục số {n}", field=field)
    html = client.get(index.url + "?page=3").content.decode()
    assert "Trang 3 / 3" in html
    assert "Thủ tục số 4" in html and "Thủ tục số 0" not in html
    assert client.get(index.url + "?page=99").status_code == 200


# -- short URLs ---------------------------------------------------------------------------


def _translated(page, field=None):
    from procedures.demo_tools import translate

    if field is not None:
        translate(field, "en", {field.name: "Degrees and certificates"})
    return translate(page, "en", {page.title: "Correcting a degree"})


def test_short_code_url_redirects_in_the_visitors_language(client, index, field):
    page = make_procedure(index, "Chỉnh sửa nội dung văn bằng", code="2.001914", field=field)
    english = _translated(page, field)
    assert english.code == "2.001914"  # the code is synchronised, not translated
    response = client.get("/thu-tuc/2.001914/")
    assert response.status_code == 302 and response["Location"] == page.url
    assert client.get("/thu-tuc/2.001914.000.00.00.H50/")["Location"] == page.url
    assert client.get("/en/thu-tuc/2.001914/")["Location"] == english.url
    assert english.url.startswith("/en/")
    response = client.get("/thu-tuc/2.001914/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Location"] == english.url
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_short_id_url_for_procedures_without_a_code(client, index):
    page = make_procedure(index, "Xét, duyệt chính sách hỗ trợ")
    assert page.short_url == f"/thu-tuc/id/{page.pk}/"
    assert client.get(page.short_url)["Location"] == page.url
    english = _translated(page)
    assert client.get(f"/en/thu-tuc/id/{page.pk}/")["Location"] == english.url
    assert client.get(f"/thu-tuc/id/{english.pk}/")["Location"] == page.url


# -- posting sheets -----------------------------------------------------------------------


def _decode_qr_codes(html):
    import zxingcpp
    from PIL import Image

    texts = []
    for data in re.findall(r'src="data:image/png;base64,([^"]+)"', html):
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        texts += [result.text for result in zxingcpp.read_barcodes(image)]
    return texts


def test_posting_sheet_has_a_qr_code_with_the_short_url(client, index, field):
    page = make_procedure(index, "Chỉnh sửa nội dung văn bằng", rows=2, code="2.001914", field=field)
    response = client.get(page.url + "niem-yet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _decode_qr_codes(html) == ["http://testserver/thu-tuc/2.001914/"]
    assert "Thành phần hồ sơ" in html and "Giấy tờ số 2" in html
    assert 'class="site-header"' not in html  # no navigation chrome
    assert html.count("<main") == 1 and html.count("<h1") == 1
    css = Path(__file__).resolve().parent.parent / "procedures/static/procedures/posting_sheet.css"
    assert "@page" in css.read_text(encoding="utf-8")


def test_field_posting_sheet_lists_every_procedure_in_force(client, index, field):
    a = make_procedure(index, "Thủ tục A", code="1.004889", field=field)
    b = make_procedure(index, "Thủ tục B", field=field)
    make_procedure(index, "Thủ tục C", field=field, status="abolished")
    response = client.get(index.url + f"niem-yet/{field.slug}/")
    html = response.content.decode()
    assert sorted(_decode_qr_codes(html)) == sorted(
        ["http://testserver/thu-tuc/1.004889/", f"http://testserver/thu-tuc/id/{b.pk}/"]
    )
    assert "Thủ tục C" not in html
    assert a.title in html
    # One landmark and one h1 for the sheet, an article per procedure, each named by its title.
    assert html.count("<main") == 1 and html.count("<h1") == 1
    assert html.count('<article class="sheet"') == 2
    assert html.count('<h2 class="sheet__title"') == 2
    assert client.get(index.url + "niem-yet/khong-co/").status_code == 404


# -- API ----------------------------------------------------------------------------------


def test_api_lists_procedures_with_structured_fields(client, index, field):
    page = make_procedure(index, "Thủ tục API", rows=2, code="1.005074", field=field, fee_amount=0)
    response = client.get("/api/v2/procedures/?code=1.005074")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["code"] for item in items] == ["1.005074"]
    detail = client.get(f"/api/v2/procedures/{page.pk}/").json()
    assert detail["field_name"] == field.name
    assert [step["text"] for step in detail["steps"]] == ["Nội dung bước 1", "Nội dung bước 2"]
    assert len(detail["submission_modes"]) == 3
    assert detail["required_documents"][0]["name"] == "Giấy tờ số 1"
    assert detail["legal_basis"][1]["number"] == "2/2024/NĐ-CP"
    assert detail["status"] == "in_force"
    assert detail["fee_amount"] == 0
    assert detail["short_url"] == "/thu-tuc/1.005074/"
    assert client.post("/api/v2/procedures/", {}).status_code == 405
    statuses = client.get("/api/v2/procedures/?status=in_force").json()["items"]
    assert [item["code"] for item in statuses] == ["1.005074"]


@pytest.mark.parametrize("page_type", ["wagtailcore.Page", "home.HomePage", "procedures.ProcedurePage"])
def test_api_procedures_take_no_page_type(client, index, page_type):
    """The endpoint lists procedures only: ?type= is refused rather than listing other pages
    (or failing on their missing fields)."""
    make_procedure(index, "Thủ tục API", code="1.005074")
    response = client.get("/api/v2/procedures/", {"type": page_type, "code": "1.005074"})
    assert response.status_code == 400
    assert "type" in response.json()["message"]
    assert client.get(f"/api/v2/procedures/{index.pk}/").status_code == 404  # not a procedure


# -- admin: completeness report, group ----------------------------------------------------


def test_completeness_report_lists_empty_fields_and_share_per_field(admin_client, index, field):
    full = make_procedure(
        index,
        "Thủ tục đầy đủ",
        rows=1,
        code="1.004889",
        field=field,
        level_province=True,
        applicants="Công dân",
        processing_time="05 ngày",
        fee="Không",
        handling_agency=Agency.objects.create(name="Sở Giáo dục và Đào tạo"),
        receiving_address="Trung tâm Phục vụ hành chính công",
        result="Văn bằng đã chỉnh sửa",
    )
    make_procedure(index, "Thủ tục thiếu", field=field)
    from procedures.completeness import completeness_report

    rows, shares = completeness_report(ProcedurePage.objects.all())
    by_title = {row.page.title: row for row in rows}
    assert by_title[full.title].complete
    assert "Trình tự thực hiện" not in [str(x) for x in by_title[full.title].missing]
    assert len(by_title["Thủ tục thiếu"].missing) == 12  # only the field is filled
    assert [(s.name, s.total, s.complete, s.percent) for s in shares] == [(field.name, 2, 1, 50)]

    response = admin_client.get(reverse("procedure_completeness:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thủ tục thiếu" in html and "50%" in html


def test_tthc_admin_group_may_edit_procedures_and_snippets(index):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    group = Group.objects.get(name="Quản trị TTHC")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_field", "change_agency", "change_decision", "change_hotline"} <= codenames
    granted = GroupPagePermission.objects.filter(group=group, page=index)
    page_permissions = set(granted.values_list("permission__codename", flat=True))
    assert page_permissions == {"add_page", "change_page", "publish_page"}


def test_english_locale_exists_for_translation(db):
    assert Locale.objects.filter(language_code="vi").exists()
    assert Page.objects.exists()


def test_cached_facet_counts_follow_a_newly_published_procedure(client, index, field):
    make_procedure(index, "Thủ tục A", field=field, level_province=True)
    html = client.get(index.url).content.decode()
    assert 'cấp tỉnh <span class="procedure-count">(1)</span>' in html
    make_procedure(index, "Thủ tục B", field=field, level_province=True)
    html = client.get(index.url).content.decode()
    assert 'cấp tỉnh <span class="procedure-count">(2)</span>' in html
