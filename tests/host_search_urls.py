"""The URLs of a host site that reuses the plugin's search by include, as PLUGIN.md says.

Used with ``override_settings(ROOT_URLCONF="tests.host_search_urls")``: no ``search`` app of
the portal, only the plugin's include and Wagtail's pages.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = i18n_patterns(
    path("", include("procedures.urls")),
    path("tim-kiem/", include("procedures.searching.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
