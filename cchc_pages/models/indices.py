"""Published reform-index results (công khai kết quả chỉ số): PAR INDEX, SIPAS, PAPI, PCI, DTI, ICT."""

from collections import OrderedDict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


class IndexName(models.TextChoices):
    PAR_INDEX = "PAR INDEX", _("PAR INDEX – administrative reform index")
    SIPAS = "SIPAS", _("SIPAS – satisfaction with public administrative services")
    PAPI = "PAPI", _("PAPI – provincial governance and public administration performance")
    PCI = "PCI", _("PCI – provincial competitiveness index")
    DTI = "DTI", _("DTI – digital transformation index")
    ICT = "ICT Index", _("ICT Index – readiness for information technology")


class IndexScope(models.TextChoices):
    PROVINCE = "province", pgettext_lazy("cchc", "Province")
    DEPARTMENT = "department", pgettext_lazy("cchc", "Department")


class IndexResultsPage(Page):
    """The published results of each reform index by year, as charts with their data tables."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("results", label=_("Results"), heading=_("Results by index and year")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields("results", [index.SearchField("index"), index.SearchField("note")]),
    ]

    def grouped_results(self):
        """Results by scope, then by index, each group in year order: {scope: [(index, rows)]}."""
        order = {value: position for position, value in enumerate(IndexName.values)}
        rows = sorted(self.results.all(), key=lambda r: (order.get(r.index, 99), r.index, r.year))
        groups = OrderedDict()
        for scope, label in IndexScope.choices:
            by_index = OrderedDict()
            for row in rows:
                if row.scope == scope:
                    by_index.setdefault(row.index, []).append(row)
            groups[scope] = {"label": label, "indices": list(by_index.items())}
        return groups

    def get_context(self, request, *args, **kwargs):
        from ..charts import index_chart

        context = super().get_context(request, *args, **kwargs)
        sections = []
        for scope, group in self.grouped_results().items():
            charts = [
                {
                    "index": name,
                    "label": IndexName(name).label if name in IndexName.values else name,
                    "rows": rows,
                    "svg": index_chart(name, rows, scope_label=group["label"]),
                    "slug": f"{scope}-{name}".lower().replace(" ", "-").replace("/", "-"),
                }
                for name, rows in group["indices"]
            ]
            sections.append({"scope": scope, "label": group["label"], "charts": charts})
        context["sections"] = sections
        return context

    parent_page_types = ["cchc_pages.CCHCSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("index results page")


class IndexResult(Orderable):
    """One index's published result for one year, for the province or for the department."""

    page = ParentalKey(IndexResultsPage, on_delete=models.CASCADE, related_name="results")
    index = models.CharField(_("index"), max_length=20, choices=IndexName.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    scope = models.CharField(
        _("scope"),
        max_length=20,
        choices=IndexScope.choices,
        default=IndexScope.PROVINCE,
        help_text=_("Whether the result is the province's or the department's own."),
    )
    subject = models.CharField(
        _("assessed body"), max_length=255, help_text=_("e.g. Tỉnh Bà Rịa – Vũng Tàu.")
    )
    score = models.DecimalField(
        _("score"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave blank when only the rank was published."),
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=9, decimal_places=3, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(
        pgettext_lazy("cchc", "unit"), max_length=20, blank=True, help_text=_("e.g. %, điểm.")
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    out_of = models.PositiveSmallIntegerField(
        _("out of"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("e.g. 63 provinces."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    source_url = models.URLField(
        _("source"), max_length=500, blank=True, help_text=_("Where the result was published.")
    )

    panels = [
        FieldRowPanel([FieldPanel("index"), FieldPanel("year"), FieldPanel("scope")]),
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("score"), FieldPanel("max_score"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("rank"), FieldPanel("out_of")]),
        FieldPanel("note"),
        FieldPanel("source_url"),
    ]

    def clean(self):
        super().clean()
        errors = {}
        if self.score is not None and self.max_score is not None and self.score > self.max_score:
            errors["score"] = _("The score %(score)s is above the maximum %(max)s.") % {
                "score": self.score,
                "max": self.max_score,
            }
        if self.rank is not None and self.out_of is not None and self.rank > self.out_of:
            errors["rank"] = _("The rank %(rank)s is above the number ranked (%(out_of)s).") % {
                "rank": self.rank,
                "out_of": self.out_of,
            }
        if self.rank is not None and self.out_of is None:
            errors["out_of"] = _("Give the number of provinces or units ranked.")
        if errors:
            raise ValidationError(errors)

    @property
    def score_ratio(self):
        """The score as a fraction of the maximum (0–1), or None."""
        if self.score is None or not self.max_score:
            return None
        return float(self.score) / float(self.max_score)

    class Meta(Orderable.Meta):
        verbose_name = _("index result")
        verbose_name_plural = _("index results")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=models.F("max_score")),
                name="cchc_indexresult_score_lte_max",
            ),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(out_of__isnull=True)
                | models.Q(rank__lte=models.F("out_of")),
                name="cchc_indexresult_rank_lte_out_of",
            ),
        ]
