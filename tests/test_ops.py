"""Production operation: health endpoint, page cache, security headers, login lockout, uploads,
backup and restore. (Escaping and permissions: tests/test_security.py.)"""

import base64
import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.dispatch import Signal
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from home.backup import flush_database
from home.cache import _is_cacheable_response, connect_purge_signals, purge_page_cache
from home.models import HomePage

ROOT = Path(__file__).resolve().parent.parent
PAGE_CACHE_ON = override_settings(PAGE_CACHE_ENABLED=True)
# A tiny valid PNG (1×1) and PDF, built here so the tests need no binary fixtures.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- health -----------------------------------------------------------------------------------


def test_health_reports_database_and_cache(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_cache_does_not_answer(client, db):
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


# --- page cache -------------------------------------------------------------------------------


def test_page_cache_is_off_in_test_settings(client, demo_site):
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


@PAGE_CACHE_ON
def test_anonymous_pages_are_served_from_the_cache(client, demo_site, django_assert_max_num_queries):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second  # headers added outside the cache stay fresh


@PAGE_CACHE_ON
def test_a_publish_is_visible_at_once(client, demo_site):
    home = HomePage.objects.get(locale__language_code="vi")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    home.title = "Trang chủ sau khi xuất bản"
    home.save_revision().publish()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Trang chủ sau khi xuất bản" in response.content.decode()


@PAGE_CACHE_ON
def test_an_unpublish_is_visible_at_once(client, demo_site):
    section = Page.objects.get(url_path__endswith="/cai-cach-hanh-chinh/", locale__language_code="vi")
    assert client.get("/cai-cach-hanh-chinh/").status_code == 200
    assert client.get("/cai-cach-hanh-chinh/")["X-Page-Cache"] == "hit"
    section.unpublish()
    assert client.get("/cai-cach-hanh-chinh/").status_code == 404


@PAGE_CACHE_ON
def test_a_settings_change_purges_the_cache(client, demo_site):
    from home.models import DepartmentSettings

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    department = DepartmentSettings.for_site(demo_site)
    department.save()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_site_chrome_follows_a_publish_and_a_settings_change_at_once(client, demo_site):
    """The chrome fragments (page cache off) are purged like the page cache."""
    from home.models import DepartmentSettings

    section = Page.objects.get(url_path__endswith="/cai-cach-hanh-chinh/", locale__language_code="vi")
    section = section.specific
    url = "/cai-cach-hanh-chinh/"
    client.get(url)
    assert "Chuyên trang mới" not in client.get(url).content.decode()
    section.title = "Chuyên trang mới"
    section.save_revision().publish()
    html = client.get(url).content.decode()
    assert html.count("Chuyên trang mới") >= 2  # the menu item and the page heading
    department = DepartmentSettings.for_site(demo_site)
    department.address = "Số 1 Đường Thử, Phường Thử"
    department.save()
    assert "Số 1 Đường Thử" in client.get(url).content.decode()


def test_a_new_site_is_found_at_once_despite_the_site_lookup_cache(client, demo_site):
    section = Page.objects.get(url_path__endswith="/cai-cach-hanh-chinh/", locale__language_code="vi")
    assert client.get("/", HTTP_HOST="cchc.example.org").status_code == 200  # the default site
    assert client.get("/", HTTP_HOST="cchc.example.org").status_code == 200  # now from the cache
    Site.objects.create(hostname="cchc.example.org", root_page=section, site_name="CCHC")
    response = client.get("/", HTTP_HOST="cchc.example.org")
    assert response.status_code == 200
    assert response.context["page"].pk == section.pk


def test_a_request_reads_the_cache_generation_once(client, demo_site, monkeypatch):
    """The page cache, the site lookup and every chrome fragment share one read per request."""
    from django.core.cache import caches

    from home.cache import GENERATION_KEY

    backend = caches["default"]
    reads = []
    real_get = backend.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counting_get)
    assert client.get("/cai-cach-hanh-chinh/").status_code == 200
    assert sum(key.startswith("chrome:") for key in reads) >= 3  # header, breadcrumbs, footer
    assert reads.count(GENERATION_KEY) == 1


def test_a_purge_during_a_request_is_seen_by_the_rest_of_it():
    from home.cache import current_generation, request_generation_memo

    with request_generation_memo():
        before = current_generation()
        assert current_generation() == before
        purge_page_cache()
        assert current_generation() == before + 1


@pytest.mark.parametrize("shared", [True, False])
def test_the_site_lookup_is_cached_only_with_a_shared_cache(rf, settings, db, shared):
    """Production sets SITE_LOOKUP_CACHE only with Redis: a purge must reach every worker."""
    from django.http import HttpResponse

    from home.cache import SiteLookupCacheMiddleware

    settings.SITE_LOOKUP_CACHE = shared
    request = rf.get("/")
    SiteLookupCacheMiddleware(lambda request: HttpResponse())(request)
    assert hasattr(request, "_wagtail_site") is shared
    assert any(":site:" in key for key in cache._cache) is shared


def test_previews_neither_use_nor_fill_the_cached_chrome(client, demo_site):
    section = Page.objects.get(url_path__endswith="/cai-cach-hanh-chinh/", locale__language_code="vi")
    section = section.specific
    client.get("/cai-cach-hanh-chinh/")
    section.title = "Tiêu đề bản nháp"
    section.save_revision()  # a draft: the live page keeps its title
    draft = section.get_latest_revision_as_object()
    preview = draft.make_preview_request().content.decode()
    assert 'aria-current="page">Tiêu đề bản nháp' in preview  # breadcrumbs rendered fresh
    assert "Tiêu đề bản nháp" not in client.get("/cai-cach-hanh-chinh/").content.decode()


@PAGE_CACHE_ON
def test_logged_in_editors_always_see_fresh_pages(client, demo_site):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="vi")
    home.title = "Bản nháp chưa xuất bản"
    home.save_revision()  # a draft; the public page has not changed
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert response.status_code == 200
    assert 'id="wagtail-userbar-template"' in response.content.decode()  # rendered for this editor


@PAGE_CACHE_ON
def test_a_signal_named_in_settings_purges_the_cache(client, demo_site):
    import tests.test_ops as this_module

    this_module.imported = Signal()
    with override_settings(PAGE_CACHE_PURGE_SIGNALS=["tests.test_ops.imported"]):
        connect_purge_signals()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    this_module.imported.send(sender=None)
    assert client.get("/")["X-Page-Cache"] == "miss"


@PAGE_CACHE_ON
def test_purge_function_and_excluded_paths(client, demo_site):
    client.get("/")
    purge_page_cache()
    assert client.get("/")["X-Page-Cache"] == "miss"
    client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/admin/login/")
    for path in ("/tim-kiem/?q=van+bang", "/en/tim-kiem/?q=diploma", "/healthz/"):
        client.get(path)
        assert "X-Page-Cache" not in client.get(path), path


def test_responses_with_cookies_or_private_data_are_never_stored(rf):
    from django.http import HttpResponse

    request = rf.get("/")
    plain = HttpResponse("ok")
    assert _is_cacheable_response(request, plain)
    with_cookie = HttpResponse("form")
    with_cookie.set_cookie("csrftoken", "x")
    varies = HttpResponse("per anything")
    varies["Vary"] = "*"
    per_session = HttpResponse("per session, requested without one")
    per_session["Vary"] = "Accept-Language, Cookie"
    assert _is_cacheable_response(request, per_session)
    private = HttpResponse("mine")
    private["Cache-Control"] = "private, max-age=0"
    not_found = HttpResponse("missing", status=404)
    for response in (with_cookie, varies, private, not_found):
        assert not _is_cacheable_response(request, response)


# --- security headers -------------------------------------------------------------------------


def _csp(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";")
    )


def test_public_pages_allow_only_their_own_inline_script(client, demo_site):
    response = client.get("/")
    policy = _csp(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    assert inline, "base.html's no-js switch is expected"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"], f"inline script not allowed by CSP: {script!r}"


def test_admin_gets_its_wider_policy(client, db):
    policy = _csp(client.get("/admin/login/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == "'none'"


def _production_settings(**env):
    secret = "k3J9-qv82!Lm0zT5@xR7wP1bN6cY4dF8gH2jK0lM9nB3vC5xZ7aS1dF4gH6jK8lQ"
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "REDIS_URL"}}
    full_env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=secret, **env)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({k: "
        "getattr(s, k) for k in ['SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', "
        "'PAGE_CACHE_ENABLED', 'CHROME_CACHE_SECONDS', 'SITE_LOOKUP_CACHE', 'DEBUG', 'AXES_ENABLED']} | "
        "{'storage': s.STORAGES['default']['BACKEND'], "
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'img': s.CONTENT_SECURITY_POLICY['DIRECTIVES']"
        "['img-src']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, check=True
    )
    import json

    return json.loads(result.stdout)


def test_production_settings_are_hardened_by_default():
    values = _production_settings()
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["DEBUG"] is False
    assert values["AXES_ENABLED"] is True
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"
    # No Redis: each worker's local memory would miss the purges of the others.
    assert values["PAGE_CACHE_ENABLED"] is False
    assert values["CHROME_CACHE_SECONDS"] == 0
    assert values["SITE_LOOKUP_CACHE"] is False


def test_production_settings_follow_the_environment():
    values = _production_settings(
        SECURE_SSL_REDIRECT="0",
        REDIS_URL="redis://127.0.0.1:6379/9",
        AWS_STORAGE_BUCKET_NAME="so-gddt-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["PAGE_CACHE_ENABLED"] is True
    assert values["CHROME_CACHE_SECONDS"] == 600
    assert values["SITE_LOOKUP_CACHE"] is True
    assert values["storage"] == "storages.backends.s3.S3Storage"
    assert "https://media.example.org" in values["img"]


# --- admin login brute-force protection -------------------------------------------------------


@override_settings(AXES_ENABLED=True)
def test_repeated_failed_logins_lock_the_account_out(client, db):
    get_user_model().objects.create_superuser("bientap", "b@example.org", "mat-khau-dung")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "bientap", "password": "sai"})
        assert response.status_code in (200, 429)
    locked = client.post("/admin/login/", {"username": "bientap", "password": "mat-khau-dung"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out by someone else's failures.
    get_user_model().objects.create_superuser("duyet", "d@example.org", "mat-khau-khac")
    ok = client.post("/admin/login/", {"username": "duyet", "password": "mat-khau-khac"})
    assert ok.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_successful_login_resets_the_failure_count(client, db):
    get_user_model().objects.create_superuser("bientap", "b@example.org", "mat-khau-dung")
    wrong = {"username": "bientap", "password": "sai"}
    right = {"username": "bientap", "password": "mat-khau-dung"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/admin/login/", wrong)
    assert client.post("/admin/login/", right).status_code == 302
    client.logout()
    client.post("/admin/login/", wrong)
    assert client.post("/admin/login/", right).status_code == 302


@override_settings(AXES_ENABLED=True)
def test_logins_without_a_request_still_work(client, db):
    """Test clients and scripts call authenticate() without a request; axes must not break them."""
    get_user_model().objects.create_user("script", "s@example.org", "pw")
    assert client.login(username="script", password="pw")


# --- uploads ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client_logged(client, db):
    admin = get_user_model().objects.create_superuser("quantri", "q@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("thong-bao.pdf", b"<html><script>alert(1)</script></html>"),
        ("bieu-mau.docx", b"MZ\x90\x00\x03" + b"\x00" * 200),  # a Windows program
        ("bang-tinh.xlsx", PDF),
        ("danh-sach.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("ghi-chu.txt", PNG),
        ("van-ban.odt", _docx_bytes()),
    ],
)
def test_disguised_documents_are_refused(admin_client_logged, name, content):
    response = admin_client_logged.post(
        "/admin/documents/add/",
        {"title": "Tệp giả", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    assert response.status_code == 200
    assert "không phải là tệp" in response.content.decode() or "not a valid" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quyet-dinh.pdf", PDF),
        ("bieu-mau.docx", _docx_bytes()),
        ("phu-luc.xlsx", (ROOT / "tests" / "data" / "sample_decision.xlsx").read_bytes()),
        ("danh-sach.csv", "Mã;Tên\n1.005092;Cấp bản sao văn bằng\n".encode()),
    ],
)
def test_genuine_documents_are_accepted(admin_client_logged, name, content):
    response = admin_client_logged.post(
        "/admin/documents/add/",
        {"title": "Tệp thật", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.get().file.name.endswith(Path(name).suffix)


def test_disguised_image_is_refused(admin_client_logged):
    response = admin_client_logged.post(
        "/admin/images/add/",
        {"title": "Ảnh giả", "file": SimpleUploadedFile("anh.png", b"<svg onload=x>"), "collection": 1},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    genuine = admin_client_logged.post(
        "/admin/images/add/",
        {"title": "Ảnh thật", "file": SimpleUploadedFile("anh.png", PNG), "collection": 1},
    )
    assert genuine.status_code == 302
    assert get_image_model().objects.count() == 1


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_documents_over_the_size_limit_are_refused(admin_client_logged):
    big = PDF + b"%" + b"x" * 2048 + b"\n"
    response = admin_client_logged.post(
        "/admin/documents/add/",
        {"title": "Tệp lớn", "file": SimpleUploadedFile("lon.pdf", big), "collection": 1},
    )
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


def test_upload_limits_are_configured():
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert "svg" not in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", ["avif", "gif", "jpg", "jpeg", "png"])


# --- backup and restore -----------------------------------------------------------------------


def _snapshot():
    Document, Image = get_document_model(), get_image_model()
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path", "title", "live", "locale_id")),
        "revisions": sorted(
            (r.id, r.object_id, r.base_content_type_id, repr(r.content)) for r in Revision.objects.all()
        ),
        "documents": sorted((d.id, d.title, d.file.name, d.file_hash) for d in Document.objects.all()),
        "images": sorted((i.id, i.title, i.file.name, i.width) for i in Image.objects.all()),
        "users": sorted(get_user_model().objects.values_list("username", "password", "is_superuser")),
    }


def test_backup_and_restore_into_an_empty_database(demo_site, tmp_path):
    Document, Image = get_document_model(), get_image_model()
    editor = get_user_model().objects.create_superuser("bientap", "b@example.org", "pw")
    document = Document.objects.create(title="Quyết định 1234", file=ContentFile(PDF, name="qd-1234.pdf"))
    Image.objects.create(title="Ảnh", file=ContentFile(PNG, name="anh.png"), width=1, height=1)
    home = HomePage.objects.get(locale__language_code="vi")
    home.title = "Trang chủ (bản nháp)"
    home.save_revision(user=editor)
    before = _snapshot()
    assert before["documents"] and before["revisions"]

    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup_site", str(archive), stdout=out)
    assert "documents" in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "data.json", f"media/{document.file.name}"} <= set(names)

    # Empty the database and the media folder, as on a new server.
    flush_database()
    document.file.storage.delete(document.file.name)
    assert not Page.objects.exists()

    out = io.StringIO()
    call_command("restore_site", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    assert _snapshot() == before
    restored = Document.objects.get(title="Quyết định 1234")
    with restored.file.open("rb") as handle:
        assert handle.read() == PDF
    from django.test import Client

    assert Client().get("/").status_code == 200


def test_restore_refuses_a_database_with_content(demo_site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    get_user_model().objects.create_user("someone", "s@example.org", "pw")
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore_site", str(archive), stdout=io.StringIO())


def test_restore_refuses_an_archive_that_is_not_a_backup(db, tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"{}"
        info = tarfile.TarInfo("data.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="Not a site backup"):
        call_command("restore_site", str(archive), stdout=io.StringIO())
