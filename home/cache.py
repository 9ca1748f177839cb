"""Page cache for anonymous visitors, purged whenever published content changes.

Why not wagtail-cache: its latest release (3.0.0) requires wagtail<8. This is Django's cache
framework with a small middleware and a purge that works on any cache backend:

- Only GET/HEAD requests from visitors without a session cookie are served from the cache, so a
  logged-in editor (who always has a session) sees every page fresh. The middleware sits before
  the session, authentication, locale and CSRF middleware, so a hit costs two cache reads and
  nothing else; what those middlewares add to a response (Content-Language, Vary) is stored with
  it.
- Only complete 200 responses that set no cookie and are not marked private, no-cache or
  no-store are stored (a page with a form sets its CSRF cookie, so it is never cached).
- Keys carry a generation number kept in the cache; ``purge_page_cache()`` increments it, so a
  purge is one cache write and never touches other keys (no FLUSHDB on a shared Redis).

Purges happen on page publish, unpublish, move and delete, on snippet and site-setting saves,
and on any signal listed in ``settings.PAGE_CACHE_PURGE_SIGNALS`` (the import sends one).
Models listed in ``settings.PAGE_CACHE_IGNORED_MODELS`` (what visitors write, such as feedback)
purge nothing, so a public form cannot empty the cache.
"""

import contextlib
import contextvars
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# The generation read once per request (see request_generation_memo): a page asks for it from
# the page cache, the site lookup and each chrome fragment, and every read is a Redis round trip.
_request_memo = contextvars.ContextVar("page_cache_generation_memo", default=None)


@contextlib.contextmanager
def request_generation_memo():
    """Within a request, read the generation from the cache once; a purge forgets it at once."""
    if _request_memo.get() is not None:  # an outer middleware already keeps one
        yield
        return
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def _generation(cache):
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY) or 1
    if memo is not None:
        memo["generation"] = generation
    return generation


def current_generation():
    """The number that every cached page and chrome fragment key carries (see purge_page_cache)."""
    return _generation(_cache())


def purge_page_cache(**kwargs):
    """Make every cached page stale at once; safe to call often (one cache write).

    Accepts and ignores signal keyword arguments, so it can be connected to any signal.
    """
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or it was evicted
        cache.set(GENERATION_KEY, 2, timeout=None)
    logger.debug("page cache purged")


def page_cache_key(request, generation):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"


def _unprefixed(path):
    """The path without its language prefix (/en/tim-kiem/ → /tim-kiem/)."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def _is_cacheable_request(request):
    if not getattr(settings, "PAGE_CACHE_ENABLED", False):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    # request.user does not exist yet (this runs before authentication): anyone who may be
    # logged in has a session cookie, so requests with one are never cached.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not _unprefixed(request.path_info).startswith(
        tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ()))
    )


def _is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "_csp_nonce", None):  # a nonce is per response and cannot be shared
        return False
    # "Vary: Cookie" alone is fine: every page that looks at request.user gets it, and only
    # requests without a session cookie (anonymous by construction) are served from the cache.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    if "*" in vary:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serve and store anonymous GET responses; see the module docstring for the rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_generation_memo():
            return self._serve(request)

    def _serve(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        generation = _generation(cache)
        key = page_cache_key(request, generation)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response[HEADER] = "miss"
            cache.set(key, response, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 600))
        return response


class SiteLookupCacheMiddleware:
    """Find the request's Wagtail site once per host and cache generation, not once per request.

    Wagtail looks the site up with a query whose construction alone costs ~4 ms of Python on
    every request (``get_site_for_hostname``); routing, menus and URLs all need it. Site, locale
    and page changes purge the generation, so a changed site is found at once. Off unless
    ``settings.SITE_LOOKUP_CACHE``: a purge must reach every process (production without Redis).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http.request import split_domain_port
        from wagtail.models import Site

        if not getattr(settings, "SITE_LOOKUP_CACHE", True):
            return self.get_response(request)
        with request_generation_memo():
            cache = _cache()
            host = split_domain_port(request._get_raw_host())[0]
            key = f"pagecache:{_generation(cache)}:site:{host}:{request.get_port()}"
            found = cache.get(key)
            if found is None:
                found = (Site._find_for_request(request),)  # a tuple, so "no site" is cached too
                cache.set(key, found, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 600))
            request._wagtail_site = found[0]
            return self.get_response(request)


def connect_purge_signals():
    """Connect the purge to every change that can alter a public page (called from AppConfig.ready)."""
    from wagtail import signals as wagtail_signals
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.page_slug_changed,
        wagtail_signals.published,
        wagtail_signals.unpublished,
    ):
        signal.connect(purge_page_cache, dispatch_uid=f"pagecache-{id(signal)}")

    def on_delete(sender, instance, **kwargs):
        if isinstance(instance, Page) and sender is Page:
            purge_page_cache()

    post_delete.connect(on_delete, weak=False, dispatch_uid="pagecache-page-delete")

    def on_model_change(sender, instance, **kwargs):
        if kwargs.get("raw") or sender._meta.label_lower in {
            label.lower() for label in getattr(settings, "PAGE_CACHE_IGNORED_MODELS", ())
        }:
            return
        if (
            sender in (Site, Locale, PageViewRestriction)  # a restricted page leaves the cache
            or isinstance(instance, BaseSiteSetting | BaseGenericSetting)
            or sender in get_snippet_models()
        ):
            purge_page_cache()

    post_save.connect(on_model_change, weak=False, dispatch_uid="pagecache-model-save")
    post_delete.connect(on_model_change, weak=False, dispatch_uid="pagecache-model-delete")

    for dotted in getattr(settings, "PAGE_CACHE_PURGE_SIGNALS", ()):
        try:
            signal = import_string(dotted)
        except ImportError:
            logger.debug("page cache: purge signal %s not available", dotted)
            continue
        signal.connect(purge_page_cache, dispatch_uid=f"pagecache-{dotted}")
