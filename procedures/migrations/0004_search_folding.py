"""Fold Vietnamese in the search index, on SQLite and on PostgreSQL.

SQLite: Wagtail's FTS5 table is created without a tokenizer option, so FTS5 uses
``unicode61 remove_diacritics 1``, which leaves letters with two marks (ấ, ề, ữ …) unfolded.
This rebuilds the table with ``remove_diacritics 2`` and triggers that write đ/Đ as d/D (no
unicode61 mode maps đ), then refills it from the index entries. A test asserts the tokenizer,
since a later modelsearch migration could recreate the table.

PostgreSQL: the ``vietnamese_unaccent`` text-search configuration, ``simple`` with ``unaccent``
in front (folds every mark and đ; no stemming, Vietnamese words are single syllables). The
search backend ``procedures.searching.backend`` uses it for search and autocomplete.
"""

from django.db import migrations

ENTRY = "wagtailsearch_indexentry"
FTS = "wagtailsearch_indexentry_fts"
TRIGGERS = ("insert", "update", "delete")


def _fold(column):
    return f"replace(replace({column}, 'đ', 'd'), 'Đ', 'D')"


def _rebuild_fts(cursor, tokenize, fold):
    f = _fold if fold else (lambda column: column)
    for name in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{ENTRY}_fts")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
    options = f", tokenize='{tokenize}'" if tokenize else ""
    cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title{options})")
    cursor.execute(
        f"CREATE TRIGGER insert_{ENTRY}_fts AFTER INSERT ON {ENTRY} BEGIN "
        f"INSERT INTO {FTS}(title, body, autocomplete, rowid) "
        f"VALUES ({f('NEW.title')}, {f('NEW.body')}, {f('NEW.autocomplete')}, NEW.id); END"
    )
    cursor.execute(
        f"CREATE TRIGGER update_{ENTRY}_fts AFTER UPDATE ON {ENTRY} BEGIN "
        f"UPDATE {FTS} SET title={f('NEW.title')}, body={f('NEW.body')}, "
        f"autocomplete={f('NEW.autocomplete')} WHERE rowid=NEW.id; END"
    )
    cursor.execute(
        f"CREATE TRIGGER delete_{ENTRY}_fts AFTER DELETE ON {ENTRY} BEGIN "
        f"DELETE FROM {FTS} WHERE rowid=OLD.id; END"
    )
    cursor.execute(
        f"INSERT INTO {FTS}(rowid, title, body, autocomplete) "
        f"SELECT id, {f('title')}, {f('body')}, {f('autocomplete')} FROM {ENTRY}"
    )


PG_FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vietnamese_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION vietnamese_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION vietnamese_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""
PG_BACKWARD = "DROP TEXT SEARCH CONFIGURATION IF EXISTS vietnamese_unaccent;"


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
            if cursor.fetchone():
                _rebuild_fts(cursor, "unicode61 remove_diacritics 2", fold=True)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_FORWARD)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS])
            if cursor.fetchone():
                _rebuild_fts(cursor, "", fold=False)
        elif connection.vendor == "postgresql":
            cursor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0003_tthc_admin_group"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
