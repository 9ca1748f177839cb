"""From the ranked candidates of ``procedures.searching`` to what the page and the JSON show."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from procedures.searching import engine
from procedures.text import normalize_name


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
    """Pages editors promoted for this query (search promotions), compared without diacritics."""
    folded = normalize_name(query)
    if not folded:
        return []
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
    page_ids = [c.object_id for c in candidates if c.group in ("procedure", "article")]
    documents_ids = [c.object_id for c in candidates if c.group == "document"]
    pages = {
        p.pk: p for p in Page.objects.filter(pk__in=page_ids).only("id", "url_path", "locale_id", "title")
    }
    documents = {}
    if documents_ids:
        documents = _documents(documents_ids, request)
    items = []
    for candidate in candidates:
        if candidate.group == "document":
            if candidate.object_id not in documents:
                continue
            title, url = documents[candidate.object_id]
        else:
            page = pages.get(candidate.object_id)
            if page is None:
                continue
            title, url = page.title, page.get_url(request)
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


def _documents(ids, request):
    """Title and link of legal documents: the attached file, the official link, or the library."""
    try:
        model = apps.get_model("cchc_pages", "LegalDocument")
    except LookupError:
        return {}
    library_url = ""
    try:
        library = apps.get_model("cchc_pages", "DocumentLibraryPage").objects.live().first()
        library_url = library.get_url(request) if library else ""
    except LookupError:
        pass
    out = {}
    for doc in model.objects.filter(pk__in=ids).select_related("document"):
        url = doc.document.url if getattr(doc, "document", None) else (doc.external_url or library_url)
        title = f"{doc.number} – {doc.title}" if doc.number else doc.title
        out[doc.pk] = (title, url)
    return out
