"""Fast creation of many live pages for the search tests and benchmarks.

``parent.add_child()`` takes tens of milliseconds a page (tree maintenance, revisions, indexing
one by one); the search tests need the 63 demo procedures in many tests and the benchmark needs
30,000 pages. This inserts base rows in bulk, the specific rows with one statement per batch, and
indexes everything with one ``add_bulk`` per model — the same index rows the signals would write.
"""

import csv
import datetime
import uuid
from pathlib import Path

from anyascii import anyascii
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

ROOT = Path(__file__).resolve().parent.parent
DEMO_TSV = ROOT / "procedures" / "demo_data" / "real_procedures.tsv"
LEVELS = {"tỉnh": "level_province", "huyện": "level_district", "xã": "level_commune"}


def demo_rows():
    with DEMO_TSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def site_root():
    return Site.objects.get(is_default_site=True).root_page.specific


def bulk_add_pages(parent, model, items, batch=500, index=True):
    """Create live children of ``parent``: ``items`` are dicts of field values (``title`` required).

    Returns the created specific pages (reloaded), in order.
    """
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    locale = parent.locale
    now = timezone.now()
    start = parent.numchild
    base_fields = {f.attname for f in Page._meta.concrete_fields}
    created_ids = []
    for offset in range(0, len(items), batch):
        chunk = items[offset : offset + batch]
        bases, specifics = [], []
        for n, values in enumerate(chunk, start=start + offset + 1):
            title = values["title"]
            slug = values.get("slug") or f"{slugify(anyascii(title))[:200]}-{n}"
            base = Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                path=Page._get_path(parent.path, parent.depth + 1, n),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                translation_key=uuid.uuid4(),
            )
            bases.append(base)
            specifics.append({k: v for k, v in values.items() if k not in ("title", "slug")})
        Page.objects.bulk_create(bases)
        objs = []
        for base, extra in zip(bases, specifics, strict=True):
            obj = model(page_ptr_id=base.pk)
            for field in Page._meta.concrete_fields:
                setattr(obj, field.attname, getattr(base, field.attname))
            for key, value in extra.items():
                setattr(obj, key, value)
            if hasattr(obj, "code_locale_id"):
                obj.code_locale_id = locale.pk
            objs.append(obj)
        local_fields = [
            f for f in model._meta.local_concrete_fields if f.attname not in base_fields or f.primary_key
        ]
        model._base_manager._insert(objs, fields=local_fields, using="default")
        created_ids += [b.pk for b in bases]
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(items))
    pages = list(model.objects.filter(pk__in=created_ids).order_by("path"))
    if index:
        backend = get_search_backend()
        for offset in range(0, len(pages), batch):
            backend.add_bulk(model, pages[offset : offset + batch])
    return pages


def procedure_index(parent=None, title="Thủ tục hành chính"):
    from procedures.models import ProcedureIndexPage

    parent = parent or site_root()
    existing = ProcedureIndexPage.objects.child_of(parent).first()
    if existing:
        return existing
    page = ProcedureIndexPage(title=title, slug="thu-tuc-hanh-chinh")
    parent.add_child(instance=page)
    return page


def field_named(name, locale=None):
    from procedures.models import Field

    locale = locale or Locale.get_default()
    field = Field.objects.filter(name=name, locale=locale).first()
    if field is None:
        field = Field.objects.create(name=name, slug=slugify(anyascii(name))[:100], locale=locale)
    return field


def demo_procedures(parent=None, rows=None, **overrides):
    """The demo procedures of ``real_procedures.tsv`` as live pages; returns them in file order."""
    from procedures.models import ProcedurePage

    index = procedure_index(parent)
    items = []
    for row in rows or demo_rows():
        values = {
            "title": row["name"],
            "code": row["code"],
            "processing_time": row.get("processing_time", ""),
            "fee": row.get("fee", ""),
            "status": "in_force",
        }
        for level in filter(None, (row.get("level") or "").split(";")):
            if level in LEVELS:
                values[LEVELS[level]] = True
        if row.get("field"):
            values["field_id"] = field_named(row["field"]).pk
        values.update(overrides)
        items.append(values)
    return bulk_add_pages(index, ProcedurePage, items)


def article_index(parent=None):
    """A plain parent for articles in tests (any page type can hold them when created in bulk)."""
    parent = parent or site_root()
    return parent


def articles(items, parent=None):
    """Live article pages from dicts with ``title`` and optionally ``summary``."""
    from cchc_pages.models import ArticlePage

    parent = article_index(parent)
    values = [{"date": datetime.date(2021, 1, 1), **item} for item in items]
    return bulk_add_pages(parent, ArticlePage, values)
