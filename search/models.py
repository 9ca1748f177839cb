"""What citizens searched for, counted per query per week, for the editors' report."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def week_start(day=None):
    """The Monday of the week of ``day`` (today by default)."""
    day = day or datetime.date.today()
    return day - datetime.timedelta(days=day.weekday())


class SearchQueryStat(models.Model):
    """One query (folded) in one week: how often it was searched and how often it found nothing.

    Rows are written in batches by ``search.stats`` (never one write per search), so a busy
    site does not queue on the database's write lock.
    """

    week = models.DateField(_("week"), help_text=_("The Monday of the week."), db_index=True)
    query = models.CharField(
        pgettext_lazy("search statistics", "query"),
        max_length=200,
        help_text=_("Lower case, without diacritics or punctuation."),
    )
    example = models.CharField(_("as typed"), max_length=200, help_text=_("One way a citizen typed it."))
    hits = models.PositiveIntegerField(_("searches"), default=0)
    zero_hits = models.PositiveIntegerField(_("searches with no result"), default=0)
    last_count = models.PositiveIntegerField(_("results last time"), default=0)

    def __str__(self):
        return f"{self.week}: {self.example} ({self.hits})"

    class Meta:
        verbose_name = _("search query statistic")
        verbose_name_plural = _("search query statistics")
        constraints = [models.UniqueConstraint(fields=["week", "query"], name="search_query_stat_week_query")]
        ordering = ["-week", "-hits"]
