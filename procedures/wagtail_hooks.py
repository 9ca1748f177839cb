"""Admin screens of the procedures app, grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Hotline


class HotlineViewSet(SnippetViewSet):
    model = Hotline
    icon = "mobile-alt"
    menu_label = _("Hotlines")
    list_display = ["unit", "phone", "email", "receiving_hours"]


class ProceduresViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Administrative procedures")
    menu_icon = "list-ul"
    menu_order = 200
    items = (HotlineViewSet,)


register_snippet(ProceduresViewSetGroup)
