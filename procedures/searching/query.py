"""Turn what a citizen typed into codes and concepts the index can match.

"thu tuc cap ban sao bang tot nghiep thpt 1.010020" becomes: the code ``1.010020``; the filler
words "thu tuc" left out; and concepts, each a list of alternative folded phrases:
``[("cap",)]``, ``[("ban",)]``, …, ``[("thpt",), ("trung","hoc","pho","thong")]``. A word the
vocabulary does not know gets its one-edit neighbours that it does know as alternatives.
"""

import math
import re
from dataclasses import dataclass, field

from ..text import clean_query, tokens

MAX_QUERY_LENGTH = 200
MAX_CONCEPTS = 8
# A national code (1.006388), written with a comma, or the province's suffixed form.
CODE_RE = re.compile(r"(?<![\d.,])(\d)[.,](\d{6})(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Za-z]\d{2})?(?![\d])")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Concept:
    """One thing the citizen asked for, and the phrases that express it."""

    typed: tuple
    alternatives: list
    weight: float = 1.0
    prefix: bool = False  # the last word is still being typed (suggestions)
    known: bool = True  # some alternative occurs in an indexed title

    def words(self):
        return {word for alt in self.alternatives for word in alt}


@dataclass
class ParsedQuery:
    text: str  # the cleaned query
    codes: list = field(default_factory=list)
    concepts: list = field(default_factory=list)
    ignored: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)  # typed word -> best known word

    @property
    def is_empty(self):
        return not self.codes and not self.concepts

    def words(self):
        out = set()
        for concept in self.concepts:
            out |= concept.words()
        return out

    def corrected_text(self):
        """The query with each unknown word replaced by its best correction ("Did you mean")."""
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(w, w) for c in self.concepts for w in c.typed)


def edits1(word):
    """Every string one deletion, transposition, replacement or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = set()
    for left, right in splits:
        if right:
            out.add(left + right[1:])
            for ch in _LETTERS:
                out.add(left + ch + right[1:])
        if len(right) > 1:
            out.add(left + right[1] + right[0] + right[2:])
        for ch in _LETTERS:
            out.add(left + ch + right)
    out.discard(word)
    return out


def find_codes(text):
    """National codes written in ``text``, in order, without repeats."""
    seen = []
    for match in CODE_RE.finditer(text):
        code = f"{match.group(1)}.{match.group(2)}"
        if code not in seen:
            seen.append(code)
    return seen


def parse(raw, thesaurus, vocabulary=None, prefix=False):
    """A ``ParsedQuery`` from raw input; ``vocabulary`` (a ``Vocabulary``) enables corrections."""
    text = clean_query(raw, MAX_QUERY_LENGTH)
    codes = find_codes(text)
    words = tokens(CODE_RE.sub(" ", text))
    parsed = ParsedQuery(text=text, codes=codes)
    concepts, ignored = [], []
    i = 0
    while i < len(words):
        for size in range(min(thesaurus.longest, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in thesaurus.ignored:
                ignored.append(phrase)
                break
            if phrase in thesaurus.synonyms:
                concepts.append(Concept(phrase, [phrase] + list(thesaurus.synonyms[phrase])))
                break
        else:
            size = 1
            phrase = (words[i],)
            concepts.append(Concept(phrase, [phrase]))
        i += size
    if not concepts and ignored:  # the query was only filler words: search for them after all
        concepts = [Concept(p, [p]) for p in ignored]
        ignored = []
    # Repeated concepts add nothing.
    unique = []
    for concept in concepts:
        if all(concept.typed != other.typed for other in unique):
            unique.append(concept)
    concepts = unique
    if prefix and concepts:
        short = len(concepts[-1].typed) == 1 and len(concepts[-1].typed[0]) < 3
        if short and len(concepts) > 1:
            concepts.pop()  # one or two letters of a new word say little yet, and match too much
        elif not short and not raw[-1:].isspace():  # a space after it: the word is complete
            concepts[-1].prefix = True  # (one or two letters alone are matched as a whole word)
    if vocabulary is not None:
        thesaurus_words = thesaurus.words()
        for concept in concepts:
            _correct(concept, vocabulary, thesaurus_words, parsed)
            concept.weight = vocabulary.weight(concept)
            concept.known = any(all(w in vocabulary.df for w in alt) for alt in concept.alternatives)
    if len(concepts) > MAX_CONCEPTS:
        keep = sorted(range(len(concepts)), key=lambda n: -concepts[n].weight)[:MAX_CONCEPTS]
        concepts = [concepts[n] for n in sorted(keep)]
    parsed.concepts = concepts
    parsed.ignored = ignored
    return parsed


def _correct(concept, vocabulary, thesaurus_words, parsed):
    if len(concept.typed) != 1 or concept.prefix:
        return
    word = concept.typed[0]
    if word in vocabulary.words or word in thesaurus_words or len(word) < 3 or not word.isalpha():
        return
    candidates = [w for w in edits1(word) if w in vocabulary.words]
    candidates.sort(key=lambda w: (-vocabulary.df.get(w, 0), w))
    for candidate in candidates[:3]:
        concept.alternatives.append((candidate,))
    if candidates:
        parsed.corrections[word] = candidates[0]


class Vocabulary:
    """Words of the indexed titles with their document frequencies (for weights and spelling)."""

    def __init__(self, df, documents):
        self.df = df
        self.words = set(df)
        self.documents = max(documents, 1)

    def idf(self, word):
        return math.log(1 + self.documents / (1 + self.df.get(word, 0)))

    def weight(self, concept):
        """How much the concept tells documents apart: the rarest alternative's rarest word."""
        known = [alt for alt in concept.alternatives if all(w in self.df for w in alt)]
        if not known:  # a word only bodies use, or a misspelling nothing corrects
            return min(math.log(1 + self.documents / 2), 8.0)
        best = max(max(self.idf(w) for w in alt) for alt in known)
        return max(0.5, min(best, 8.0))
