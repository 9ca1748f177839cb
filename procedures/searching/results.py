"""From the ranked candidates of the engine to what the search page and the JSON show.

Pages link to themselves. Other indexed objects (e.g. the legal documents of ``cchc_pages``)
give their title and link through a classmethod ``search_result_links(ids, request)`` returning
``{pk: (title, url)}``, or else through ``str(obj)`` and ``get_absolute_url()``.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from ..text import normalize_name
from . import engine


@dataclass
class Item:
    type: str
    title: str
    url: str
    code: str
    title_html: str = ""
    excerpt_html: str = ""
    status: str = ""
    promoted: bool = False
    code_match: bool = False

    def as_json(self):
        return {"type": self.type, "title": self.title, "url": self.url, "code": self.code}


def highlight(text, parsed):
    """``text`` escaped, with the words that match the query in ``<mark>``."""
    text = text or ""
    out, last = [], 0
    for start, end in engine.highlight_spans(text, parsed):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def promoted_page_ids(query):
    """Pages editors promoted for this query, compared without diacritics.

    Promotions come from ``wagtail.contrib.search_promotions`` when the site installs it.
    """
    folded = normalize_name(query)
    if not folded or not apps.is_installed("wagtail.contrib.search_promotions"):
        return []
    Query = apps.get_model("wagtailsearchpromotions", "Query")
    SearchPromotion = apps.get_model("wagtailsearchpromotions", "SearchPromotion")
    query_ids = [
        pk
        for pk, text in Query.objects.filter(editors_picks__isnull=False)
        .distinct()
        .values_list("pk", "query_string")
        if normalize_name(text) == folded
    ]
    if not query_ids:
        return []
    return list(
        SearchPromotion.objects.filter(query_id__in=query_ids, page__isnull=False)
        .order_by("sort_order")
        .values_list("page_id", flat=True)
    )


def items_for(candidates, parsed, request, with_html=True):
    """Display items, in the same order, with working URLs; objects gone since indexing are left out."""
    links = _links(candidates, request)
    items = []
    for candidate in candidates:
        link = links.get(_key(candidate))
        if link is None:
            continue
        title, url = link
        item = Item(
            type=candidate.group,
            title=title,
            url=url or "",
            code=candidate.code or "",
            status=candidate.status,
            promoted=candidate.promoted,
            code_match=candidate.code_match,
        )
        if with_html:
            item.title_html = highlight(title, parsed)
            item.excerpt_html = highlight(engine.excerpt(candidate.body, parsed), parsed)
        items.append(item)
    return items


def _model(content_type_id):
    """The model of a content type; ``Page`` for candidates found without the index (codes)."""
    if not content_type_id:
        return Page
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _key(candidate):
    model = _model(candidate.content_type_id)
    if model is None:
        return None  # a model removed since indexing
    return (Page if issubclass(model, Page) else model, candidate.object_id)


def _links(candidates, request):
    """``{(Page or model, pk): (title, url)}``: pages in one query, other objects per model."""
    ids = {}
    for candidate in candidates:
        key = _key(candidate)
        if key is not None:
            ids.setdefault(key[0], []).append(key[1])
    links = {}
    for model, pks in ids.items():
        if model is Page:
            pages = Page.objects.filter(pk__in=pks).only("id", "url_path", "locale_id", "title")
            found = {page.pk: (page.title, page.get_url(request)) for page in pages}
        elif hasattr(model, "search_result_links"):
            found = model.search_result_links(pks, request)
        else:
            found = {
                obj.pk: (str(obj), obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "")
                for obj in model._default_manager.filter(pk__in=pks)
            }
        links.update({(model, pk): link for pk, link in found.items()})
    return links
