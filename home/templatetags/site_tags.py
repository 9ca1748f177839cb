"""Site-wide chrome: main menu, breadcrumbs, the language switcher, and their fragment cache.

The chrome is the same for every visitor of a page, so it is rendered once per page, language
and host and kept in the cache (``{% chromecache %}``) under the page cache's generation number:
every purge (publish, unpublish, move, delete, snippet or settings save, import) makes it stale
at once. Without it the chrome costs about ten SQL queries on every uncached response.
"""

import contextlib
import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.cache import current_generation

register = template.Library()


def _chrome_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _chrome_seconds():
    return getattr(settings, "CHROME_CACHE_SECONDS", 600)


def _site_root(context):
    """The home page of the active language, falling back to the site's root page.

    Several tags of one page ask for it: it is looked up once per request and language, and
    kept in the chrome cache between requests.
    """
    request = context.get("request")
    memo = getattr(request, "_site_root_by_language", None) if request is not None else None
    language = translation.get_language()
    if memo is not None and language in memo:
        return memo[language]
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    key = f"chrome:{current_generation()}:root:{site.pk}:{language}"
    root = _chrome_cache().get(key) if _chrome_seconds() else None
    if root is None:
        root = site.root_page
        with contextlib.suppress(Page.DoesNotExist, Locale.DoesNotExist):
            root = root.get_translation(Locale.get_active())
        if _chrome_seconds():
            _chrome_cache().set(key, root, _chrome_seconds())
    request._site_root_by_language = {**(memo or {}), language: root}
    return root


def _chrome_key(context, name, sitewide=False):
    """The cache key of one chrome fragment, or None when this response must render it fresh."""
    request = context.get("request")
    if request is None or not _chrome_seconds() or getattr(request, "is_preview", False):
        return None
    page = context.get("page")
    if sitewide:
        target = "site"
    elif isinstance(page, Page) and page.pk:
        if not page.live:
            return None
        target = f"page:{page.pk}"
    else:  # a view's chrome may depend on its query string (the language switcher keeps it)
        return None
    parts = f"{request.get_host()}|{translation.get_language()}|{name}|{target}"
    return f"chrome:{current_generation()}:{hashlib.sha256(parts.encode()).hexdigest()}"


class ChromeCacheNode(template.Node):
    def __init__(self, name, nodelist, sitewide):
        self.name = name
        self.nodelist = nodelist
        self.sitewide = sitewide

    def render(self, context):
        key = _chrome_key(context, self.name, self.sitewide)
        if key is None:
            return self.nodelist.render(context)
        cache = _chrome_cache()
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, _chrome_seconds())
        return html


@register.tag
def chromecache(parser, token):
    """``{% chromecache "header" %}…{% endchromecache %}``: cache a chrome fragment (module doc).

    Only for markup that depends on nothing but the page, the language and the host: no user,
    no form token, no nonce. ``{% chromecache "footer" sitewide %}`` is one copy for all pages.
    ``CHROME_CACHE_SECONDS = 0`` turns it off.
    """
    bits = token.split_contents()
    sitewide = bits[2:] == ["sitewide"]
    if len(bits) != 2 + sitewide or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('chromecache takes a quoted name and optionally "sitewide"')
    nodelist = parser.parse(("endchromecache",))
    parser.delete_first_token()
    return ChromeCacheNode(bits[1][1:-1], nodelist, sitewide)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level pages marked "show in menus", in the active language."""
    root = _site_root(context)
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    items = []
    for item in root.get_children().live().public().in_menu() if root else []:
        if current_path == item.path:
            state = "page"
        elif current_path.startswith(item.path):
            state = "true"
        else:
            state = ""
        items.append({"page": item, "current": state})
    return {
        "root": root,
        "root_current": "page" if root and current_path == root.path else "",
        "items": items,
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def localized_home(context):
    """The home page in the active language: its title is the department's name there."""
    return _site_root(context)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The ancestors of the current page below the site root."""
    page = context.get("page")
    root = _site_root(context)
    if page is None or root is None or page.depth <= root.depth:
        return {"ancestors": []}
    ancestors = page.get_ancestors(inclusive=False).filter(depth__gte=root.depth)
    return {"ancestors": list(ancestors), "page": page, "request": context.get("request")}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every other language: its translation, or that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if isinstance(page, Page):
            locale = Locale.objects.filter(language_code=code).first()
            translated = page.get_translation_or_none(locale) if locale else None
            if translated is not None and translated.live:
                url = translated.get_url(request)
            else:
                root = Site.find_for_request(request).root_page if request else None
                home = root.get_translation_or_none(locale) if root and locale else None
                url = home.get_url(request) if home and home.live else None
        if url is None and request is not None:
            # A page's switcher is cached for the page, whatever the query string; a view's is
            # not cached (see _chrome_key) and keeps it.
            path = request.path if isinstance(page, Page) else request.get_full_path()
            url = translate_url(path, code)
        links.append({"code": code, "name": name, "url": url or "/"})
    return {"links": links}
