"""Wagtail search backend that folds Vietnamese on SQLite and on PostgreSQL.

Use it in settings::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "procedures.searching.backend"}}

- SQLite: the FTS5 table is rebuilt with ``unicode61 remove_diacritics 2`` (migration
  ``procedures.0002_search_folding``), which folds every mark, including letters with two marks.
  No unicode61 mode maps đ to d, so the triggers that fill the FTS table write đ/Đ as d/D
  (the index entries keep the original text) and queries are folded the same way.
- PostgreSQL: ``SEARCH_CONFIG`` (default ``vietnamese_unaccent``, created by the same migration:
  ``unaccent`` then ``simple``) is used for the index, for search and — unlike the stock
  backend, which hard-codes ``simple`` — for autocomplete too.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as _stock_backend
from modelsearch.query import PlainText

from ..text import fold_d

DEFAULT_SEARCH_CONFIG = "vietnamese_unaccent"


def _fold_query(query):
    """Fold đ in every plain-text part of a Wagtail search query (in place)."""
    if isinstance(query, str):
        return fold_d(query)
    if isinstance(query, PlainText):
        query.query_string = fold_d(query.query_string)
    for attr in ("subquery", "subquery_a", "subquery_b"):
        if hasattr(query, attr):
            _fold_query(getattr(query, attr))
    for sub in getattr(query, "subqueries", ()) or ():
        _fold_query(sub)
    return query


def _sqlite_backend(params):
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class FoldingQueryCompiler(SQLiteSearchQueryCompiler):
        def __init__(self, queryset, query, *args, **kwargs):
            super().__init__(queryset, _fold_query(query), *args, **kwargs)

    class FoldingAutocompleteCompiler(SQLiteAutocompleteQueryCompiler):
        def __init__(self, queryset, query, *args, **kwargs):
            super().__init__(queryset, _fold_query(query), *args, **kwargs)

    class VietnameseSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = FoldingQueryCompiler
        autocomplete_query_compiler_class = FoldingAutocompleteCompiler

    return VietnameseSQLiteSearchBackend(params)


def _postgres_backend(params):
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    class VietnamesePostgresSearchBackend(PostgresSearchBackend):
        def __init__(self, params):
            params = {"SEARCH_CONFIG": DEFAULT_SEARCH_CONFIG, **params}
            super().__init__(params)
            self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", self.config)

    return VietnamesePostgresSearchBackend(params)


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks up in a backend module
    """The stock database backend, with Vietnamese folding for the database in use."""
    if connection.vendor == "postgresql":
        return _postgres_backend(params)
    backend = _stock_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend(params)
    return backend
