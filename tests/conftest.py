"""Shared fixtures: the demo site, loaded once per test that asks for it."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, the
    local-memory cache is not, and cached chrome or pages of reused primary keys would leak."""
    cache.clear()


@pytest.fixture
def fresh_search_caches():
    """The search engine's caches and the query statistics empty before and after the test.

    For the search modules (``pytestmark = pytest.mark.usefixtures("fresh_search_caches")``)."""
    from procedures.searching import engine
    from search import stats

    engine.reset_caches()
    stats.clear()
    yield
    engine.reset_caches()
    stats.clear()


@pytest.fixture
def demo_site(db):
    """The full demo content, as `make run` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def cchc_site(db):
    """The CCHC section tree as the demo builds it, without English copies or procedures (faster)."""
    from wagtail.models import Site

    from cchc_pages import demo as cchc_demo
    from home import demo as home_demo
    from procedures.demo import OFFICE_HOTLINE
    from procedures.models import Hotline

    out = io.StringIO()
    home = home_demo.load_home(out)
    Hotline.objects.create(locale=home.locale, **OFFICE_HOTLINE)  # without the procedures demo (slow)
    cchc_demo.load(home, out, english=False)
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site(db):
    """A procedure index with the demo fields and five procedures (``import_helpers.make_site``),
    for the import tests."""
    from .import_helpers import make_site

    return make_site()


@pytest.fixture
def import_admin(django_user_model):
    """A superuser who runs imports (not named ``admin_user``: that would replace pytest-django's
    fixture, and the user of its ``admin_client``, for every test)."""
    return django_user_model.objects.create_superuser("quantri", "q@example.com", "matkhau-123")
