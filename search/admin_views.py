"""The editors' report: most frequent queries and queries that found nothing, week by week."""

import datetime

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from . import stats
from .models import SearchQueryStat, week_start

TOP = 50
# Citizens' queries as typed may name people: only users allowed to view the statistics see them.
permission_policy = ModelPermissionPolicy(SearchQueryStat)


def weekly_report(week, top=TOP):
    """The top queries and the zero-result queries of ``week`` (a Monday), as plain rows."""
    rows = SearchQueryStat.objects.filter(week=week)
    totals = rows.aggregate(searches=Sum("hits"), empty=Sum("zero_hits"))
    return {
        "top": list(rows.order_by("-hits", "query")[:top]),
        "zero": list(rows.filter(zero_hits__gt=0).order_by("-zero_hits", "query")[:top]),
        "searches": totals["searches"] or 0,
        "empty": totals["empty"] or 0,
    }


class SearchReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """What citizens searched for, so the office can fix wording or add search terms."""

    permission_policy = permission_policy
    permission_required = "view"
    template_name = "search/admin/search_report.html"
    page_title = _("Search queries")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        stats.flush()  # include this process's recent searches
        context = super().get_context_data(**kwargs)
        weeks = list(SearchQueryStat.objects.order_by("-week").values_list("week", flat=True).distinct()[:52])
        try:
            week = datetime.date.fromisoformat(self.request.GET.get("week", ""))
            week = week_start(week)
        except ValueError:
            week = weeks[0] if weeks else week_start()
        context.update(
            week=week, weeks=weeks, week_end=week + datetime.timedelta(days=6), **weekly_report(week)
        )
        return context
