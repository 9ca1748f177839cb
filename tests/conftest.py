"""Shared fixtures: the demo site, loaded once per test that asks for it."""

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(db):
    """The full demo content, as `make run` loads it."""
    call_command("load_demo_content", stdout=io.StringIO())
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)
