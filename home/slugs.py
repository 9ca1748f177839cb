"""ASCII slugs from Vietnamese titles, the same in the admin's browser and on the server.

Wagtail's slug field (the ``w-slug`` Stimulus controller) syncs the slug from the title with
its ``urlify``: with ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` it downcodes the letters of its
transliteration maps and then drops every other non-ASCII character. Those maps only know the
Latin-1 accented letters (and some other languages); Wagtail has no Vietnamese map, so "ă", "ơ",
"ư", "đ" and every letter with a Vietnamese tone mark ("ủ", "ấ", "ả", "ạ"…) were dropped:
"Thủ tục cấp bản sao" became "th-tc-cp-bn-sao".

``SlugInput`` takes ``formatters`` (regex, replacement) that the controller applies to the
title before urlifying it (and to a slug typed by hand before slugifying it). The formatters
below replace each Vietnamese letter with the ASCII letter ``anyascii`` gives it and drop
combining marks (titles typed in decomposed Unicode), so the admin proposes exactly the slug
that :func:`ascii_slug` (the imports and the demo content) makes on the server.
"""

import unicodedata

from anyascii import anyascii
from django.utils.text import slugify
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.widgets import SlugInput

# Every Vietnamese letter outside ASCII: the vowels with their five tone marks (and without),
# including ă, â, ê, ô, ơ, ư, and đ; lower case and upper case.
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
VIETNAMESE_LETTERS = (
    "".join(
        unicodedata.normalize("NFC", letter)
        for base in _VOWELS
        for letter in [base, *(base + tone for tone in _TONES)]
        if not letter.isascii()
    )
    + "đ"
)
VIETNAMESE_LETTERS += VIETNAMESE_LETTERS.upper()


def _formatters():
    by_ascii = {}
    for letter in VIETNAMESE_LETTERS:
        by_ascii.setdefault(anyascii(letter), []).append(letter)
    formatters = [(f"[{''.join(letters)}]", ascii) for ascii, letters in sorted(by_ascii.items())]
    # Combining marks (a title typed or pasted in decomposed form): the base letter stays.
    formatters.append(("[\u0300-\u036f]", ""))
    return formatters


VIETNAMESE_SLUG_FORMATTERS = _formatters()


def ascii_slug(text):
    """The slug the admin proposes for a title: ASCII, Vietnamese letters without their marks."""
    return slugify(anyascii(text))


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug widget with the Vietnamese formatters (used for every model SlugField)."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs=attrs, formatters=formatters or VIETNAMESE_SLUG_FORMATTERS, locale=locale)


def use_vietnamese_slug_input():
    """Make the admin's model forms use :class:`VietnameseSlugInput` for slug fields.

    ``register_form_field_override`` is Wagtail's way to choose the widget of a model field type
    in all admin forms (pages and snippets); registering it again replaces Wagtail's own entry.
    """
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})


class VietnameseCopyForm(CopyForm):
    """Wagtail's "Copy page" form, whose new slug is cleaned with the Vietnamese formatters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_slug"].widget = VietnameseSlugInput(locale=self.page.locale)


def use_vietnamese_copy_form():
    """Give every page type without a copy form of its own :class:`VietnameseCopyForm`.

    The copy view builds its slug widget itself rather than through the field overrides; it
    takes the page class's ``copy_form_class`` when there is one.
    """
    from wagtail.models import get_page_models

    for model in get_page_models():
        if getattr(model, "copy_form_class", CopyForm) is CopyForm:
            model.copy_form_class = VietnameseCopyForm
