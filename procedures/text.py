"""Vietnamese text folding shared by name matching, import and search.

Citizens and spreadsheets write the same words with and without diacritics, in any case,
with stray punctuation: "Đào tạo", "dao tao", "ĐÀO TẠO;". Folding maps them to one form.
"""

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower case, without diacritics (including double marks such as ế, ộ), đ → d."""
    text = unicodedata.normalize("NFD", str(text or "")).lower().replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip()


def normalize_name(text):
    """Fold and drop punctuation, for matching names of fields, agencies and procedures."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", fold(text))).strip()
