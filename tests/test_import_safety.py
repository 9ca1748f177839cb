"""The import under review: caches purged after the commit, clean HTML and links, cells that fit
their columns, the signed decision's file, the index page's tree counts, one translation query,
expiring confirmations and uploads, and editors' drafts kept by imports and decisions."""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Page

from procedures.importing import service, views
from procedures.importing.service import DecisionInfo, apply_import
from procedures.models import Decision, ProcedurePage

from .import_helpers import HEADER, xlsx_bytes
from .test_import_service import assert_refused

SAMPLE = (Path(__file__).parent / "data" / "sample_decision.xlsx").read_bytes()
DECISION = DecisionInfo(number="512/QĐ-UBND", date_signed=datetime.date(2021, 3, 1))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TITLE = "Cho phép trường trung học phổ thông hoạt động giáo dục"


def upload(client, data=SAMPLE, name="sample_decision.xlsx", **extra):
    fields = {"import_file": SimpleUploadedFile(name, data), "file_format": "", "progress_token": "abc"}
    fields.update(extra)
    return client.post("/admin/procedures_import/", fields)


def confirm(client, preview):
    return client.post(
        "/admin/procedures_import/confirm/", {"token": preview.context["confirm_form"]["token"].value()}
    )


def flat(**columns):
    """A flat workbook changing the procedure 1.005074 with ``columns`` (header → cell)."""
    return xlsx_bytes(
        {"Thủ tục": [["Mã thủ tục", "Tên thủ tục", *columns], ["1.005074", TITLE, *columns.values()]]}
    )


# -- caches ---------------------------------------------------------------------------------


def test_caches_are_purged_again_once_the_import_commits(
    site, import_admin, django_capture_on_commit_callbacks
):
    from home.cache import current_generation
    from procedures.catalogue import catalogue_version
    from procedures.signals import content_changed

    received = []

    def receiver(sender, **kwargs):
        received.append(sender)

    content_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            plan = apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
        # What a reader could have cached during the transaction, under the numbers it left.
        generation, version = current_generation(), catalogue_version()
        assert plan.applied and received == []
        for callback in callbacks:
            callback()
    finally:
        content_changed.disconnect(receiver)
    assert received == [ProcedurePage]
    assert current_generation() > generation  # the site's page cache listens (PAGE_CACHE_PURGE_SIGNALS)
    assert catalogue_version() > version


# -- cell contents ----------------------------------------------------------------------------


def test_description_html_is_kept_to_what_the_editor_allows(site, import_admin):
    html = (
        '<p onclick="steal()" style="color:red">Nộp <b>trực tuyến</b> tại '
        '<a href="javascript:alert(1)">đây</a> hoặc <a href="https://dichvucong.gov.vn/p/1">cổng</a>'
        "<script>alert(2)</script></p><iframe src='https://evil.example'></iframe><h2>Lưu ý</h2>"
    )
    data = flat(**{"Mô tả (HTML)": html, "Đường dẫn dịch vụ công": "https://dichvucong.gov.vn/p/1"})
    plan = apply_import(data, "f.xlsx", user=import_admin)
    assert plan.errors == [] and plan.applied
    page = ProcedurePage.objects.get(code="1.005074")
    for unsafe in ("onclick", "style", "javascript:", "<script", "alert(2)", "<iframe", "<h2"):
        assert unsafe not in page.description
    assert "<b>trực tuyến</b>" in page.description
    assert '<a href="https://dichvucong.gov.vn/p/1">cổng</a>' in page.description
    assert page.online_service_url == "https://dichvucong.gov.vn/p/1"
    # The same cell gives the same HTML: importing the file again changes nothing.
    assert not apply_import(data, "f.xlsx", user=import_admin).has_changes


@pytest.mark.parametrize("url", ["javascript:alert(1)", "dichvucong.gov.vn/p/1", "https://"])
def test_online_service_link_must_be_a_web_address(site, url):
    assert_refused(
        site,
        flat(**{"Đường dẫn dịch vụ công": url}),
        "dòng 2",
        "Đường dẫn dịch vụ công",
        url,
        "Không phải địa chỉ web",
    )


def test_over_long_cells_are_row_errors_not_database_errors(site):
    columns = {
        "Loại thủ tục": "L" * 256,
        "Lĩnh vực": "Lĩnh vực " + "x" * 250,
    }
    data = xlsx_bytes(
        {
            "Thủ tục": [["Mã thủ tục", "Tên thủ tục", *columns], ["1.005074", "T" * 256, *columns.values()]],
            "Trình tự thực hiện": [
                ["Mã thủ tục", "Thứ tự", "Tiêu đề bước", "Nội dung"],
                ["1.005074", 1, "B" * 256, "x"],
            ],
            "Căn cứ pháp lý": [
                ["Mã thủ tục", "Thứ tự", "Số ký hiệu", "Trích yếu", "Cơ quan ban hành"],
                ["1.005074", 1, "1" * 101, "Nghị định", "C" * 256],
            ],
        }
    )
    plan = assert_refused(site, data, "Tối đa 255 ký tự", "Tối đa 100 ký tự", create_missing_fields=True)
    columns = {(error.sheet, error.column.split(" ", 1)[1]) for error in plan.errors}
    assert columns == {
        ("Thủ tục", "(Tên thủ tục)"),
        ("Thủ tục", "(Loại thủ tục)"),
        ("Thủ tục", "(Lĩnh vực)"),
        ("Trình tự thực hiện", "(Tiêu đề bước)"),
        ("Căn cứ pháp lý", "(Số ký hiệu)"),
        ("Căn cứ pháp lý", "(Cơ quan ban hành)"),
    }


def test_appendix_links_and_legal_documents_fit_their_columns(site):
    long_url = "https://dichvucong.gov.vn/" + "a" * 500
    legal = "Thông tư số 1/2020/TT-BGDĐT ngày 01/02/2020 của " + "Bộ " * 100
    rows = [HEADER, [1, "1.999001", "Một", f"Trực tuyến một phần: {long_url}", None, None, None, legal]]
    assert_refused(
        site, xlsx_bytes({"S": rows}), "dòng 2", "Cách thức thực hiện", "Tối đa 500 ký tự", "Tối đa 255 ký tự"
    )


# -- the signed decision's file ---------------------------------------------------------------


def test_signed_decision_file_is_checked_as_a_document_on_upload(client, site, import_admin, settings):
    client.force_login(import_admin)
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"<html><script>alert(1)</script></html>")
    response = upload(client, decision_number="512/QĐ-UBND", decision_file=fake)
    assert "không phải là tệp PDF hợp lệ" in response.content.decode()
    assert response.context["form"].errors["decision_file"]
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    response = upload(client, decision_number="512/QĐ-UBND", decision_file=SimpleUploadedFile("qd.pdf", PDF))
    assert response.context["form"].errors["decision_file"]
    assert get_document_model().objects.count() == 0


def test_signed_decision_file_becomes_a_document_only_with_a_new_decision(client, site, import_admin):
    client.force_login(import_admin)
    Decision.objects.create(number="1/QĐ-UBND")
    existing = upload(client, decision_number="1/QĐ-UBND", decision_file=SimpleUploadedFile("qd.pdf", PDF))
    assert confirm(client, existing).status_code == 200
    assert get_document_model().objects.count() == 0  # the decision was recorded already

    preview = upload(client, decision_number="512/QĐ-UBND", decision_file=SimpleUploadedFile("qd.pdf", PDF))
    assert confirm(client, preview).status_code == 200
    document = get_document_model().objects.get()
    assert Decision.objects.get(number="512/QĐ-UBND").document == document
    assert document.title == "Quyết định 512/QĐ-UBND" and document.uploaded_by_user == import_admin
    with document.open_file() as handle:
        assert handle.read() == PDF


# -- the tree and the queries -----------------------------------------------------------------


def test_index_page_is_locked_and_its_child_count_added_to(site, import_admin, monkeypatch):
    flush = service.Applier._flush

    def flush_after_another_child(self):
        # A child counted by someone else after the import read the index page.
        Page.objects.filter(pk=site.pk).update(numchild=F("numchild") + 1)
        flush(self)

    monkeypatch.setattr(service.Applier, "_flush", flush_after_another_child)
    before = Page.objects.get(pk=site.pk).numchild
    with CaptureQueriesContext(connection) as queries:
        plan = apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    assert Page.objects.get(pk=site.pk).numchild == before + 1 + plan.counts()["new"]
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


def test_translations_of_all_saved_pages_are_counted_in_one_query(site, import_admin):
    with CaptureQueriesContext(connection) as queries:
        plan = apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    assert len(plan.changes) == 8
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if "translation_key" in query["sql"] and "COUNT(" in query["sql"].upper()
    ]
    assert len(counts) == 1


# -- confirmations and temporary files ----------------------------------------------------------


def test_confirmation_expires(client, site, import_admin, settings, monkeypatch):
    from django.core import signing

    client.force_login(import_admin)
    signed_at = int(time.time()) - 3601
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(signed_at))
    preview = upload(client)
    monkeypatch.undo()
    response = confirm(client, preview)
    assert "Biểu mẫu nhập đã hết hạn" in response.content.decode()
    assert ProcedurePage.objects.count() == 5
    settings.PROCEDURES_IMPORT_CONFIRM_MAX_AGE = 2 * 3600
    assert "Đã áp dụng và xuất bản các thay đổi." in confirm(client, preview).content.decode()


def test_each_upload_deletes_uploads_older_than_a_day(client, site, import_admin):
    client.force_login(import_admin)
    folder = Path(views._temp_dir())
    stale, recent = folder / ("0" * 32), folder / ("1" * 32)
    for path in (stale, recent):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    try:
        upload(client)
        assert not stale.exists() and recent.exists()
    finally:
        recent.unlink(missing_ok=True)
        stale.unlink(missing_ok=True)


def test_upload_size_is_checked_before_the_file_is_read(client, site, import_admin, settings, monkeypatch):
    client.force_login(import_admin)
    settings.PROCEDURES_IMPORT_MAX_UPLOAD_SIZE = 1000

    def refuse(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(views, "_store", refuse)
    response = upload(client)
    assert response.status_code == 200
    assert "lớn hơn giới hạn" in " ".join(response.context["form"].errors["import_file"])


# -- editors' drafts ------------------------------------------------------------------------------


def test_import_keeps_an_editors_unpublished_draft(site, import_admin):
    page = ProcedurePage.objects.get(code="1.006388")
    page.result = "Bản nháp của biên tập viên"
    page.save_revision()
    apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    page.refresh_from_db()
    assert page.status == "amended" and page.processing_time.startswith("20 ngày")  # published
    assert page.result == ""
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.result == "Bản nháp của biên tập viên" and draft.status == "amended"
    assert page.live_revision.as_object().status == "amended"


def test_decision_status_change_keeps_an_editors_unpublished_draft(site, django_capture_on_commit_callbacks):
    from procedures.signals import content_changed
    from procedures.status import apply_decision

    from .procedure_helpers import make_procedure

    live = make_procedure(site, "Thủ tục đang sửa")
    unpublished = make_procedure(site, "Thủ tục chưa xuất bản", publish=False, live=False)
    for page in (live, unpublished):
        page.fee = "Bản nháp: 50.000 đồng"
        page.save_revision()
    decision = Decision.objects.create(number="352/QĐ-UBND")
    for page in (live, unpublished):
        decision.items.create(procedure=page, action="abolished")
    received = []
    content_changed.connect(lambda sender, **kwargs: received.append(sender), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            apply_decision(decision)
    finally:
        content_changed.disconnect(dispatch_uid="t")
    assert received == [ProcedurePage]  # caches purged once the decision is committed
    live.refresh_from_db()
    assert live.status == "abolished" and live.fee == ""  # the status is published, the draft is not
    assert live.live_revision.as_object().status == "abolished"
    unpublished.refresh_from_db()
    assert not unpublished.live
    for page in (live, unpublished):
        assert page.has_unpublished_changes
        draft = page.get_latest_revision_as_object()
        assert draft.fee == "Bản nháp: 50.000 đồng" and draft.status == "abolished"
    assert apply_decision(decision) == []
