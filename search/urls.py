"""The site's search addresses: the plugin's search views under /tim-kiem/, named ``search:…``."""

from django.urls import include, path

urlpatterns = [
    path("tim-kiem/", include("procedures.searching.urls", namespace="search")),
]
