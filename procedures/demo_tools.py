"""Helpers that let demo-content loaders run any number of times with the same result.

A page is created once and republished only when a field differs; a translation is made
the way the admin's "Translate" action makes it (wagtail-localize), once.
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def upsert_page(parent, model, slug, **fields):
    """Create ``model`` under ``parent`` with ``slug``, or update it; publish only on change."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, locale=parent.locale, **fields))
        page.save_revision().publish()
        return page
    changed = [name for name, value in fields.items() if getattr(page, name) != value]
    if changed or not page.live or page.has_unpublished_changes:
        for name in changed:
            setattr(page, name, fields[name])
        page.save_revision().publish()
    return page


def translate(instance, language_code, strings=None):
    """Translate ``instance`` into ``language_code`` once, with ``strings`` (source → target).

    Strings not given fall back to the source text, for editors to translate in the admin.
    Returns the translated instance.
    """
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        return existing
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = (strings or {}).get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": text},
            )
    # Publish here rather than on commit (wagtail-localize's default), so a caller's transaction
    # sees the page live and a later on-commit publish cannot overwrite newer tree fields.
    is_page = isinstance(instance, Page)
    translated, _ = source.create_or_update_translation(
        locale, publish=not is_page, fallback=True, copy_parent_pages=True
    )
    if is_page:
        translated.get_latest_revision().publish()
    return translated
