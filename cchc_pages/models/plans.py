"""The CCHC plan (kế hoạch) with its task table, and the periodic reports (báo cáo) under it."""

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


class TaskStatus(models.TextChoices):
    NOT_REPORTED = "not-reported", _("Not reported yet")
    NOT_STARTED = "not-started", pgettext_lazy("cchc", "Not started")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")


class ReportPeriod(models.TextChoices):
    Q1 = "q1", _("Quarter I")
    Q2 = "q2", _("Quarter II")
    Q3 = "q3", _("Quarter III")
    Q4 = "q4", _("Quarter IV")
    HALF_YEAR = "h1", _("Six months")
    YEAR = "year", pgettext_lazy("cchc", "Year")


class PlanPage(RoutablePageMixin, Page):
    """A plan of the department (e.g. the yearly CCHC communication plan) and its task table."""

    number = models.CharField(
        _("number"),
        max_length=100,
        blank=True,
        help_text=_("Số ký hiệu, e.g. 123/KH-SGDĐT. Drafts leave it blank."),
    )
    date_issued = models.DateField(_("date issued"), null=True, blank=True, help_text=_("Blank for drafts."))
    place_and_date = models.CharField(
        _("place and date as printed"),
        max_length=255,
        blank=True,
        help_text=_("As written on the document, e.g. Bà Rịa-Vũng Tàu, ngày   tháng 3 năm 2021."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    legal_grounds = RichTextField(
        _("legal grounds"), blank=True, help_text=_("Căn cứ: the documents the plan is based on.")
    )
    purpose = RichTextField(pgettext_lazy("cchc", "purpose"), blank=True)
    requirements = RichTextField(_("requirements"), blank=True)
    body = RichTextField(
        _("other sections"),
        blank=True,
        help_text=_("Content and forms, funding, organisation: the rest of the plan's text."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("date_issued")]),
                FieldPanel("place_and_date"),
                FieldPanel("issuing_body"),
            ],
            heading=pgettext_lazy("cchc", "Document"),
        ),
        FieldPanel("legal_grounds"),
        FieldPanel("purpose"),
        FieldPanel("requirements"),
        FieldPanel("body"),
        InlinePanel("tasks", label=pgettext_lazy("cchc", "Tasks"), heading=_("Task table (appendix)")),
        FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")], heading=_("Signed by")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("legal_grounds"),
        index.SearchField("purpose"),
        index.SearchField("requirements"),
        index.SearchField("body"),
        index.RelatedFields("tasks", [index.SearchField("content"), index.SearchField("product")]),
    ]

    def progress(self):
        """Counts of tasks by status, and the share done, for the at-a-glance summary."""
        tasks = list(self.tasks.all())
        counts = dict.fromkeys(TaskStatus.values, 0)
        for task in tasks:
            counts[task.status] = counts.get(task.status, 0) + 1
        total = len(tasks)
        return {
            "total": total,
            "done": counts[TaskStatus.DONE],
            "percent_done": round(100 * counts[TaskStatus.DONE] / total) if total else 0,
            "by_status": [(label, counts[value], value) for value, label in TaskStatus.choices],
        }

    @path("")
    def plan(self, request):
        reports = ReportPage.objects.child_of(self).live().public().order_by("-year", "-period_order")
        return self.render(request, context_overrides={"progress": self.progress(), "reports": reports})

    @path("bang-nhiem-vu/", name="tasks_xlsx")
    def tasks_xlsx(self, request):
        from ..spreadsheets import plan_tasks_workbook

        response = HttpResponse(
            plan_tasks_workbook(self),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.slug}-nhiem-vu.xlsx"'
        return response

    parent_page_types = ["cchc_pages.CCHCSectionPage"]
    subpage_types = ["cchc_pages.ReportPage"]

    class Meta:
        verbose_name = _("plan")


class PlanTask(Orderable):
    """One row of the plan's task table (phụ lục)."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("no."), help_text=_("STT: the row's number in the table."))
    content = models.TextField(pgettext_lazy("cchc", "task"), help_text=_("Nội dung công việc."))
    lead_unit = models.CharField(_("lead unit"), max_length=255, help_text=_("Đơn vị chủ trì."))
    partner_units = models.CharField(
        _("coordinating units"), max_length=255, blank=True, help_text=_("Đơn vị phối hợp.")
    )
    timeframe = models.CharField(_("timeframe"), max_length=255, help_text=_("Thời gian thực hiện."))
    product = models.CharField(_("output"), max_length=255, blank=True, help_text=_("Sản phẩm."))
    status = models.CharField(
        pgettext_lazy("cchc", "status"),
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_REPORTED,
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("lead_unit"), FieldPanel("partner_units")]),
        FieldRowPanel([FieldPanel("timeframe"), FieldPanel("product")]),
        FieldPanel("status"),
    ]

    def __str__(self):
        return f"{self.number}. {self.content}"

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("cchc", "task")
        verbose_name_plural = pgettext_lazy("cchc", "tasks")


PERIOD_ORDER = {value: position for position, value in enumerate(["q1", "q2", "h1", "q3", "q4", "year"])}


class ReportPage(Page):
    """A periodic report on the plan (quý I–IV, 6 tháng, năm): per-task progress and narrative."""

    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    period_order = models.PositiveSmallIntegerField(default=0, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=100, blank=True)
    date_issued = models.DateField(_("date issued"), null=True, blank=True)
    narrative = RichTextField(
        _("narrative"), blank=True, help_text=_("What was done, results, difficulties.")
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("period"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("number"), FieldPanel("date_issued")]),
        FieldPanel("narrative"),
        InlinePanel("task_progress", label=_("Progress of a task"), heading=_("Progress per task")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("narrative"),
        index.RelatedFields("task_progress", [index.SearchField("result")]),
        index.FilterField("year"),
    ]

    def save(self, *args, **kwargs):
        self.period_order = PERIOD_ORDER.get(self.period, 0)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plan = self.get_parent().specific
        tasks = {task.number: task for task in plan.tasks.all()} if isinstance(plan, PlanPage) else {}
        context["plan"] = plan
        context["progress_rows"] = [(tasks.get(row.task_number), row) for row in self.task_progress.all()]
        return context

    parent_page_types = ["cchc_pages.PlanPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")


class ReportTaskProgress(Orderable):
    """How far one task of the plan got in the report's period."""

    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="task_progress")
    task_number = models.PositiveSmallIntegerField(_("task no."), help_text=_("The task's STT in the plan."))
    status = models.CharField(pgettext_lazy("cchc", "status"), max_length=20, choices=TaskStatus.choices)
    result = models.TextField(
        pgettext_lazy("cchc", "result"), blank=True, help_text=_("What was done in the period.")
    )

    panels = [FieldRowPanel([FieldPanel("task_number"), FieldPanel("status")]), FieldPanel("result")]

    class Meta(Orderable.Meta):
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
