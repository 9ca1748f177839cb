"""Public views: short procedure addresses and the posting sheets (niêm yết công khai)."""

import segno
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import Locale

from .codes import national_code
from .display import POSTING_SHEET_KEYS, procedure_sections
from .models import ACTIVE_STATUSES, Field, ProcedurePage


def visitor_language(request):
    """The language in the address (``/en/…``), else the visitor's cookie or browser language."""
    from_path = translation.get_language_from_path(request.path_info)
    if from_path:
        return from_path
    return translation.get_language_from_request(request, check_path=False) or settings.LANGUAGE_CODE


def _in_language(pages, language_code):
    """The live page of ``pages`` (translations of one procedure) in the language, else the default."""
    by_language = {page.locale.language_code: page for page in pages}
    for code in (language_code, settings.LANGUAGE_CODE):
        if code in by_language:
            return by_language[code]
    return next(iter(by_language.values()), None)


def short_code(request, code):
    """``/thu-tuc/<code>/`` (national or province-suffixed code) → the procedure page."""
    national = national_code(code)
    if not national:
        raise Http404
    pages = list(ProcedurePage.objects.live().filter(code=national).select_related("locale"))
    page = _in_language(pages, visitor_language(request))
    if page is None:
        raise Http404
    return redirect(page.get_url(request))


def short_id(request, page_id):
    """``/thu-tuc/id/<page id>/`` → the procedure page (for procedures without a code)."""
    page = get_object_or_404(ProcedurePage, pk=page_id)
    pages = list(
        ProcedurePage.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    )
    target = _in_language(pages, visitor_language(request))
    if target is None:
        raise Http404
    return redirect(target.get_url(request))


def qr_data_uri(url):
    """A PNG QR code of ``url`` as a data URI (prints sharply at 3 cm)."""
    return segno.make(url, error="m").png_data_uri(scale=8, border=2)


def _sheet_entry(request, page):
    url = request.build_absolute_uri(page.short_url)
    return {
        "page": page,
        "short_url": url,
        "qr": qr_data_uri(url),
        "sections": procedure_sections(page, keys=POSTING_SHEET_KEYS, history=[]),
    }


def procedure_posting_sheet(request, page):
    """The A4 sheet the service-centre counter posts for one procedure."""
    return TemplateResponse(
        request,
        "procedures/posting_sheet.html",
        {"entries": [_sheet_entry(request, page)], "title": page.title, "page": page},
    )


def field_posting_sheet(request, index_page, field_slug):
    """The sheets of every procedure in force in one field, one procedure per A4 page."""
    locale = index_page.locale if isinstance(index_page.locale, Locale) else Locale.get_active()
    field = get_object_or_404(Field, slug=field_slug, locale=locale)
    pages = (
        index_page.procedures()
        .filter(field=field, status__in=ACTIVE_STATUSES)
        .select_related("field", "handling_agency")
        .order_by("title")
    )
    return TemplateResponse(
        request,
        "procedures/posting_sheet.html",
        {"entries": [_sheet_entry(request, page) for page in pages], "title": field.name, "field": field},
    )
