"""PostgreSQL: index the parts of hyphenated words only, as SQLite's FTS5 does.

The default parser gives "tổng hợp-hướng nghiệp" the compound "hop-huong" at its own position
before the parts, so the phrase "tong hop huong nghiep" did not match. Without a mapping for
compound words, the parts keep consecutive positions. Run ``update_index`` after migrating a
database that already has an index.
"""

from django.db import migrations

FORWARD = "ALTER TEXT SEARCH CONFIGURATION vietnamese_unaccent DROP MAPPING IF EXISTS FOR hword, asciihword"
BACKWARD = """
ALTER TEXT SEARCH CONFIGURATION vietnamese_unaccent ADD MAPPING FOR hword WITH unaccent, simple;
ALTER TEXT SEARCH CONFIGURATION vietnamese_unaccent ADD MAPPING FOR asciihword WITH simple;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0007_more_search_terms")]

    operations = [migrations.RunPython(forward, backward)]
