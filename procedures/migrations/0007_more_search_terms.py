"""More everyday wordings for the search thesaurus (added after measuring bench/search_queries.tsv).

Like ``0005_search_terms``, this only adds terms that are missing and never changes an editor's.
"""

from django.db import migrations

SYNONYMS = [
    ("mất bằng tốt nghiệp", ["bản sao văn bằng"], "Mất bằng thì xin cấp bản sao từ sổ gốc"),
    ("cấp lại bằng", ["bản sao văn bằng"], "Bằng không cấp lại; cấp bản sao từ sổ gốc"),
    ("làm lại bằng", ["bản sao văn bằng"], "Bằng không cấp lại; cấp bản sao từ sổ gốc"),
    ("xin phép", ["cho phép", "cấp phép"], "Cách nói thường ngày"),
    ("xem lại bài thi", ["phúc khảo"], "Cách nói thường ngày"),
    ("xin chuyển trường", ["chuyển trường"], "Cách nói thường ngày"),
]
IGNORED = ["nộp hồ sơ", "làm hồ sơ", "nộp", "thủ tục xin", "đăng ký cho con"]


def seed(apps, schema_editor):
    SearchTerm = apps.get_model("procedures", "SearchTerm")
    existing = set(SearchTerm.objects.values_list("term", flat=True))
    rows = [
        SearchTerm(term=term, kind="synonym", meanings="\n".join(meanings), both_ways=False, note=note)
        for term, meanings, note in SYNONYMS
        if term not in existing
    ]
    rows += [
        SearchTerm(term=term, kind="ignore", meanings="", both_ways=False, note="Từ đệm")
        for term in IGNORED
        if term not in existing
    ]
    SearchTerm.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0006_import_permission")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
