"""A version number of the procedure catalogue, changed whenever a procedure or field changes.

Derived data that is costly to compute over many procedures (the index page's facet counts) is
cached under the current version, so a change shows at once and nothing needs purging.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "procedures:catalogue-version"


def catalogue_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump_catalogue_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet, or it was evicted
        cache.set(VERSION_KEY, 1, None)


def changed_on_commit():
    """Once the running transaction commits: a new version, and ``signals.content_changed`` sent.

    The saves inside a long transaction (an import, a decision) bump the version and purge caches
    before the commit, and a reader can cache the old content under the new number meanwhile."""
    from django.db import transaction

    from .models import ProcedurePage
    from .signals import content_changed

    def announce():
        bump_catalogue_version()
        content_changed.send(sender=ProcedurePage)

    transaction.on_commit(announce)


def connect_signals():
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished

    from .models import Field, ProcedurePage

    for signal in (page_published, page_unpublished):
        signal.connect(
            bump_catalogue_version, sender=ProcedurePage, dispatch_uid=f"procedures_catalogue_{signal}"
        )
    # A view restriction takes pages out of the public lists (and their counts and downloads).
    for model in (ProcedurePage, Field, Page, PageViewRestriction):
        post_save.connect(
            bump_catalogue_version, sender=model, dispatch_uid=f"procedures_catalogue_save_{model}"
        )
        post_delete.connect(
            bump_catalogue_version, sender=model, dispatch_uid=f"procedures_catalogue_del_{model}"
        )
