"""Admin views of the procedures app (kept thin: the work is in plain modules)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from .completeness import COMPLETENESS_FIELDS, completeness_report
from .models import ProcedurePage


class CompletenessReportView(WagtailAdminTemplateMixin, TemplateView):
    """Per procedure, the national-database fields still empty; per field of work, the share complete."""

    template_name = "procedures/admin/completeness_report.html"
    page_title = _("Procedure completeness")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locale = Locale.get_default()
        queryset = ProcedurePage.objects.filter(locale=locale).exclude(status__in=["replaced", "abolished"])
        only_gaps = self.request.GET.get("gaps") == "1"
        rows, shares = completeness_report(queryset)
        complete = sum(1 for row in rows if row.complete)
        context.update(
            rows=[row for row in rows if row.missing] if only_gaps else rows,
            shares=shares,
            total=len(rows),
            complete=complete,
            percent=round(100 * complete / len(rows)) if rows else 0,
            only_gaps=only_gaps,
            checked_fields=[label for _key, label, _c in COMPLETENESS_FIELDS],
        )
        return context
