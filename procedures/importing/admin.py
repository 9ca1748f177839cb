"""Admin registration of the import and export screens (imported by ``procedures.wagtail_hooks``).

Menu "Thủ tục hành chính" → "Nhập từ Excel" / "Xuất Excel", shown to superusers and to users
with the permission ``procedures.import_procedures`` (given to the group "Quản trị TTHC").
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import views
from .service import LOG_ACTION


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


class ImportViewSet(ViewSet):
    name = "procedures_import"
    icon = "upload"
    menu_label = gettext_lazy("Import from Excel")
    add_to_admin_menu = False

    @property
    def menu_item_class(self):
        return ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.import_view, name="upload"),
            path("confirm/", views.confirm_view, name="confirm"),
            path("progress/<str:token>/", views.progress, name="progress"),
        ]


class ExportViewSet(ViewSet):
    name = "procedures_export_admin"
    icon = "download"
    menu_label = gettext_lazy("Export to Excel")
    add_to_admin_menu = False

    @property
    def menu_item_class(self):
        return ImportMenuItem

    def get_urlpatterns(self):
        return [path("", views.export_view, name="index")]


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    """The audit-log entry each imported change leaves: who, which decision, which file row."""
    from wagtail.log_actions import LogFormatter

    @actions.register_action(LOG_ACTION)
    class ImportFormatter(LogFormatter):
        label = gettext_lazy("Import from Excel")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            values = {
                "decision": data.get("decision", ""),
                "file": data.get("file", ""),
                "row": data.get("row", ""),
            }
            if data.get("decision"):
                return _("Imported from decision %(decision)s (file %(file)s, row %(row)s)") % values
            return _("Imported from file %(file)s, row %(row)s") % values


@hooks.register("register_permissions")
def register_import_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="procedures", codename="import_procedures")
