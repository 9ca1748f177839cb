"""The editable search thesaurus, seeded with the abbreviations and everyday words of education.

Editors change these rows in the admin (Thủ tục hành chính → Từ khóa tìm kiếm); the seed only
adds terms that are missing, so running it again never overwrites an editor's change.
"""

from django.db import migrations, models

SYNONYM, IGNORE = "synonym", "ignore"

# (term, meanings, both ways, note)
SYNONYMS = [
    ("THPT", ["trung học phổ thông"], True, "Viết tắt"),
    ("THCS", ["trung học cơ sở"], True, "Viết tắt"),
    ("TH", ["tiểu học"], True, "Viết tắt"),
    ("MN", ["mầm non"], True, "Viết tắt"),
    ("MG", ["mẫu giáo"], True, "Viết tắt"),
    ("GDTX", ["giáo dục thường xuyên"], True, "Viết tắt"),
    ("GDĐT", ["giáo dục và đào tạo", "giáo dục đào tạo"], True, "Viết tắt; cũng viết GD&ĐT, GD-ĐT"),
    ("GD ĐT", ["giáo dục và đào tạo", "giáo dục đào tạo"], True, "GD&ĐT, GD-ĐT sau khi bỏ dấu câu"),
    ("GD", ["giáo dục"], True, "Viết tắt"),
    ("GDNN", ["giáo dục nghề nghiệp"], True, "Viết tắt"),
    ("PTDTNT", ["phổ thông dân tộc nội trú"], True, "Viết tắt"),
    ("DTNT", ["dân tộc nội trú"], True, "Viết tắt"),
    ("KTTH HN", ["kỹ thuật tổng hợp hướng nghiệp"], True, "Viết tắt (KTTH-HN)"),
    ("CMND", ["chứng minh nhân dân", "căn cước công dân", "CCCD"], True, "Giấy tờ tùy thân"),
    ("CCCD", ["căn cước công dân", "chứng minh nhân dân", "CMND", "căn cước"], True, "Giấy tờ tùy thân"),
    ("VB", ["văn bằng"], True, "Viết tắt"),
    ("CC", ["chứng chỉ"], True, "Viết tắt"),
    ("VBCC", ["văn bằng chứng chỉ"], True, "Viết tắt"),
    ("CCHC", ["cải cách hành chính"], True, "Viết tắt"),
    ("UBND", ["ủy ban nhân dân"], True, "Viết tắt"),
    ("DVC", ["dịch vụ công"], True, "Viết tắt"),
    ("DVCTT", ["dịch vụ công trực tuyến"], True, "Viết tắt"),
    ("HS", ["học sinh"], True, "Viết tắt"),
    ("GV", ["giáo viên"], True, "Viết tắt"),
    ("TT", ["trung tâm"], False, "Viết tắt"),
    ("kĩ thuật", ["kỹ thuật"], True, "Hai cách viết"),
    ("cấp 1", ["tiểu học"], False, "Cách nói thường ngày"),
    ("cấp 2", ["trung học cơ sở"], False, "Cách nói thường ngày"),
    ("cấp 3", ["trung học phổ thông"], False, "Cách nói thường ngày"),
    ("lớp 1", ["tiểu học"], False, "Vào lớp 1: tuyển sinh tiểu học"),
    ("lớp 6", ["trung học cơ sở"], False, "Vào lớp 6: tuyển sinh trung học cơ sở"),
    ("lớp 10", ["trung học phổ thông"], False, "Vào lớp 10: tuyển sinh trung học phổ thông"),
    ("thi vào lớp 10", ["tuyển sinh trung học phổ thông"], False, "Cách nói thường ngày"),
    ("vào lớp 10", ["tuyển sinh trung học phổ thông"], False, "Cách nói thường ngày"),
    ("vào lớp 6", ["tuyển sinh trung học cơ sở"], False, "Cách nói thường ngày"),
    ("vào lớp 1", ["tuyển sinh tiểu học"], False, "Cách nói thường ngày"),
    ("nhà trẻ", ["mầm non"], False, "Cách nói thường ngày"),
    ("bằng tốt nghiệp", ["văn bằng"], False, "Bằng tốt nghiệp là một loại văn bằng"),
    ("bằng cấp 3", ["văn bằng", "bằng tốt nghiệp trung học phổ thông"], False, "Cách nói thường ngày"),
    ("đổi", ["chỉnh sửa"], False, "Đổi bằng: chỉnh sửa nội dung văn bằng"),
    ("mất bằng", ["bản sao văn bằng"], False, "Mất bằng thì xin cấp bản sao từ sổ gốc"),
    ("sao y", ["bản sao"], False, "Cách nói thường ngày"),
    ("phúc tra", ["phúc khảo"], True, "Cách nói thường ngày"),
    ("chấm lại", ["phúc khảo"], False, "Cách nói thường ngày"),
    ("sát nhập", ["sáp nhập"], False, "Lỗi chính tả thường gặp"),
    ("mở trường", ["thành lập trường"], False, "Cách nói thường ngày"),
    ("mở trung tâm", ["thành lập trung tâm"], False, "Cách nói thường ngày"),
    ("đóng cửa", ["giải thể", "đình chỉ hoạt động"], False, "Cách nói thường ngày"),
    ("trường tư", ["tư thục", "dân lập"], False, "Cách nói thường ngày"),
    ("tiếng anh", ["ngoại ngữ"], False, "Trung tâm tiếng Anh là trung tâm ngoại ngữ"),
    ("vi tính", ["tin học"], False, "Cách nói thường ngày"),
    ("học thêm", ["dạy thêm học thêm"], False, "Cách nói thường ngày"),
    ("dạy thêm", ["dạy thêm học thêm"], False, "Cách nói thường ngày"),
    ("nhập học", ["tuyển sinh"], False, "Cách nói thường ngày"),
    ("xin học", ["tuyển sinh"], False, "Cách nói thường ngày"),
    ("thi tuyển", ["tuyển sinh"], False, "Cách nói thường ngày"),
    ("chuyển trường", ["chuyển trường"], True, "Giữ cụm từ"),
    ("chuyển lớp", ["chuyển trường"], False, "Cách nói thường ngày"),
    ("trường chuẩn", ["đạt chuẩn quốc gia"], False, "Cách nói thường ngày"),
    ("bằng nước ngoài", ["cơ sở giáo dục nước ngoài cấp"], False, "Công nhận văn bằng do nước ngoài cấp"),
]

IGNORED = [
    "thủ tục", "thủ tục hành chính", "TTHC", "làm sao", "làm thế nào", "như thế nào", "thế nào",
    "ở đâu", "cần gì", "những gì", "gì", "cho con", "của con", "con tôi", "tôi", "em", "muốn", "cần",
    "xin", "hỏi", "hướng dẫn", "quy trình", "về", "được không", "bao lâu",
]  # fmt: skip


def seed(apps, schema_editor):
    SearchTerm = apps.get_model("procedures", "SearchTerm")
    existing = set(SearchTerm.objects.values_list("term", flat=True))
    rows = []
    for term, meanings, both_ways, note in SYNONYMS:
        if term not in existing:
            rows.append(
                SearchTerm(term=term, kind=SYNONYM, meanings="\n".join(meanings), both_ways=both_ways, note=note)
            )
            existing.add(term)
    for term in IGNORED:
        if term not in existing:
            rows.append(SearchTerm(term=term, kind=IGNORE, meanings="", both_ways=False, note="Từ đệm"))
            existing.add(term)
    SearchTerm.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_search_folding")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "term",
                    models.CharField(
                        help_text="What citizens type, e.g. THPT, cấp 3, đổi bằng. Case and diacritics do not matter.",
                        max_length=100,
                        unique=True,
                        verbose_name="term",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("synonym", "abbreviation or synonym"), ("ignore", "filler word (left out of searches)")],
                        default="synonym",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "meanings",
                    models.TextField(
                        blank=True,
                        help_text="For an abbreviation or synonym: the words it stands for, one per line, e.g. trung học phổ thông. Leave empty for a filler word.",
                        verbose_name="means",
                    ),
                ),
                (
                    "both_ways",
                    models.BooleanField(
                        default=True,
                        help_text="Also find the term when citizens type one of its meanings (THPT ↔ trung học phổ thông). Untick for one-way hints such as lớp 10 → trung học phổ thông.",
                        verbose_name="both ways",
                    ),
                ),
                ("note", models.CharField(blank=True, help_text="Why this entry exists.", max_length=255, verbose_name="note")),
            ],
            options={
                "verbose_name": "search term",
                "verbose_name_plural": "search terms",
                "ordering": ["kind", "term"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
