"""Admin screens of the CCHC section, grouped under one menu; what the section adds to the search."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import DateColumn
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Feedback, FeedbackFormPage, LegalDocument, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "sort_order"]


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full"
    menu_label = _("Legal documents")
    list_display = ["number", "title", "doc_type", "level", DateColumn("date_issued", label=_("date issued"))]
    list_filter = ["doc_type", "level"]


class FeedbackViewSet(SnippetViewSet):
    """Submissions of the feedback form: the office sets the status and the reply, and exports."""

    model = Feedback
    icon = "mail"
    menu_label = _("Feedback")
    add_to_admin_menu = False
    list_display = ["reference", "kind", "status", DateColumn("created_at", label=_("received at"))]
    list_filter = ["status", "kind"]
    list_export = [
        "reference",
        "created_at",
        "kind",
        "status",
        "name",
        "contact",
        "related_procedure",
        "content",
        "reply",
        "consent_given_at",
    ]
    export_headings = {
        "reference": _("Reference code"),
        "created_at": _("Received at"),
        "kind": pgettext_lazy("cchc", "About"),
        "status": pgettext_lazy("cchc", "Status"),
        "name": pgettext_lazy("cchc", "Name"),
        "contact": _("Phone or email"),
        "related_procedure": _("Related procedure"),
        "content": pgettext_lazy("cchc", "Content"),
        "reply": pgettext_lazy("cchc", "Reply"),
        "consent_given_at": _("Consent given at"),
    }
    export_filename = "phan-anh-kien-nghi"
    copy_view_enabled = False


class CCHCViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Administrative reform")
    menu_icon = "clipboard-list"
    menu_order = 210
    items = (TopicViewSet, LegalDocumentViewSet, FeedbackViewSet)


register_snippet(CCHCViewSetGroup)


@hooks.register("register_procedures_search_models")
def register_search_models():
    """News are shown as articles, legal documents as documents in the citizen search."""
    return {"article": ["cchc_pages.ArticlePage"], "document": ["cchc_pages.LegalDocument"]}


@hooks.register("procedures_search_feedback_url")
def search_feedback_url(request):
    """A search that found nothing offers the feedback form of the active language."""
    pages = FeedbackFormPage.objects.live()
    page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    return page.get_url(request) if page else ""
