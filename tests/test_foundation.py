"""The site shell: languages, demo content, 404, settings and migrations."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.utils import formats, translation
from wagtail.models import Page, Revision

from home.models import HomePage

ROOT = Path(__file__).resolve().parent.parent


def test_home_page_renders_in_vietnamese(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Sở Giáo dục và Đào tạo tỉnh Bà Rịa – Vũng Tàu" in html
    assert "Tra cứu thủ tục hành chính" in html
    assert "Chuyển đến nội dung chính" in html  # the skip link, from the Vietnamese catalogue
    assert 'href="/en/"' in html  # the language switcher points at the English home page


def test_home_page_renders_in_english(client, demo_site):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Department of Education and Training of Bà Rịa – Vũng Tàu Province" in html
    assert "Skip to main content" in html
    assert 'href="/"' in html


def test_language_switcher_links_to_the_translated_page(client, demo_site):
    html = client.get("/cai-cach-hanh-chinh/").content.decode()
    assert 'href="/en/cai-cach-hanh-chinh/"' in html
    assert client.get("/en/cai-cach-hanh-chinh/").status_code == 200


def test_main_menu_lists_pages_shown_in_menus(client, demo_site):
    html = client.get("/").content.decode()
    assert 'aria-label="Menu chính"' in html
    assert "Chuyên trang cải cách hành chính" in html


def test_footer_shows_the_default_hotline(client, demo_site):
    html = client.get("/").content.decode()
    assert "Văn phòng Sở Giáo dục và Đào tạo" in html
    assert "Đường dây nóng" in html


def test_admin_login_page_is_in_vietnamese(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập trang quản trị" in html  # "Sign in to Wagtail", from site/locale_wagtail


def test_not_found_page_is_the_sites_own_in_vietnamese(client, demo_site):
    response = client.get("/trang-khong-ton-tai/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'class="site-header"' in html


def test_demo_content_is_idempotent(db):
    call_command("load_demo_content", stdout=io.StringIO())
    snippet_models = [m for m in apps.get_models() if m._meta.app_label in {"procedures", "cchc_pages"}]

    def counts():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            {m.__name__: m.objects.count() for m in snippet_models},
        )

    first = counts()
    last_revision = Revision.objects.order_by("-pk").values_list("pk", flat=True).first()
    call_command("load_demo_content", stdout=io.StringIO())
    republished = [str(r.content_object) for r in Revision.objects.filter(pk__gt=last_revision)]
    assert counts() == first, f"the second run saved revisions of: {republished}"
    assert first[0] >= 5  # root, two home pages, the section in two languages
    assert HomePage.objects.count() == 2


def test_demo_content_numbers_every_ordered_row(db):
    """Rows saved without sort_order share NULL, and PostgreSQL then returns them in any order."""
    from wagtail.models import Orderable

    call_command("load_demo_content", stdout=io.StringIO())
    ours = {"home", "procedures", "cchc_pages"}
    orderables = [m for m in apps.get_models() if issubclass(m, Orderable) and m._meta.app_label in ours]
    assert {m.__name__ for m in orderables} >= {"ProcedureStep", "RequiredDocument", "HomeFeaturedProcedure"}
    unnumbered = {
        m.__name__: n for m in orderables if (n := m.objects.filter(sort_order__isnull=True).count())
    }
    assert unnumbered == {}
    featured = HomePage.objects.get(locale__language_code="vi").featured_procedures.order_by("sort_order")
    from home.demo import FEATURED_CODES

    assert [item.page.specific.code for item in featured] == FEATURED_CODES


def test_demo_admin_account_only_under_dev_settings(db):
    from django.contrib.auth import get_user_model

    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert not get_user_model().objects.exists()
    with override_settings(DEMO_ADMIN_ENABLED=True):
        call_command("load_demo_content", stdout=out)
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert "/admin/" in out.getvalue()


def test_dates_use_vietnamese_day_first_format():
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2021, 3, 22), "SHORT_DATE_FORMAT") == "22/03/2021"


def test_no_missing_migrations(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **extra)
    return env


@pytest.mark.parametrize("secret", ["", "short", "django-insecure-" + "x" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = _manage("check", env=_production_env(SECRET_KEY=secret))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy():
    secret = "k3J9-qv82!Lm0zT5@xR7wP1bN6cY4dF8gH2jK0lM9nB3vC5xZ7aS1dF4gH6jK8lQ"
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env(SECRET_KEY=secret))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_featured_procedures_keep_their_order_and_hide_restricted_ones(
    client, demo_site, django_assert_max_num_queries
):
    from wagtail.models import PageViewRestriction

    from procedures.models import ProcedurePage

    home = HomePage.objects.get(locale__language_code="vi")
    ids = list(home.featured_procedures.order_by("sort_order").values_list("page_id", flat=True))
    assert len(ids) == 5
    with django_assert_max_num_queries(4):  # not one more query per featured procedure
        featured = home.featured()
    assert [page.pk for page in featured] == ids
    assert all(isinstance(page, ProcedurePage) and page.code for page in featured)
    hidden = featured[1]
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/").content.decode()
    assert f'href="{featured[0].url}"' in html
    assert f'href="{hidden.url}"' not in html
    assert [page.pk for page in home.featured()] == ids[:1] + ids[2:]
