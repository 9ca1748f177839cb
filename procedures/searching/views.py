"""The public search page, its JSON form and the suggestions while typing.

A host site includes them with ``path("tim-kiem/", include("procedures.searching.urls"))``
(see PLUGIN.md). Thin views: ``engine`` finds and ranks, ``results`` turns candidates into
links; every first page of results sends the ``query_searched`` signal, so that a site can
count queries. Bad input never raises: the page shows what it can, the JSON answers 400 with a
Vietnamese ``{"error": …}``.
"""

import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.models import Locale

from ..text import clean_query
from . import engine, results
from .filters import STATUS_ALL
from .query import MAX_QUERY_LENGTH, find_codes
from .signals import query_searched

logger = logging.getLogger(__name__)
PER_PAGE = 10
JSON_PER_PAGE = 20
SUGGESTIONS = 8
TYPES = ("procedure", "article", "document")
MAX_RAW_LENGTH = 1000  # longer input is cut to MAX_QUERY_LENGTH on the page, refused as JSON
TEMPLATE = "procedures/search.html"  # a site overrides it with its own template of that name
FEEDBACK_URL_HOOK = "procedures_search_feedback_url"


class BadRequest(Exception):
    pass


def _json_error(message, status=400):
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _procedure_filters(params):
    """The procedure filters from the query string; unknown values are ignored."""
    from ..models import Level, OnlineLevel, Status

    filters = {}
    field = params.get("field", "")
    if field.isdigit():
        filters["field"] = int(field)
    if params.get("level") in {str(v) for v in Level.values}:
        filters["level"] = params["level"]
    if params.get("online") in {str(v) for v in OnlineLevel.values if v}:
        filters["online"] = params["online"]
    status = params.get("status", "")
    if status == STATUS_ALL or status in {str(v) for v in Status.values}:
        filters["status"] = status
    return filters


def _page_number(value, json):
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        if json:
            raise BadRequest(
                _("The page number “%(value)s” is not a number.") % {"value": value[:20]}
            ) from None
        return 1
    if number < 1:
        if json:
            raise BadRequest(_("The page number must be 1 or more.")) from None
        return 1
    return number


def run_search(request, query, group, filters):
    """The ranked search, or an empty result if the database refuses the query (logged)."""
    try:
        return engine.search(
            query,
            locale=Locale.get_active(),
            group=group,
            procedure_filters=filters,
            promoted_ids=results.promoted_page_ids(query),
        )
    except DatabaseError:
        logger.exception("Search failed for %r", query)
        return engine.SearchResult(parsed=engine.parse_only(query))


@require_GET
def search(request):
    """``/tim-kiem/?q=…`` — grouped results with filters, or ``&format=json``."""
    as_json = request.GET.get("format") == "json"
    query = clean_query(request.GET.get("q", ""), MAX_RAW_LENGTH)
    group = request.GET.get("type") or None
    try:
        if group not in (None, *TYPES):
            if as_json:
                raise BadRequest(_("Unknown result type “%(value)s”.") % {"value": group[:20]})
            group = None
        if as_json and not query:
            raise BadRequest(_("Type what you are looking for (the q parameter is empty)."))
        if as_json and len(query) > MAX_QUERY_LENGTH:
            raise BadRequest(
                _("The query is too long: at most %(max)s characters, here %(length)s.")
                % {"max": MAX_QUERY_LENGTH, "length": len(query)}
            )
        number = _page_number(request.GET.get("page"), as_json)
    except BadRequest as error:
        return _json_error(str(error))
    truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH].strip()
    filters = _procedure_filters(request.GET)
    result = run_search(request, query, group, filters) if query else None
    candidates = result.candidates if result else []
    total = result.total if result else 0
    if result and number == 1:
        query_searched.send(sender=search, request=request, query=query, count=total)

    per_page = JSON_PER_PAGE if as_json else PER_PAGE
    paginator = Paginator(candidates, per_page)
    if as_json:
        if number > max(paginator.num_pages, 1):
            return _json_error(
                _("There is no page %(page)s: the results have %(pages)s page(s).")
                % {"page": number, "pages": max(paginator.num_pages, 1)}
            )
        page_obj = paginator.page(number)
        items = results.items_for(page_obj.object_list, result.parsed, request, with_html=False)
        return JsonResponse(
            {"count": total, "results": [item.as_json() for item in items]},
            json_dumps_params={"ensure_ascii": False},
        )

    page_obj = paginator.get_page(number)
    items = results.items_for(page_obj.object_list, result.parsed, request) if result else []
    context = {
        "search_query": query,
        "truncated": truncated,
        "result": result,
        "items": items,
        "page_obj": page_obj,
        "paginator": paginator,
        "total": total,
        "counts": result.counts if result else {},
        "active_type": group or "",
        "tabs": _tabs(result, group),
        "filters": filters,
        "filter_options": _filter_options(),
        "did_you_mean": result.parsed.corrected_text() if result else "",
        "codes": find_codes(query) if query else [],
        "feedback_url": _feedback_url(request) if result is not None and not total else "",
        "querystring": _querystring(request, exclude=("page",)),
        "tab_querystring": _querystring(request, exclude=("page", "type")),
    }
    return TemplateResponse(request, TEMPLATE, context)


def _tabs(result, active):
    counts = result.counts if result else {}
    labels = {
        "procedure": _("Procedures"),
        "article": _("News and pages"),
        "document": pgettext("search result type", "Documents"),
    }
    tabs = [{"type": "", "label": _("All"), "count": sum(counts.values()), "active": not active}]
    for name in TYPES:
        tabs.append(
            {"type": name, "label": labels[name], "count": counts.get(name, 0), "active": active == name}
        )
    return tabs


def _filter_options():
    from ..models import Field, Level, OnlineLevel, Status

    locale = Locale.get_active()
    return {
        "fields": list(
            Field.objects.filter(locale=locale).order_by("sort_order", "name").values_list("pk", "name")
        ),
        "levels": [(str(v), label) for v, label in Level.choices],
        "online": [(str(v), label) for v, label in OnlineLevel.choices if v],
        "statuses": [("", _("In force (default)")), (STATUS_ALL, _("All, including abolished and replaced"))]
        + [(str(v), label) for v, label in Status.choices],
    }


def _feedback_url(request):
    """Where a citizen who found nothing can write: the first URL a ``FEEDBACK_URL_HOOK`` hook gives."""
    for hook in hooks.get_hooks(FEEDBACK_URL_HOOK):
        url = hook(request)
        if url:
            return url
    return ""


def _querystring(request, exclude=()):
    params = request.GET.copy()
    for key in exclude:
        params.pop(key, None)
    params.pop("format", None)
    return params.urlencode()


@require_GET
def suggest(request):
    """``/tim-kiem/goi-y/?q=…`` — procedures (then other pages) whose title starts like the query."""
    query = clean_query(request.GET.get("q", ""), MAX_QUERY_LENGTH)
    suggestions = []
    if len(query) >= 2:
        try:
            result = engine.suggest(query, locale=Locale.get_active(), limit=SUGGESTIONS)
            items = results.items_for(
                result.candidates[:SUGGESTIONS], result.parsed, request, with_html=False
            )
            suggestions = [{"title": i.title, "url": i.url, "code": i.code} for i in items]
        except DatabaseError:
            logger.exception("Suggestions failed for %r", query)
    response = JsonResponse({"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False})
    return response
