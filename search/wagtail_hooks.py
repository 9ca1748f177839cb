"""The search report in the admin's Reports menu, for users who may view the statistics."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchReportView, permission_policy


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-queries/", SearchReportView.as_view(), name="search_query_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Search queries"), reverse("search_query_report"), icon_name="search", order=900
    )


@hooks.register("register_permissions")
def register_search_report_permission():
    """Lets an administrator give the report to a group in Settings → Groups."""
    return Permission.objects.filter(content_type__app_label="search", codename="view_searchquerystat")
