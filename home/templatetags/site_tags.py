"""Site-wide navigation: main menu, breadcrumbs and the language switcher."""

import contextlib

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


def _site_root(context):
    """The home page of the active language, falling back to the site's root page.

    Several tags of one page ask for it: it is looked up once per request and language.
    """
    request = context.get("request")
    memo = getattr(request, "_site_root_by_language", None) if request is not None else None
    language = translation.get_language()
    if memo is not None and language in memo:
        return memo[language]
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    with contextlib.suppress(Page.DoesNotExist, Locale.DoesNotExist):
        root = root.get_translation(Locale.get_active())
    if request is not None:
        request._site_root_by_language = {**(memo or {}), language: root}
    return root


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
    return {"ancestors": list(ancestors.specific()), "page": page, "request": context.get("request")}


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
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url or "/"})
    return {"links": links}
