"""The editable thesaurus (``SearchTerm`` rows) as folded token sequences, kept per process.

Each entry maps a folded phrase (a tuple of words) to the phrases it may stand for. Saving or
deleting a term clears this process's copy at once; other processes reload within
``PROCEDURES_SEARCH_TERMS_TTL`` seconds (default 60).
"""

import time
from dataclasses import dataclass, field

from django.conf import settings

from ..text import tokens

_cache = {"at": 0.0, "value": None}


@dataclass
class Thesaurus:
    synonyms: dict = field(default_factory=dict)  # phrase -> list of alternative phrases
    ignored: set = field(default_factory=set)  # phrases left out of a query
    longest: int = 1

    def words(self):
        """Every word the thesaurus knows, for spelling correction."""
        if getattr(self, "_words", None) is not None:
            return self._words
        out = set()
        for phrase, alternatives in self.synonyms.items():
            out.update(phrase)
            for alt in alternatives:
                out.update(alt)
        self._words = out
        return out


def build(entries):
    """A thesaurus from ``(term, kind, meanings, both_ways)`` tuples."""
    thesaurus = Thesaurus()
    for term, kind, meanings, both_ways in entries:
        phrase = tuple(tokens(term))
        if not phrase:
            continue
        thesaurus.longest = max(thesaurus.longest, len(phrase))
        if kind == "ignore":
            thesaurus.ignored.add(phrase)
            continue
        alternatives = [tuple(tokens(m)) for m in meanings.splitlines() if tokens(m)]
        _add(thesaurus, phrase, alternatives)
        if both_ways:
            for alt in alternatives:
                thesaurus.longest = max(thesaurus.longest, len(alt))
                _add(thesaurus, alt, [phrase] + [a for a in alternatives if a != alt])
    return thesaurus


def _add(thesaurus, phrase, alternatives):
    known = thesaurus.synonyms.setdefault(phrase, [])
    for alt in alternatives:
        if alt != phrase and alt not in known:
            known.append(alt)


def load():
    """The thesaurus from the database, reloaded after a save or after the TTL."""
    ttl = getattr(settings, "PROCEDURES_SEARCH_TERMS_TTL", 60)
    now = time.monotonic()
    if _cache["value"] is None or now - _cache["at"] > ttl:
        from ..models.search import SearchTerm

        rows = SearchTerm.objects.values_list("term", "kind", "meanings", "both_ways")
        _cache["value"] = build(rows)
        _cache["at"] = now
    return _cache["value"]


def invalidate():
    _cache["value"] = None
