"""The search report in the admin's Reports menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchReportView


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-queries/", SearchReportView.as_view(), name="search_query_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return MenuItem(_("Search queries"), reverse("search_query_report"), icon_name="search", order=900)
