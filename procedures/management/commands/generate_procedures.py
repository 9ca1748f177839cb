"""Generate many procedure pages quickly, for benchmarks and load tests (never on a real site).

    python manage.py generate_procedures 10000 --index <page id>

Pages are written in bulk (tree paths computed here), published, spread over the existing fields,
levels, online levels, postal flags and statuses, each with a few steps, documents, ways of
submitting and legal-basis rows. The search index is not updated (run ``update_index`` if needed).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from procedures.models import (
    Field,
    LegalBasis,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
    ProcedureSubmissionMode,
    RequiredDocument,
)

STATUSES = ["in_force"] * 7 + ["amended", "replaced", "abolished"]
ONLINE = ["", "full", "partial"]


class Command(BaseCommand):
    help = "Generate N published procedure pages under a procedure index (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--index", type=int, help="Page id of the procedure index (default: the first).")
        parser.add_argument("--rows", type=int, default=3, help="Steps, documents and legal rows per page.")

    def handle(self, count, index=None, rows=3, **options):
        index_page = (
            ProcedureIndexPage.objects.filter(pk=index).first()
            if index
            else ProcedureIndexPage.objects.first()
        )
        if index_page is None:
            raise CommandError("No procedure index page: create one first (load_demo_content does).")
        fields = list(Field.objects.filter(locale=index_page.locale)) or [
            Field.objects.create(locale=index_page.locale, name="Lĩnh vực thử")
        ]
        with transaction.atomic():
            created = generate(index_page, count, fields, rows)
        self.stdout.write(f"Created {created} procedures under “{index_page.title}”.")


def generate(index_page, count, fields, rows=3, batch=500):
    content_type = ContentType.objects.get_for_model(ProcedurePage)
    children = Page.objects.filter(path__startswith=index_page.path, depth=index_page.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    start = int(last[-Page.steplen :], 36) if last else 0
    now = timezone.now()
    made = 0
    while made < count:
        size = min(batch, count - made)
        numbers = range(start + made + 1, start + made + size + 1)
        pages = [_page(index_page, number, fields, content_type, now) for number in numbers]
        bases = Page.objects.bulk_create([Page(**_base_fields(page)) for page in pages])
        for base, page in zip(bases, pages, strict=True):
            page.pk = page.page_ptr_id = base.pk
            page.save_base(raw=True)
        steps, documents, laws, modes = [], [], [], []
        for page in pages:
            for n in range(rows):
                steps.append(ProcedureStep(page_id=page.pk, sort_order=n, text=f"Bước {n + 1} của thủ tục."))
                documents.append(
                    RequiredDocument(page_id=page.pk, sort_order=n, name=f"Giấy tờ {n + 1}", originals=1)
                )
                laws.append(
                    LegalBasis(page_id=page.pk, sort_order=n, number=f"{n + 1}/2024/NĐ-CP", title="Nghị định")
                )
            modes.append(
                ProcedureSubmissionMode(page_id=page.pk, mode="in_person", processing_time="15 ngày làm việc")
            )
        ProcedureStep.objects.bulk_create(steps)
        RequiredDocument.objects.bulk_create(documents)
        LegalBasis.objects.bulk_create(laws)
        ProcedureSubmissionMode.objects.bulk_create(modes)
        made += size
    Page.objects.filter(pk=index_page.pk).update(numchild=children.count())
    return made


def _page(index_page, number, fields, content_type, now):
    slug = f"thu-tuc-sinh-tu-dong-{number}"
    return ProcedurePage(
        title=f"Thủ tục sinh tự động số {number}",
        draft_title=f"Thủ tục sinh tự động số {number}",
        slug=slug,
        code=f"9.{number:06d}" if number % 3 == 0 else "",
        code_locale_id=index_page.locale_id,
        field=fields[number % len(fields)],
        level_province=number % 2 == 0,
        level_district=number % 3 == 0,
        level_commune=number % 5 == 0,
        online_service_level=ONLINE[number % 3],
        postal_receipt=number % 4 == 0,
        postal_return=number % 8 == 0,
        status=STATUSES[number % len(STATUSES)],
        processing_time="15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        processing_days=15,
        fee="Không",
        fee_amount=0,
        applicants="Tổ chức, cá nhân",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale_id=index_page.locale_id,
        depth=index_page.depth + 1,
        path=index_page.path + Page._int2str(number).rjust(Page.steplen, "0"),
        url_path=f"{index_page.url_path}{slug}/",
        content_type=content_type,
    )


def _base_fields(page):
    names = [field.attname for field in Page._meta.concrete_fields if field.attname != "id"]
    return {name: getattr(page, name) for name in names}
