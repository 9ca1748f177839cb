"""The feedback form: reference codes, storage, email, status lookup, spam defences, retention."""

import datetime
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cchc_pages.forms import CONTENT_MAX_LENGTH
from cchc_pages.models import Feedback, FeedbackFormPage
from cchc_pages.submissions import erase_expired_contacts, over_rate_limit

FORM = "/cai-cach-hanh-chinh/phan-anh-kien-nghi/"
LOOKUP = FORM + "tra-cuu/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_page(cchc_site):
    page = FeedbackFormPage.objects.get(locale__language_code="vi")
    page.to_address = "vanphong@example.vn"
    page.save_revision().publish()
    return page


def valid(**overrides):
    data = {
        "kind": "procedure",
        "name": "Nguyễn Văn A",
        "contact": "0912 345 678",
        "related_procedure": "",
        "content": "Hồ sơ cấp bản sao văn bằng bị trả lại nhiều lần.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_page_renders_with_labels_and_consent_text(client, form_page):
    html = client.get(FORM).content.decode()
    for label in ("Họ và tên", "Điện thoại hoặc email", "Nội dung", "Thủ tục hành chính liên quan (nếu có)"):
        assert label in html
    assert "Nghị định số 13/2023/NĐ-CP" in html
    assert 'name="website"' in html and 'class="cchc-hp" aria-hidden="true"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_valid_submission_is_stored_shown_with_a_code_and_emailed(client, form_page):
    response = client.post(FORM, valid())
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.reference.startswith("PA-")
    assert feedback.status == "received" and feedback.consent_given_at is not None
    assert feedback.page_id == form_page.pk
    html = response.content.decode()
    assert feedback.reference in html
    assert "Mã số phản ánh của bạn" in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vanphong@example.vn"]
    assert feedback.reference in mail.outbox[0].subject
    assert "Nguyễn Văn A" in mail.outbox[0].body


@override_settings(CCHC_FEEDBACK_EMAIL="cchc@example.vn")
def test_email_falls_back_to_the_setting(client, cchc_site):
    client.post(FORM, valid())
    assert mail.outbox[0].to == ["cchc@example.vn"]


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"name": ""}, "name"),
        ({"contact": ""}, "contact"),
        ({"contact": "khong-phai-so"}, "contact"),
        ({"contact": "a@b"}, "contact"),
        ({"content": "   "}, "content"),
        ({"content": "x" * (CONTENT_MAX_LENGTH + 1)}, "content"),
        ({"consent": ""}, "consent"),
        ({"kind": "other"}, "kind"),
        ({"related_procedure": "999999"}, "related_procedure"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_nothing_stored(
    client, form_page, overrides, field_error
):
    response = client.post(FORM, valid(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field_error]
    assert "Vui lòng sửa các ô được đánh dấu" in response.content.decode()
    assert not Feedback.objects.exists()
    assert not mail.outbox


def test_script_tags_are_stored_as_sent_and_shown_escaped(client, form_page, admin_client):
    content = '<script>alert("x")</script> Trả hồ sơ chậm'
    html = client.post(FORM, valid(content=content)).content.decode()
    feedback = Feedback.objects.get()
    assert feedback.content == content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' not in html
    edit = admin_client.get(f"/admin/snippets/cchc_pages/feedback/edit/{feedback.pk}/").content.decode()
    assert '<script>alert("x")</script>' not in edit
    assert "&lt;script&gt;" in edit


def test_honeypot_submission_is_silently_dropped(client, form_page):
    response = client.post(FORM, valid(website="http://spam.example"))
    assert response.status_code == 200
    assert "Cảm ơn bạn đã gửi phản ánh, kiến nghị" in response.content.decode()
    assert not Feedback.objects.exists()
    assert not mail.outbox


@override_settings(CCHC_FEEDBACK_RATE_LIMIT=(3, 3600))
def test_too_many_posts_from_one_address_get_429_in_vietnamese(client, form_page):
    for _ in range(3):
        assert client.post(FORM, valid(), REMOTE_ADDR="203.0.113.5").status_code == 200
    response = client.post(FORM, valid(), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn" in response.content.decode()
    assert Feedback.objects.count() == 3
    assert client.post(FORM, valid(), REMOTE_ADDR="203.0.113.6").status_code == 200  # another address


@override_settings(CCHC_FEEDBACK_RATE_LIMIT=(2, 3600), CCHC_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_rate_limit_reads_the_configured_proxy_header(client, form_page):
    for _ in range(2):
        client.post(FORM, valid(), HTTP_X_REAL_IP="198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert (
        client.post(FORM, valid(), HTTP_X_REAL_IP="198.51.100.7", REMOTE_ADDR="10.0.0.1").status_code == 429
    )
    assert (
        client.post(FORM, valid(), HTTP_X_REAL_IP="198.51.100.8", REMOTE_ADDR="10.0.0.1").status_code == 200
    )


def test_content_help_text_is_in_the_active_language(db):
    from django.utils import translation

    from cchc_pages.forms import FeedbackForm

    with translation.override("en"):
        assert FeedbackForm().fields["content"].help_text == f"At most {CONTENT_MAX_LENGTH} characters."
    with translation.override("vi"):
        assert FeedbackForm().fields["content"].help_text == f"Tối đa {CONTENT_MAX_LENGTH} ký tự."


@override_settings(CCHC_FEEDBACK_RATE_LIMIT=(2, 3600))
def test_rate_limit_counts_in_the_shared_cache():
    assert not over_rate_limit("192.0.2.1")
    assert not over_rate_limit("192.0.2.1")
    assert over_rate_limit("192.0.2.1")
    cache.clear()  # e.g. the window expired
    assert not over_rate_limit("192.0.2.1")


def test_sender_looks_up_the_status_with_the_code(client, form_page):
    client.post(FORM, valid())
    feedback = Feedback.objects.get()
    html = client.get(LOOKUP, {"code": feedback.reference.lower()}).content.decode()
    assert "Đã tiếp nhận" in html
    assert "Nguyễn Văn A" not in html and "0912 345 678" not in html  # no personal data on lookup
    feedback.status = "answered"
    feedback.reply = "Sở đã liên hệ và hướng dẫn bổ sung hồ sơ."
    feedback.save()
    html = client.get(LOOKUP, {"code": feedback.reference}).content.decode()
    assert "Đã trả lời" in html and "Sở đã liên hệ" in html
    html = client.get(LOOKUP, {"code": "PA-00000000-XXXXXXXX"}).content.decode()
    assert "Không có phản ánh nào có mã số này" in html


@override_settings(PAGE_CACHE_ENABLED=True)
def test_feedback_purges_no_page_and_its_lookup_is_never_cached(client, form_page):
    """A public form must not empty the page cache; the lookup, which shows a status the office
    changes without a purge, is therefore never cached."""
    from home.cache import current_generation

    client.get(FORM)  # the first page of the site creates its settings, which purges
    generation = current_generation()
    client.post(FORM, valid())
    assert current_generation() == generation
    feedback = Feedback.objects.get()
    for _ in range(2):
        response = client.get(LOOKUP, {"code": feedback.reference})
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
    feedback.status = "answered"
    feedback.save()
    assert current_generation() == generation
    assert "Đã trả lời" in client.get(LOOKUP, {"code": feedback.reference}).content.decode()


def test_office_sets_the_status_in_the_admin_and_exports(client, form_page, admin_client):
    client.post(FORM, valid())
    feedback = Feedback.objects.get()
    response = admin_client.post(
        f"/admin/snippets/cchc_pages/feedback/edit/{feedback.pk}/",
        {"status": "processing", "reply": "Đang xác minh."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    feedback.refresh_from_db()
    assert feedback.status == "processing"
    assert feedback.content.startswith("Hồ sơ cấp bản sao")  # read-only fields untouched
    export = admin_client.get("/admin/snippets/cchc_pages/feedback/", {"export": "csv"})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert feedback.reference in text and "Nguyễn Văn A" in text


def test_approver_group_may_handle_feedback(db):
    from django.contrib.auth.models import Group

    approvers = Group.objects.get(name="Văn phòng Sở – Duyệt bài")
    codenames = set(approvers.permissions.values_list("codename", flat=True))
    assert {"change_feedback", "view_feedback", "access_admin"} <= codenames


def test_contact_details_are_erased_after_the_retention_period(client, form_page):
    client.post(FORM, valid())
    client.post(FORM, valid(name="Trần Thị B"), REMOTE_ADDR="192.0.2.9")
    old, recent = Feedback.objects.order_by("created_at")
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    with override_settings(CCHC_FEEDBACK_RETENTION_DAYS=365):
        out = io.StringIO()
        call_command("erase_feedback_contacts", stdout=out)
    assert "1" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.contact) == ("", "") and old.contact_erased_at is not None
    assert old.content  # the feedback itself is kept
    assert recent.name == "Trần Thị B" and recent.contact
    assert erase_expired_contacts(days=365) == 0  # idempotent


def test_consent_text_names_no_department_unless_the_site_writes_it(form_page):
    """The plugin's default suits any department; the demo content names its own."""
    default = FeedbackFormPage._meta.get_field("consent_text").default
    assert "cơ quan tiếp nhận" in default and "Sở" not in default
    assert "Sở Giáo dục và Đào tạo" in form_page.consent_text
