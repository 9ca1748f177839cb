"""Admin screen for the search thesaurus (added to the procedures menu in ``wagtail_hooks``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import SearchTerm


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = _("Search terms")
    list_display = ["term", "kind", "meanings", "both_ways", "note"]
    list_filter = ["kind"]
    ordering = ["kind", "term"]
