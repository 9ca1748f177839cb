"""Procedure pages (thủ tục hành chính) and the index that lists them.

A procedure page answers everything the national procedure database answers, as structured
data: scalar fields on the page, and ordered rows for steps, ways of submitting, documents,
legal basis and related procedures. Templates, the API, the posting sheet and the export all
read the same fields (see ``procedures.display``).
"""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..codes import national_code, validate_code

NON_NEGATIVE = MinValueValidator(0, message=_("This value cannot be negative."))


class Status(models.TextChoices):
    IN_FORCE = "in_force", pgettext_lazy("procedure status", "in force")
    AMENDED = "amended", pgettext_lazy("procedure status", "amended")
    REPLACED = "replaced", pgettext_lazy("procedure status", "replaced")
    ABOLISHED = "abolished", pgettext_lazy("procedure status", "abolished")


# Procedures citizens can still use; the others keep their page but leave listings and search.
ACTIVE_STATUSES = (Status.IN_FORCE, Status.AMENDED)
INACTIVE_STATUSES = (Status.REPLACED, Status.ABOLISHED)


class Level(models.TextChoices):
    PROVINCE = "province", pgettext_lazy("procedure level", "province")
    DISTRICT = "district", pgettext_lazy("procedure level", "district")
    COMMUNE = "commune", pgettext_lazy("procedure level", "commune")


LEVEL_FIELDS = {
    Level.PROVINCE: "level_province",
    Level.DISTRICT: "level_district",
    Level.COMMUNE: "level_commune",
}


class OnlineLevel(models.TextChoices):
    FULL = "full", _("fully online")
    PARTIAL = "partial", _("partly online")
    NONE = "", _("not online")


class SubmissionMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    POSTAL = "postal", _("by public postal service")


def _processing_days_field(**kwargs):
    return models.DecimalField(
        _("working days"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
        help_text=_("The number of working days, only where the decision states one."),
        **kwargs,
    )


def _fee_amount_field(**kwargs):
    return models.BigIntegerField(
        _("fee in VND"),
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
        help_text=_("The amount in đồng, only where the decision states one; 0 when it is free."),
        **kwargs,
    )


class ProcedureIndexPage(RoutablePageMixin, Page):
    """The list of procedures, filterable by field, level, online service, postal service, status."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A few words above the list."),
    )
    per_page = models.PositiveSmallIntegerField(
        _("procedures per page"), default=30, help_text=_("How many procedures each page of the list shows.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    def procedures(self):
        """Every live procedure below this index, in this index's language."""
        return ProcedurePage.objects.live().public().descendant_of(self)

    def get_context(self, request, *args, **kwargs):
        from ..filters import filter_procedures

        context = super().get_context(request, *args, **kwargs)
        result = filter_procedures(
            self.procedures(), request.GET, locale=self.locale, cache_key=f"index-{self.pk}"
        )
        paginator = Paginator(result.queryset, self.per_page or 30)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context.update(
            filters=result,
            procedures=page_obj.object_list,
            page_obj=page_obj,
            paginator=paginator,
            export_url=self.export_url(request),
        )
        return context

    def export_url(self, request):
        """The xlsx download of the filtered list, once the export is installed."""
        from django.urls import NoReverseMatch, reverse

        try:
            url = reverse("procedures_export:index_xlsx", args=[self.pk])
        except NoReverseMatch:
            return ""
        query = request.GET.urlencode()
        return f"{url}?{query}" if query else url

    def route(self, request, path_components):
        """Find a procedure below this index together with its rows, in one go (see with_rows)."""
        if path_components and self.live and path_components[0] != "niem-yet":
            try:
                child = procedure_queryset().get(
                    path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
                )
            except ProcedurePage.DoesNotExist:
                return super().route(request, path_components)
            child._cached_parent_obj = self
            child._rows_loaded = True
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("niem-yet/<slug:field_slug>/", name="field_posting_sheet")
    def field_posting_sheet(self, request, field_slug):
        from ..views import field_posting_sheet

        return field_posting_sheet(request, self, field_slug)

    # No parent_page_types: the plugin cannot name the host site's page models (or cchc_pages);
    # a site restricts where the index goes with its own pages' subpage_types.
    subpage_types = ["procedures.ProcedurePage"]

    class Meta:
        verbose_name = _("procedure index")


class ProcedurePage(RoutablePageMixin, Page):
    """One administrative procedure, with everything a citizen needs to apply."""

    code = models.CharField(
        _("procedure code"),
        max_length=40,
        blank=True,
        db_index=True,
        validators=[validate_code],
        help_text=_(
            "The national code, form d.dddddd (e.g. 1.006388). A suffixed provincial code "
            "(1.006388.000.00.00.H02) is stored as its national part. Leave empty when the "
            "procedure has no published code."
        ),
    )
    # The page's locale copied onto this table, so the database can keep codes unique per language.
    code_locale = models.ForeignKey(
        Locale, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        "procedures.Field",
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
        help_text=_("The field of work (lĩnh vực) the procedure belongs to."),
    )
    level_province = models.BooleanField(_("province level"), default=False)
    level_district = models.BooleanField(_("district level"), default=False)
    level_commune = models.BooleanField(_("commune level"), default=False)
    procedure_type = models.CharField(
        _("procedure type"),
        max_length=255,
        blank=True,
        help_text=_("As the national database classifies it, e.g. TTHC được luật giao quy định chi tiết."),
    )
    is_interlinked = models.BooleanField(
        _("interlinked one-stop shop"),
        default=False,
        help_text=_("Handled through the interlinked one-stop shop (một cửa liên thông)."),
    )
    interlinked_agencies = ParentalManyToManyField(
        "procedures.Agency",
        verbose_name=_("agencies involved"),
        blank=True,
        related_name="interlinked_procedures",
        help_text=_("The agencies that take part in the interlinked handling."),
    )
    processing_time = models.TextField(
        _("processing time"), blank=True, help_text=_("As the decision states it for the whole procedure.")
    )
    processing_days = _processing_days_field()
    fee = models.TextField(
        _("fees and charges"), blank=True, help_text=_("As the decision states it, e.g. Không quy định.")
    )
    fee_amount = _fee_amount_field()
    dossier_sets = models.PositiveSmallIntegerField(
        _("number of dossier sets"),
        null=True,
        blank=True,
        help_text=_("How many sets of documents to submit, e.g. 1."),
    )
    applicants = models.TextField(
        _("who may apply"), blank=True, help_text=_("Citizens, organisations, schools, businesses …")
    )
    handling_agency = models.ForeignKey(
        "procedures.Agency",
        verbose_name=_("handling agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_procedures",
    )
    deciding_agency = models.ForeignKey(
        "procedures.Agency",
        verbose_name=_("deciding agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_procedures",
        help_text=_("The agency with the authority to decide, when it is not the handling agency."),
    )
    receiving_address = models.TextField(
        _("where to submit"), blank=True, help_text=_("The address where applications are received.")
    )
    result = models.TextField(_("result"), blank=True, help_text=_("What the applicant receives."))
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    online_service_level = models.CharField(
        _("online public service"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
        blank=True,
    )
    online_service_url = models.URLField(
        _("online service link"),
        blank=True,
        max_length=500,
        help_text=_("The procedure's page on the online public-service portal."),
    )
    postal_receipt = models.BooleanField(
        _("applications received by post"),
        default=False,
        help_text=_("Applications can be sent through the public postal service (bưu chính công ích)."),
    )
    postal_return = models.BooleanField(
        _("results returned by post"),
        default=False,
        help_text=_("Results can be returned through the public postal service."),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Anything else citizens should know."),
    )
    status = models.CharField(
        pgettext_lazy("procedure status", "status"),
        max_length=20,
        choices=Status.choices,
        default=Status.IN_FORCE,
        db_index=True,
        help_text=_("Set when a decision is applied; change it by hand only to correct a mistake."),
    )
    replaced_by = models.ForeignKey(
        "procedures.ProcedurePage",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("For a replaced procedure: the procedure that replaces it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("field"),
        FieldRowPanel(
            [FieldPanel("level_province"), FieldPanel("level_district"), FieldPanel("level_commune")],
            heading=_("Level"),
        ),
        FieldPanel("procedure_type"),
        FieldPanel("applicants"),
        FieldPanel("description"),
    ]
    steps_panels = [
        InlinePanel("steps", label=_("Step"), heading=_("Steps")),
        InlinePanel("submission_modes", label=_("Way of submitting"), heading=_("Ways of submitting")),
        MultiFieldPanel(
            [
                FieldPanel("online_service_level"),
                FieldPanel("online_service_url"),
                FieldRowPanel([FieldPanel("postal_receipt"), FieldPanel("postal_return")]),
            ],
            heading=_("Online and postal service"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("processing_time"), FieldPanel("processing_days")]),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_amount")]),
            ],
            heading=_("Processing time and fees for the whole procedure"),
        ),
    ]
    documents_panels = [
        FieldPanel("dossier_sets"),
        InlinePanel(
            "required_documents",
            label=pgettext_lazy("required document", "Document"),
            heading=_("Documents to submit"),
        ),
        FieldPanel("conditions"),
    ]
    agencies_panels = [
        FieldPanel("handling_agency"),
        FieldPanel("deciding_agency"),
        FieldPanel("receiving_address"),
        FieldPanel("result"),
        MultiFieldPanel(
            [FieldPanel("is_interlinked"), FieldPanel("interlinked_agencies")],
            heading=_("Interlinked one-stop shop"),
        ),
    ]
    legal_panels = [
        InlinePanel("legal_basis", label=_("Legal document"), heading=_("Legal basis")),
        InlinePanel("related_procedures", label=_("Related procedure"), heading=_("Related procedures")),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("replaced_by")],
            heading=pgettext_lazy("procedure status", "Status"),
        ),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("General")),
            ObjectList(steps_panels, heading=_("How to apply")),
            ObjectList(documents_panels, heading=pgettext_lazy("procedure dossier", "Documents")),
            ObjectList(agencies_panels, heading=_("Agencies and result")),
            ObjectList(legal_panels, heading=_("Legal basis and status")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.SearchField("applicants"),
        index.SearchField("result"),
        index.SearchField("conditions"),
        index.SearchField("description"),
        index.RelatedFields("field", [index.SearchField("name")]),
        index.RelatedFields("required_documents", [index.SearchField("name")]),
        index.FilterField("code"),
        index.FilterField("status"),
        index.FilterField("field"),
        index.FilterField("level_province"),
        index.FilterField("level_district"),
        index.FilterField("level_commune"),
        index.FilterField("online_service_level"),
        index.FilterField("postal_receipt"),
        index.FilterField("postal_return"),
    ]

    api_fields = [
        APIField("code"),
        APIField("status"),
        APIField("field_name", serializer=serializers.CharField(source="field.name", default="")),
        APIField("levels"),
        APIField("procedure_type"),
        APIField("is_interlinked"),
        APIField("interlinked_agency_names"),
        APIField("processing_time"),
        APIField("processing_days"),
        APIField("fee"),
        APIField("fee_amount"),
        APIField("dossier_sets"),
        APIField("applicants"),
        APIField(
            "handling_agency_name",
            serializer=serializers.CharField(source="handling_agency.name", default=""),
        ),
        APIField(
            "deciding_agency_name",
            serializer=serializers.CharField(source="deciding_agency.name", default=""),
        ),
        APIField("receiving_address"),
        APIField("result"),
        APIField("conditions"),
        APIField("online_service_level"),
        APIField("online_service_url"),
        APIField("postal_receipt"),
        APIField("postal_return"),
        APIField("description"),
        APIField("steps"),
        APIField("submission_modes"),
        APIField("required_documents"),
        APIField("legal_basis"),
        APIField("short_url"),
    ]

    # The code and status are facts about the procedure, the same in every language.
    override_translatable_fields = [
        SynchronizedField("code"),
        SynchronizedField("status"),
        SynchronizedField("level_province"),
        SynchronizedField("level_district"),
        SynchronizedField("level_commune"),
        SynchronizedField("processing_days"),
        SynchronizedField("fee_amount"),
        SynchronizedField("dossier_sets"),
        SynchronizedField("online_service_level"),
        SynchronizedField("online_service_url"),
        SynchronizedField("postal_receipt"),
        SynchronizedField("postal_return"),
        SynchronizedField("is_interlinked"),
    ]

    # -- derived values -------------------------------------------------------------------

    @property
    def levels(self):
        """The levels as stable keys, in order: ``province``, ``district``, ``commune``."""
        return [level.value for level, name in LEVEL_FIELDS.items() if getattr(self, name)]

    @levels.setter
    def levels(self, values):
        for level, name in LEVEL_FIELDS.items():
            setattr(self, name, level.value in set(values or []))

    def get_levels_display(self):
        return [str(level.label) for level, name in LEVEL_FIELDS.items() if getattr(self, name)]

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def short_url(self):
        """The language-neutral short address: ``/thu-tuc/<code>/`` or ``/thu-tuc/id/<id>/``."""
        from django.urls import reverse

        if self.code:
            return reverse("procedures:short_code", args=[self.code])
        return reverse("procedures:short_id", args=[self.pk])

    @property
    def interlinked_agency_names(self):
        return [agency.name for agency in self.interlinked_agencies.all()]

    def decision_history(self):
        """The decisions that concern this procedure, oldest first."""
        if "decision_items" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.decision_items.all())
        items = self.decision_items.select_related("decision", "replacement")
        return list(items.order_by("decision__date_signed", "decision__id"))

    def status_decision_item(self, history=None):
        """The decision item that abolished or replaced this procedure, if any."""
        for item in reversed(history if history is not None else self.decision_history()):
            if item.action == self.status:
                return item
        return None

    # -- validation ------------------------------------------------------------------------

    def full_clean(self, *args, **kwargs):
        # Store the national part of a suffixed provincial code before the field checks run.
        self.code = national_code(self.code) or (self.code or "").strip()
        return super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.code:
            duplicate = (
                ProcedurePage.objects.filter(code=self.code, locale_id=self.locale_id)
                .exclude(pk=self.pk)
                .only("id", "title")
                .first()
            )
            if duplicate is not None:
                raise ValidationError(
                    {
                        "code": _(
                            "The code %(code)s is already used by the procedure “%(title)s” (page %(id)s)."
                        )
                        % {"code": self.code, "title": duplicate.title, "id": duplicate.pk}
                    }
                )
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("A procedure cannot replace itself.")})

    def save(self, *args, **kwargs):
        self.code = national_code(self.code) or (self.code or "").strip()
        self.code_locale_id = self.locale_id
        return super().save(*args, **kwargs)

    # -- rendering -------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from ..display import procedure_sections
        from ..structured_data import government_service, json_ld_script, summary

        context = super().get_context(request, *args, **kwargs)
        # A preview renders the unsaved copy; a visit reads the page and all its rows in a fixed
        # number of queries (one per kind of row), however many rows there are.
        page = self if getattr(request, "is_preview", False) else self.with_rows()
        history = page.decision_history()
        context["data"] = page
        context["decision_history"] = history
        context["status_item"] = page.status_decision_item(history)
        context["sections"] = procedure_sections(page, history=history)
        context["json_ld"] = json_ld_script(government_service(page, request))
        context["og_description"] = summary(page)
        return context

    def with_rows(self):
        """This page with its related objects and rows (one query per kind of row)."""
        if getattr(self, "_rows_loaded", False):
            return self
        page = procedure_queryset().get(pk=self.pk)
        page._rows_loaded = True
        return page

    @property
    def posting_sheet_url(self):
        return self.url + self.reverse_subpage("posting_sheet") if self.url else ""

    @path("niem-yet/", name="posting_sheet")
    def posting_sheet(self, request):
        from ..views import procedure_posting_sheet

        return procedure_posting_sheet(request, self)

    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "code_locale"],
                condition=~Q(code=""),
                name="procedures_unique_code_per_locale",
                violation_error_message=_("Another procedure in this language already has this code."),
            )
        ]


def procedure_queryset():
    """Procedure pages with their related objects and every kind of row prefetched.

    The number of queries is fixed (one for the pages, one per kind of row: seven), whatever the
    number of rows. The agencies of an interlinked handling are read only for such procedures.
    """
    from django.db.models import Prefetch

    from .decisions import DecisionItem

    return ProcedurePage.objects.select_related(
        "field", "handling_agency", "deciding_agency", "replaced_by", "locale"
    ).prefetch_related(
        "steps",
        "submission_modes",
        "legal_basis",
        Prefetch("required_documents", queryset=RequiredDocument.objects.select_related("form")),
        Prefetch(
            "related_procedures",
            queryset=RelatedProcedure.objects.select_related("procedure").filter(procedure__live=True),
        ),
        Prefetch(
            "decision_items",
            queryset=DecisionItem.objects.select_related("decision", "replacement").order_by(
                "decision__date_signed", "decision__id"
            ),
        ),
    )


class ProcedureStep(Orderable):
    """One step of the procedure (trình tự thực hiện), in order."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("e.g. Bước 1: Nộp hồ sơ."))
    text = models.TextField(_("what happens"))

    panels = [FieldPanel("title"), FieldPanel("text")]
    api_fields = [APIField("title"), APIField("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")


class ProcedureSubmissionMode(Orderable):
    """A way of submitting (cách thức thực hiện), with its own processing time and fee."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="submission_modes")
    mode = models.CharField(_("way of submitting"), max_length=20, choices=SubmissionMode.choices)
    processing_time = models.TextField(_("processing time"), blank=True)
    processing_days = _processing_days_field()
    fee = models.TextField(_("fees and charges"), blank=True)
    fee_amount = _fee_amount_field()
    description = models.TextField(_("details"), blank=True, help_text=_("e.g. the address or the link."))

    panels = [
        FieldPanel("mode"),
        FieldRowPanel([FieldPanel("processing_time"), FieldPanel("processing_days")]),
        FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_amount")]),
        FieldPanel("description"),
    ]
    api_fields = [
        APIField("mode"),
        APIField("processing_time"),
        APIField("processing_days"),
        APIField("fee"),
        APIField("fee_amount"),
        APIField("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("way of submitting")
        verbose_name_plural = _("ways of submitting")


class RequiredDocument(Orderable):
    """A document of the application (thành phần hồ sơ), with how many originals and copies."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="required_documents")
    name = models.TextField(pgettext_lazy("required document", "document"))
    originals = models.PositiveSmallIntegerField(_("originals"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), null=True, blank=True)
    form = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("form or template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The form to fill in (mẫu đơn, tờ khai), if there is one."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("originals"), FieldPanel("copies")]),
        FieldPanel("form"),
    ]
    api_fields = [
        APIField("name"),
        APIField("originals"),
        APIField("copies"),
        APIField("form_url", serializer=serializers.CharField(source="form.url", default="")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")


class LegalBasis(Orderable):
    """A legal document the procedure rests on (căn cứ pháp lý)."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="legal_basis")
    number = models.CharField(_("number"), max_length=100, blank=True, help_text=_("e.g. 142/2024/NĐ-CP."))
    title = models.TextField(_("title"), help_text=_("The document's abstract (trích yếu)."))
    date_issued = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("date_issued")]),
        FieldPanel("title"),
        FieldPanel("issuer"),
    ]
    api_fields = [APIField("number"), APIField("title"), APIField("date_issued"), APIField("issuer")]

    class Meta(Orderable.Meta):
        verbose_name = _("legal document")
        verbose_name_plural = _("legal basis")


class RelatedProcedure(Orderable):
    """A procedure citizens often need together with this one."""

    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="related_procedures")
    procedure = models.ForeignKey(
        ProcedurePage, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("procedure", page_type="procedures.ProcedurePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related procedure")
        verbose_name_plural = _("related procedures")
