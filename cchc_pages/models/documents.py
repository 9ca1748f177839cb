"""The documents library (văn bản CCHC): legal and guiding documents with their particulars."""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

DOCUMENTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


class DocumentType(models.TextChoices):
    LAW = "luat", _("Law")
    DECREE = "nghi-dinh", _("Decree")
    RESOLUTION = "nghi-quyet", _("Resolution")
    CIRCULAR = "thong-tu", _("Circular")
    DECISION = "quyet-dinh", _("Decision")
    DIRECTIVE = "chi-thi", _("Directive")
    PLAN = "ke-hoach", _("Plan")
    OFFICIAL_LETTER = "cong-van", _("Official letter")
    REPORT = "bao-cao", _("Report")
    GUIDANCE = "huong-dan", _("Guidance")
    OTHER = "khac", _("Other")


class DocumentLevel(models.TextChoices):
    CENTRAL = "trung-uong", pgettext_lazy("cchc", "Central")
    PROVINCE = "tinh", pgettext_lazy("cchc", "Province")
    DEPARTMENT = "so", pgettext_lazy("cchc", "Department")


class LegalDocumentQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class LegalDocument(TranslatableMixin, index.Indexed, models.Model):
    """A legal or guiding document on administrative reform, listed in the documents library."""

    number = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("Số ký hiệu, e.g. 46/KH-UBND. Blank for drafts.")
    )
    title = models.CharField(
        pgettext_lazy("cchc", "title"),
        max_length=500,
        help_text=_("Trích yếu: what the document is about, as printed on it."),
    )
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, help_text=_("e.g. UBND tỉnh Bà Rịa – Vũng Tàu, Chính phủ.")
    )
    level = models.CharField(_("level"), max_length=20, choices=DocumentLevel.choices)
    date_issued = models.DateField(_("date issued"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    summary = models.TextField(pgettext_lazy("cchc", "summary"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=pgettext_lazy("cchc", "file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(
        _("link to the official text"),
        max_length=500,
        blank=True,
        help_text=_("Where the text is published, e.g. the national legal database, if no file is attached."),
    )

    objects = LegalDocumentQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("doc_type"), FieldPanel("level")]),
        FieldPanel("title"),
        FieldPanel("issuing_body"),
        FieldRowPanel([FieldPanel("date_issued"), FieldPanel("effective_date")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url")], heading=pgettext_lazy("cchc", "Text")
        ),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("number"),
        index.SearchField("summary"),
        index.SearchField("issuing_body"),
        index.AutocompleteField("title"),
        index.AutocompleteField("number"),
        index.FilterField("locale"),
        index.FilterField("doc_type"),
        index.FilterField("level"),
        index.FilterField("date_issued"),
    ]

    def __str__(self):
        return f"{self.number} – {self.title}" if self.number else self.title

    @classmethod
    def search_result_links(cls, ids, request):
        """Title and link in the citizen search: the attached file, the official link, or the library."""
        library = DocumentLibraryPage.objects.live().first()
        library_url = library.get_url(request) if library else ""
        return {
            doc.pk: (str(doc), doc.document.url if doc.document else (doc.external_url or library_url))
            for doc in cls.objects.filter(pk__in=ids).select_related("document")
        }

    def clean(self):
        super().clean()
        if self.date_issued and self.effective_date and self.effective_date < self.date_issued:
            raise ValidationError(
                {"effective_date": _("The effective date cannot be before the date the document was issued.")}
            )

    class Meta(TranslatableMixin.Meta):
        verbose_name = pgettext_lazy("cchc", "legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-date_issued", "number"]


class DocumentLibraryPage(Page):
    """The public list of legal documents, filterable by type, level and year, and searchable."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def documents(self):
        return LegalDocument.objects.filter(locale_id=self.locale_id).select_related("document")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = self.documents()
        doc_type = request.GET.get("type", "")
        level = request.GET.get("level", "")
        query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = None
        if doc_type in DocumentType.values:
            documents = documents.filter(doc_type=doc_type)
        else:
            doc_type = ""
        if level in DocumentLevel.values:
            documents = documents.filter(level=level)
        else:
            level = ""
        years = [d.year for d in self.documents().dates("date_issued", "year", order="DESC")]
        if year in years:  # only a listed year: others (0, 10000) would break the date lookup
            documents = documents.filter(date_issued__year=year)
        else:
            year = None
        if query:
            # A document number (46/KH-UBND, 13/2023/NĐ-CP) is looked up as typed: full-text
            # parsers split or merge such tokens differently on SQLite and PostgreSQL.
            by_number = documents.filter(number__icontains=query)
            documents = by_number if by_number.exists() else documents.search(query)
        paginator = Paginator(documents, DOCUMENTS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            documents=page_obj,
            type_choices=DocumentType.choices,
            level_choices=DocumentLevel.choices,
            years=years,
            selected_type=doc_type,
            selected_level=level,
            selected_year=year,
            search_query=query,
            filter_query=params.urlencode(),
        )
        return context

    parent_page_types = ["cchc_pages.CCHCSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("documents library")
