"""Citizen search: find candidates in the full-text index, then rank them the same way everywhere.

Two steps, so that SQLite and PostgreSQL give the same top results:

1. **Retrieve** (one SQL statement per try, shaped for the database): the FTS5 table on SQLite
   (``MATCH … bm25()``), the tsvector columns on PostgreSQL (``@@ … ts_rank``), restricted to the
   live pages of the active language and to the filters, with the number of matches per group
   (procedure / article / document) and the best ``CANDIDATES`` of each group. Every concept of the
   query must match; when that finds little, a share of them (``k`` of ``n``) is enough.
2. **Rank** in Python: a code typed in the query first, then procedures in force before abolished or
   replaced ones, procedures before news when the query looks like a procedure, then how much of the
   query the title covers (weighted by how rare each word is), how much title and body cover
   together, words in the typed order, the title starting with the first word, shorter titles.
"""

import itertools
import math
import re
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from wagtail import hooks
from wagtail.models import Locale, Page, get_page_models

from ..text import fold, tokens
from . import synonyms
from .query import Vocabulary, parse

CANDIDATES = 60  # per group, re-ranked in Python
ENOUGH = 20  # matches of the strict query below which the query is relaxed
RETRIEVAL_CONCEPTS = 4  # the index matches at most this many concepts of a query (the rarest)
BODY_CHARS = 1500

GROUPS = ("procedure", "article", "document")
GROUP_MODELS_HOOK = "register_procedures_search_models"
DEFAULT_INTENT_WORDS = [
    "thu tuc", "tthc", "cap", "xin", "dang ky", "ho so", "giay", "phep", "chuyen", "thanh lap",
    "cong nhan", "tuyen sinh", "ban sao", "giai the", "sap nhap", "cho phep", "phuc khao",
    "chinh sua", "van bang", "chung chi", "bang", "le phi", "dich vu cong", "nop",
]  # fmt: skip


def _index_tables():
    from modelsearch.conf import get_app_config

    entry = get_app_config().get_model("IndexEntry")
    return entry._meta.db_table, f"{entry._meta.db_table}_fts"


# --------------------------------------------------------------------------- groups


@dataclass
class Group:
    name: str
    models: list
    content_type_ids: list
    is_page: bool


def group_models():
    """``{group: [model labels]}`` for the article and document groups.

    Each app contributes its own models with the Wagtail hook ``register_procedures_search_models``
    (``cchc_pages`` does), so that this app names none of them; the setting
    ``PROCEDURES_SEARCH_GROUP_MODELS`` replaces the contributions when a site sets it.
    """
    configured = getattr(settings, "PROCEDURES_SEARCH_GROUP_MODELS", None)
    if configured is not None:
        return configured
    contributed = {}
    for hook in hooks.get_hooks(GROUP_MODELS_HOOK):
        for name, models in hook().items():
            contributed.setdefault(name, []).extend(models)
    return contributed


def groups():
    """The searchable groups and their models (see ``group_models``)."""
    configured = group_models()
    procedure_model = apps.get_model("procedures", "ProcedurePage")
    found = {"procedure": [procedure_model]}
    for name in ("article", "document"):
        found[name] = []
        for label in configured.get(name, []):
            try:
                found[name].append(apps.get_model(label))
            except (LookupError, ValueError):
                continue
    claimed = {m for models in found.values() for m in models}
    other_group = getattr(settings, "PROCEDURES_SEARCH_OTHER_PAGES_GROUP", "article")
    if other_group:
        found[other_group] += [m for m in get_page_models() if m not in claimed and m is not Page]
    result = []
    for name in GROUPS:
        models = [m for m in found[name] if getattr(m, "search_fields", None)]
        if not models:
            continue
        cts = ContentType.objects.get_for_models(*models, for_concrete_models=False)
        result.append(
            Group(
                name=name,
                models=models,
                content_type_ids=sorted(ct.pk for ct in cts.values()),
                is_page=all(issubclass(m, Page) for m in models),
            )
        )
    return result


# --------------------------------------------------------------------------- vocabulary

_vocabulary = {"value": None, "max_id": -1, "built": 0.0}
VOCABULARY_REBUILD_SECONDS = 3600


def vocabulary(all_groups):
    """Document frequencies of title words of every searchable object, kept per process.

    New index entries are added as they appear (one ``max(id)`` query per search); the whole
    vocabulary is rebuilt hourly so that edited titles are taken into account too.
    """
    table, _fts = _index_tables()
    title = "title_text" if connection.vendor == "postgresql" else "title"
    cts = [ct for g in all_groups for ct in g.content_type_ids]
    if not cts:
        return Vocabulary({}, 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {table}")  # noqa: S608 — table name from the model
        max_id = cursor.fetchone()[0] or 0
        state = _vocabulary
        stale = state["value"] is None or time.monotonic() - state["built"] > VOCABULARY_REBUILD_SECONDS
        if not stale and max_id == state["max_id"]:
            return state["value"]
        since = -1 if stale else state["max_id"]
        marks = ",".join(["%s"] * len(cts))
        cursor.execute(
            f"SELECT {title} FROM {table} WHERE id > %s AND content_type_id IN ({marks})",  # noqa: S608
            [since, *cts],
        )
        df = {} if stale else dict(state["value"].df)
        documents = 0 if stale else state["value"].documents
        for (text,) in cursor.fetchall():
            documents += 1
            for word in set(tokens(text)):
                df[word] = df.get(word, 0) + 1
    state.update(
        value=Vocabulary(df, documents), max_id=max_id, built=time.monotonic() if stale else state["built"]
    )
    return state["value"]


def reset_caches():
    """Forget the per-process vocabulary and thesaurus (tests, after bulk changes)."""
    _vocabulary.update(value=None, max_id=-1, built=0.0)
    _filter_cache.clear()
    synonyms.invalidate()


# --------------------------------------------------------------------------- retrieval


def _fts5_expression(concepts, k, columns):
    def alt(phrase, prefix):
        return '"' + " ".join(phrase) + '"' + (" *" if prefix else "")

    parts = ["(" + " OR ".join(alt(a, c.prefix) for a in c.alternatives) + ")" for c in concepts]
    return "{" + " ".join(columns) + "} : (" + _k_of_n(parts, k, "AND", "OR") + ")"


def _tsquery_expression(concepts, k):
    def alt(phrase, prefix):
        words = [f"'{w}'" for w in phrase]
        if prefix:
            words[-1] += ":*"
        return "(" + " <-> ".join(words) + ")"

    parts = ["(" + " | ".join(alt(a, c.prefix) for a in c.alternatives) + ")" for c in concepts]
    return _k_of_n(parts, k, "&", "|")


def _k_of_n(parts, k, and_op, or_op):
    if k >= len(parts):
        return f" {and_op} ".join(parts)
    combos = [f" {and_op} ".join(combo) for combo in itertools.combinations(parts, k)]
    return f" {or_op} ".join(f"({c})" for c in combos)


def _procedure_conditions(procedure_filters):
    """SQL conditions on the procedure row ``p`` for the filters (see ``filters.procedure_queryset``)."""
    from ..models import ACTIVE_STATUSES, LEVEL_FIELDS
    from .filters import STATUS_ALL

    model = apps.get_model("procedures", "ProcedurePage")
    column = {f.name: f.column for f in model._meta.concrete_fields}
    conditions, params = [], []
    status = procedure_filters.get("status")
    if status != STATUS_ALL:
        statuses = (
            [str(s) for s in ACTIVE_STATUSES]
            if not status
            else ([status] if isinstance(status, str) else status)
        )
        conditions.append(f"p.{column['status']} IN ({','.join(['%s'] * len(statuses))})")
        params += list(statuses)
    if procedure_filters.get("field"):
        conditions.append(f"p.{column['field']} = %s")
        params.append(procedure_filters["field"])
    level_field = {str(k): v for k, v in LEVEL_FIELDS.items()}.get(procedure_filters.get("level"))
    if level_field:
        conditions.append(f"p.{column[level_field]} = %s")
        params.append(True)
    if procedure_filters.get("online"):
        conditions.append(f"p.{column['online_service_level']} = %s")
        params.append(procedure_filters["online"])
    return conditions, params


def _group_filter(group, locale, procedure_filters, joins, restricted=()):
    """SQL (with params) keeping the index entries of one group's live objects in ``locale``.

    Joins by primary key (one lookup per matching entry) rather than ``IN (subquery)``, which
    would materialise every live page of the site on each search.
    """
    marks = ",".join(str(int(c)) for c in group.content_type_ids)
    if group.is_page:
        conditions = ["pg.live = %s", "pg.locale_id = %s"]
        params = [True, locale.pk]
        for path in restricted:  # pages behind a password or a group, and their descendants
            conditions.append("pg.path NOT LIKE %s")
            params.append(path + "%")
        if group.name == "procedure":
            more, more_params = _procedure_conditions(procedure_filters)
            conditions += ["p.page_ptr_id IS NOT NULL", *more]
            params += more_params
        return f"(e.content_type_id IN ({marks}) AND {' AND '.join(conditions)})", params
    sub, params = [], []
    for model in group.models:
        alias = f"d{len(joins)}"
        ct = int(ContentType.objects.get_for_model(model, for_concrete_model=False).pk)
        joins.append(
            f"LEFT JOIN {model._meta.db_table} {alias} ON e.content_type_id = {ct} "
            f"AND {alias}.{model._meta.pk.column} = CAST(e.object_id AS INTEGER)"
        )
        conditions = [f"{alias}.{model._meta.pk.column} IS NOT NULL"]
        if hasattr(model, "locale"):
            conditions.append(f"{alias}.locale_id = %s")
            params.append(locale.pk)
        if hasattr(model, "live"):
            conditions.append(f"{alias}.live = %s")
            params.append(True)
        sub.append("(" + " AND ".join(conditions) + ")")
    return "(" + " OR ".join(sub) + ")", params


@dataclass
class Candidate:
    group: str
    object_id: int
    title: str
    body: str
    backend_rank: int
    score: float = 0.0
    key: tuple = ()
    status: str = ""
    code: str = ""
    promoted: bool = False
    code_match: bool = False
    content_type_id: int = 0  # 0: a page found another way than the index (a typed code)


_filter_cache = {}


RESTRICTED_PATHS_KEY = "procedures:search:restricted-paths"


def _restricted_paths():
    """Tree paths of pages with a view restriction (password, login, groups): search skips them.

    Kept in the cache, which `forget_restricted_paths` empties whenever a restriction changes.
    """
    from wagtail.models import PageViewRestriction

    paths = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))))
        cache.set(RESTRICTED_PATHS_KEY, paths, 300)
    return paths


def forget_restricted_paths(**kwargs):
    cache.delete(RESTRICTED_PATHS_KEY)


def _filters_sql(search_groups, locale, procedure_filters):
    """JOIN, WHERE and CASE parts restricting entries to the groups, built once per combination."""
    restricted = _restricted_paths()
    key = (
        restricted,
        tuple((g.name, tuple(g.content_type_ids)) for g in search_groups),
        locale.pk,
        tuple(sorted((k, str(v)) for k, v in procedure_filters.items())),
        connection.vendor,
    )
    if key not in _filter_cache:
        filters, params, case, joins = [], [], [], []
        page_cts = [c for g in search_groups if g.is_page for c in g.content_type_ids]
        if page_cts:
            procedure_table = apps.get_model("procedures", "ProcedurePage")._meta.db_table
            page_marks = ",".join(str(int(c)) for c in page_cts)
            joins.append(
                f"LEFT JOIN {Page._meta.db_table} pg ON e.content_type_id IN ({page_marks}) "
                "AND pg.id = CAST(e.object_id AS INTEGER)"
            )
            joins.append(f"LEFT JOIN {procedure_table} p ON p.page_ptr_id = pg.id")
        for group in search_groups:
            sql, p = _group_filter(group, locale, procedure_filters, joins, restricted)
            filters.append(sql)
            params += p
            ids = ",".join(str(int(c)) for c in group.content_type_ids)
            case.append(f"WHEN e.content_type_id IN ({ids}) THEN '{group.name}'")
        if len(_filter_cache) > 256:
            _filter_cache.clear()
        _filter_cache[key] = (
            " ".join(joins),
            "(" + " OR ".join(filters) + ")",
            params,
            "CASE " + " ".join(case) + " END",
        )
    return _filter_cache[key]


def retrieve(concepts, k, search_groups, locale, procedure_filters, limit=CANDIDATES, columns=None):
    """Counts per group and the best ``limit`` candidates of each, for ``k`` of the concepts."""
    if not search_groups:
        return {}, []
    table, fts = _index_tables()
    joins, where, params, case_sql = _filters_sql(search_groups, locale, procedure_filters)
    procedures_table = apps.get_model("procedures", "ProcedurePage")._meta.db_table
    if connection.vendor == "postgresql":
        expression = _tsquery_expression(concepts, k)
        title_only = columns == ["title"]
        match = "e.title @@ q" if title_only else "(e.title @@ q OR e.body @@ q)"
        rank = "-(4 * ts_rank(e.title, q)" + ("" if title_only else " + ts_rank(e.body, q)") + ")"
        from_sql = f"{table} e CROSS JOIN to_tsquery(%s, %s) q"
        from_params = [_search_config(), expression]
        text_cols = f"e.title_text, substr(e.body_text, 1, {BODY_CHARS})"
        match_params = []
    else:
        expression = _fts5_expression(concepts, k, columns or ["title", "body"])
        match = f"{fts} MATCH %s"
        rank = f"bm25({fts}, 0.0, 1.0, 4.0)"
        from_sql = f"{fts} JOIN {table} e ON e.id = {fts}.rowid"
        from_params = []
        match_params = [expression]
        text_cols = f"e.title, substr(e.body, 1, {BODY_CHARS})"
    sql = f"""
        WITH m AS (
            SELECT e.id AS eid, {case_sql} AS grp, {rank} AS r
            FROM {from_sql}
            {joins}
            WHERE {match} AND {where}
        ),
        n AS (
            SELECT eid, grp, r, COUNT(*) OVER (PARTITION BY grp) AS cnt,
                   ROW_NUMBER() OVER (PARTITION BY grp ORDER BY r, eid) AS rn
            FROM m
        )
        SELECT n.grp, n.cnt, n.rn, e.object_id, e.content_type_id, {text_cols}, p.status, p.code
        FROM n JOIN {table} e ON e.id = n.eid
        LEFT JOIN {procedures_table} p ON n.grp = 'procedure' AND p.page_ptr_id = CAST(e.object_id AS INTEGER)
        WHERE n.rn <= %s
    """  # noqa: S608 — table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*from_params, *match_params, *params, limit])
        rows = cursor.fetchall()
    counts, candidates = {}, []
    for grp, cnt, rn, object_id, content_type_id, title, body, status, code in rows:
        counts[grp] = cnt
        candidates.append(
            Candidate(
                grp,
                int(object_id),
                title or "",
                body or "",
                rn,
                status=status or "",
                code=code or "",
                content_type_id=content_type_id,
            )
        )
    return counts, candidates


def _search_config():
    from .backend import DEFAULT_SEARCH_CONFIG

    backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {})
    return backend.get("SEARCH_CONFIG", DEFAULT_SEARCH_CONFIG)


def retrieval_concepts(concepts, most=None):
    """The rarest ``most`` concepts that titles use (in typed order), which the index must match.

    Common words ("cấp", "giáo dục", "trường") find thousands of texts and make a k-of-n match
    expensive; they still count in the ranking, which sees every concept. The word being typed
    (suggestions) is always kept.
    """
    most = most or RETRIEVAL_CONCEPTS
    if len(concepts) <= most:
        return list(concepts)
    order = sorted(range(len(concepts)), key=lambda n: (not concepts[n].known, -concepts[n].weight, n))
    keep = set(order[:most])
    if concepts[-1].prefix and len(concepts) - 1 not in keep:
        keep = set(order[: most - 1]) | {len(concepts) - 1}
    return [concept for n, concept in enumerate(concepts) if n in keep]


def _union(counts, candidates, more_counts, more):
    """Strict matches (title or body) together with relaxed ones (titles), without repeats."""
    seen = {(c.group, c.object_id) for c in candidates}
    merged = candidates + [c for c in more if (c.group, c.object_id) not in seen]
    total = {}
    for group in set(counts) | set(more_counts):
        in_list = sum(1 for c in merged if c.group == group)
        total[group] = max(counts.get(group, 0), more_counts.get(group, 0), in_list)
    return total, merged


def minimum_match(n):
    """How many of ``n`` concepts a relaxed query still needs: 2 of 2 or 3, 3 of 4 or 5, …"""
    if n <= 2:
        return n
    return max(2, math.ceil(0.6 * n))


# --------------------------------------------------------------------------- ranking


def _find(sequence, phrase, prefix=False):
    """Start positions of ``phrase`` in ``sequence`` (the last word as a prefix if asked)."""
    size = len(phrase)
    found = []
    for i in range(len(sequence) - size + 1):
        window = sequence[i : i + size]
        if prefix:
            if window[:-1] == list(phrase[:-1]) and window[-1].startswith(phrase[-1]):
                found.append(i)
        elif window == list(phrase):
            found.append(i)
    return found


def _matches(concept, sequence):
    """(start, end) spans where any alternative of ``concept`` occurs in ``sequence``."""
    spans = []
    for alt in concept.alternatives:
        spans += [(i, i + len(alt)) for i in _find(sequence, alt, concept.prefix)]
    return spans


_BRACKETS = re.compile(r"\([^)]*\)")


def score(candidate, parsed):
    """How well a candidate answers the query, from its title and body alone (0 … about 10)."""
    title = tokens(candidate.title)
    concepts = parsed.concepts
    if not concepts:
        return 0.0
    total = sum(c.weight for c in concepts) or 1.0
    in_title = [_matches(c, title) for c in concepts]
    body = None
    in_body = []
    for concept, spans in zip(concepts, in_title, strict=True):
        if spans:
            in_body.append(True)
            continue
        if body is None:  # folded once, and only when the title does not say it all
            body = " " + " ".join(tokens(candidate.body)) + " "
        in_body.append(
            any(
                (" " + " ".join(alt) + ("" if concept.prefix else " ")) in body
                for alt in concept.alternatives
            )
        )
    title_cover = sum(c.weight for c, spans in zip(concepts, in_title, strict=True) if spans) / total
    any_cover = sum(c.weight for c, hit in zip(concepts, in_body, strict=True) if hit) / total
    adjacent = 0
    for left, right in itertools.pairwise(in_title):
        ends = {end for _start, end in left}
        if any(start in ends for start, _end in right):
            adjacent += 1
    order = adjacent / (len(concepts) - 1) if len(concepts) > 1 else 0.0
    lead = 1.0 if in_title[0] and any(start == 0 for start, _ in in_title[0]) else 0.0
    # Words the query did not ask for make a title less specific; qualifications in brackets
    # ("(theo đề nghị của …)") do not count against it.
    core = tokens(_BRACKETS.sub(" ", candidate.title)) or title
    words = set()
    for alt in (a for c in concepts for a in c.alternatives):
        words.update(alt)
    unmatched = sum(1 for w in core if w not in words) / len(core) if core else 1.0
    return 4.0 * any_cover + 3.0 * title_cover + 1.0 * order + 0.5 * lead - 0.6 * unmatched


def looks_like_procedure(parsed, candidates):
    """True when the query names a code, uses a procedure word, or a procedure title covers it."""
    if parsed.codes:
        return True
    intent = getattr(settings, "PROCEDURES_SEARCH_INTENT_WORDS", DEFAULT_INTENT_WORDS)
    intent = {tuple(fold(w).split()) for w in intent}
    typed = [c.typed for c in parsed.concepts] + list(parsed.ignored)
    for phrase in typed:
        for words in intent:
            if _find(list(phrase), words):
                return True
    return any(c.group == "procedure" and c.score >= 7.0 for c in candidates)


# --------------------------------------------------------------------------- search


@dataclass
class SearchResult:
    parsed: object
    counts: dict = field(default_factory=dict)
    candidates: list = field(default_factory=list)  # ranked
    relaxed: bool = False

    @property
    def total(self):
        return sum(self.counts.values())


def search(
    raw,
    locale=None,
    group=None,
    procedure_filters=None,
    limit=CANDIDATES,
    prefix=False,
    columns=None,
    promoted_ids=(),
):
    """Search for ``raw`` in ``locale`` (default: the active one); ``group`` limits to one group.

    ``procedure_filters`` (a dict, see ``filters.procedure_queryset``) narrow procedures; without
    a ``status`` filter only procedures in force are searched. ``promoted_ids`` are page ids an
    editor promoted for this query: they come right after code matches.
    """
    locale = locale or Locale.get_active()
    all_groups = groups()
    search_groups = [g for g in all_groups if group in (None, g.name)]
    thesaurus = synonyms.load()
    vocab = vocabulary(all_groups) if not prefix else None
    parsed = parse(raw, thesaurus, vocab, prefix=prefix)
    result = SearchResult(parsed=parsed)
    if parsed.is_empty:
        return result
    procedure_filters = procedure_filters or {}
    counts, candidates = {}, []
    if parsed.concepts:
        core = retrieval_concepts(parsed.concepts)
        n = len(core)
        counts, candidates = retrieve(core, n, search_groups, locale, procedure_filters, limit, columns)
        floor = n if prefix else minimum_match(n)  # suggestions only show what matches every word
        loose = columns or ["title"]  # a partial match counts in titles only: cheaper, and precise
        if sum(counts.values()) < ENOUGH and floor < n:
            more_counts, more = retrieve(core, floor, search_groups, locale, procedure_filters, limit, loose)
            counts, candidates = _union(counts, candidates, more_counts, more)
            result.relaxed = True
        if not counts and floor > 1 and not prefix:  # better something close than nothing
            counts, candidates = retrieve(core, 1, search_groups, locale, procedure_filters, limit, loose)
            result.relaxed = True
    candidates = _add_codes_and_promotions(
        candidates, counts, parsed, search_groups, locale, procedure_filters, promoted_ids
    )
    _annotate_procedures(candidates)
    for candidate in candidates:
        candidate.score = score(candidate, parsed)
    procedural = looks_like_procedure(parsed, candidates)
    for candidate in candidates:
        inactive = candidate.group == "procedure" and candidate.status in _inactive_statuses()
        candidate.key = (
            0 if candidate.code_match else 1,
            0 if candidate.promoted else 1,
            1 if inactive else 0,
            0 if (not procedural or candidate.group == "procedure") else 1,
            -round(candidate.score, 6),
            candidate.backend_rank,
            candidate.object_id,
        )
    candidates.sort(key=lambda c: c.key)
    result.counts = counts
    result.candidates = candidates
    return result


def _inactive_statuses():
    from ..models import INACTIVE_STATUSES

    return {str(s) for s in INACTIVE_STATUSES}


def _add_codes_and_promotions(candidates, counts, parsed, search_groups, locale, filters, promoted_ids):
    """Put procedures whose code was typed, and promoted pages, among the candidates."""
    from .filters import procedure_queryset

    by_key = {(c.group, c.object_id): c for c in candidates}
    procedure_group = any(g.name == "procedure" for g in search_groups)
    extra = []
    if parsed.codes and procedure_group:
        found = procedure_queryset(locale, filters).filter(code__in=parsed.codes).values_list("pk", "title")
        for pk, title in found:
            candidate = by_key.get(("procedure", pk))
            if candidate is None:
                candidate = Candidate("procedure", pk, title, "", 0)
                by_key[("procedure", pk)] = candidate
                extra.append(candidate)
                counts["procedure"] = counts.get("procedure", 0) + 1
            candidate.code_match = True
    if promoted_ids:
        pages = (
            Page.objects.live()
            .public()
            .filter(pk__in=promoted_ids, locale=locale)
            .values_list("pk", "title", "content_type_id")
        )
        group_of = {ct: g.name for g in search_groups for ct in g.content_type_ids}
        for pk, title, ct in pages:
            name = group_of.get(ct)
            if name is None:
                continue
            candidate = by_key.get((name, pk))
            if candidate is None:
                candidate = Candidate(name, pk, title, "", 0, content_type_id=ct)
                by_key[(name, pk)] = candidate
                extra.append(candidate)
                counts[name] = counts.get(name, 0) + 1
            candidate.promoted = True
    return candidates + extra


def _annotate_procedures(candidates):
    ids = [c.object_id for c in candidates if c.group == "procedure" and not c.status]
    if not ids:
        return
    model = apps.get_model("procedures", "ProcedurePage")
    info = {
        pk: (status, code)
        for pk, status, code in model.objects.filter(pk__in=ids).values_list("pk", "status", "code")
    }
    for candidate in candidates:
        if candidate.group == "procedure" and candidate.object_id in info:
            candidate.status, candidate.code = info[candidate.object_id]


# --------------------------------------------------------------------------- highlighting

_WORD_SPANS = re.compile(r"[^\W_]+", re.UNICODE)


def matched_words(parsed):
    """Folded words to highlight, and prefixes (the word being typed) to highlight."""
    words, prefixes = set(), set()
    for concept in parsed.concepts:
        for alt in concept.alternatives:
            words.update(alt)
            if concept.prefix:
                prefixes.add(alt[-1])
    return words, prefixes


def highlight_spans(text, parsed):
    """(start, end) character spans of ``text`` whose folded word matches the query."""
    words, prefixes = matched_words(parsed)
    spans = []
    for match in _WORD_SPANS.finditer(text or ""):
        word = fold(match.group())
        typed = any(word.startswith(p) for p in prefixes if len(p) > 1)
        if word in words and (len(word) > 1 or len(parsed.concepts) == 1) or (len(word) > 1 and typed):
            spans.append(match.span())
    return spans


def excerpt(text, parsed, length=220):
    """A piece of ``text`` around its first matched word, cut at word boundaries."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= length:
        return text
    spans = highlight_spans(text, parsed)
    start = max(0, spans[0][0] - length // 3) if spans else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


# --------------------------------------------------------------------------- suggestions

_CODE_PREFIX = re.compile(r"^\s*(\d)(?:[.,](\d{0,6}))?\s*$")


def parse_only(raw):
    """The parsed query without touching the index (for pages that could not search)."""
    return parse(raw, synonyms.load())


def suggest(raw, locale=None, limit=8):
    """Titles that start like what is being typed: the last word counts as a prefix.

    A code being typed (``1.0063``) suggests the procedures whose code starts with it.
    """
    locale = locale or Locale.get_active()
    match = _CODE_PREFIX.match(raw or "")
    if match and match.group(2) is not None and len(match.group(2)) >= 2:
        from .filters import procedure_queryset

        prefix = f"{match.group(1)}.{match.group(2)}"
        rows = procedure_queryset(locale, {}).filter(code__startswith=prefix).order_by("code")[:limit]
        parsed = parse_only(raw)
        candidates = [
            Candidate("procedure", pk, title, "", n, code=code, code_match=True)
            for n, (pk, title, code) in enumerate(rows.values_list("pk", "title", "code"))
        ]
        return SearchResult(parsed=parsed, counts={"procedure": len(candidates)}, candidates=candidates)
    return search(raw, locale=locale, limit=limit, prefix=True, columns=["title"])
