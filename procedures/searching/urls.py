"""The public search page and its suggestions, for a host site to include, e.g.

``path("tim-kiem/", include("procedures.searching.urls"))`` inside ``i18n_patterns``.
"""

from django.urls import path

from . import views

app_name = "procedures_search"
urlpatterns = [
    path("", views.search, name="search"),
    path("goi-y/", views.suggest, name="suggest"),
]
