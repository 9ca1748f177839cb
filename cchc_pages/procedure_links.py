"""Links from the CCHC section to procedure pages, whichever procedure page model exists.

The procedures app defines ``ProcedurePage``; until it does, choosers accept any page. Page
choosers take their allowed types from here, so restricting them needs no migration.
"""

from django.apps import apps
from wagtail.models import Page

import procedures.models as procedure_models

PROCEDURE_PAGE_MODEL = "procedures.ProcedurePage" if hasattr(procedure_models, "ProcedurePage") else None
PROCEDURE_CHOOSER_TYPES = [PROCEDURE_PAGE_MODEL or "wagtailcore.Page"]


def procedure_page_model():
    """The procedure page model, or None while the procedures app has none."""
    if PROCEDURE_PAGE_MODEL is None:
        return None
    return apps.get_model(PROCEDURE_PAGE_MODEL)


def procedure_pages(locale=None):
    """Live, public procedure pages (of ``locale`` when given), ordered by title."""
    model = procedure_page_model()
    queryset = model.objects.all() if model else Page.objects.none()
    queryset = queryset.live().public()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset.order_by("title")
