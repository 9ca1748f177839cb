"""Vietnamese text folding shared by name matching, import and search.

Citizens and spreadsheets write the same words with and without diacritics, in any case,
with stray punctuation: "Đào tạo", "dao tao", "ĐÀO TẠO;". Folding maps them to one form.
"""

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


# Combining marks (what NFD splits off letters such as ế, ộ, ữ); a regular expression removes them
# far faster than testing each character, which matters when search ranks hundreds of texts.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text):
    """Lower case, without diacritics (including double marks such as ế, ộ), đ → d."""
    text = unicodedata.normalize("NFD", str(text or "")).lower().replace("đ", "d")
    text = _COMBINING.sub("", text)
    return _SPACES.sub(" ", text).strip()


def normalize_name(text):
    """Fold and drop punctuation, for matching names of fields, agencies and procedures."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", fold(text))).strip()


_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# C0/C1 control characters, and the surrogates left by undecodable bytes in a URL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


def fold_d(text):
    """Map only đ/Đ to d/D, keeping every other mark (the search index folds those itself)."""
    return str(text or "").translate(_D_TABLE)


def tokens(text):
    """The folded words of ``text``, split on anything that is not a letter or a digit."""
    return _WORD.findall(fold(text))


def clean_query(text, max_length=200):
    """A search query without control characters, squeezed, and cut to ``max_length``."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", str(text or "")))
    return _SPACES.sub(" ", text).strip()[:max_length].strip()
