"""Admin screens of the procedures app, grouped under one menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import CompletenessReportView
from .importing.admin import ExportViewSet, ImportViewSet
from .models import Agency, Decision, Field, Hotline
from .searching.admin import SearchTermViewSet
from .status import apply_decision


class HotlineViewSet(SnippetViewSet):
    model = Hotline
    icon = "mobile-alt"
    menu_label = _("Hotlines")
    list_display = ["unit", "phone", "email", "receiving_hours"]


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "folder-open-inverse"
    menu_label = pgettext_lazy("procedure field", "Fields")
    list_display = ["name", "code", "sort_order"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Agencies")
    list_display = ["name", "short_name", "phone"]


class DecisionViewSet(SnippetViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = _("Decisions")
    list_display = ["number", "issuing_body", "date_signed", "effective_date"]


class CompletenessReportViewSet(ViewSet):
    name = "procedure_completeness"
    icon = "tasks"
    menu_label = _("Completeness report")
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [path("", CompletenessReportView.as_view(), name="index")]


class ProceduresViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Administrative procedures")
    menu_icon = "list-ul"
    menu_order = 200
    items = (
        FieldViewSet,
        AgencyViewSet,
        DecisionViewSet,
        HotlineViewSet,
        SearchTermViewSet,
        CompletenessReportViewSet,
        ImportViewSet,
        ExportViewSet,
    )


register_snippet(ProceduresViewSetGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def apply_saved_decision(request, instance):
    """A decision saved in the admin sets the status of the procedures it lists."""
    if isinstance(instance, Decision):
        apply_decision(instance, user=request.user)
