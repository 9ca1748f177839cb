"""Building procedure trees for tests: an index under the site root and procedures with rows."""

from django.utils.text import slugify
from wagtail.models import Site

from procedures.models import (
    LegalBasis,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStep,
    ProcedureSubmissionMode,
    RequiredDocument,
)

try:
    from anyascii import anyascii
except ImportError:  # pragma: no cover
    anyascii = str


def make_index(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh"):
    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=ProcedureIndexPage(title=title, slug=slug))
    index.save_revision().publish()
    return index


def make_procedure(index, title, rows=0, publish=True, **fields):
    """A procedure under ``index``; ``rows`` adds that many steps, documents and legal-basis rows."""
    fields.setdefault("slug", slugify(anyascii(title))[:200])
    page = index.add_child(instance=ProcedurePage(title=title, **fields))
    for i in range(rows):
        page.steps.add(ProcedureStep(title=f"Bước {i + 1}", text=f"Nội dung bước {i + 1}"))
        page.required_documents.add(RequiredDocument(name=f"Giấy tờ số {i + 1}", originals=1, copies=0))
        page.legal_basis.add(LegalBasis(number=f"{i + 1}/2024/NĐ-CP", title=f"Nghị định số {i + 1}"))
    if rows:
        for mode in ("in_person", "online", "postal"):
            page.submission_modes.add(ProcedureSubmissionMode(mode=mode, processing_time="05 ngày làm việc"))
    if publish:
        page.save_revision().publish()
    else:
        page.save()
    return ProcedurePage.objects.get(pk=page.pk)
