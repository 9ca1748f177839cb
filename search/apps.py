from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site's part of the public search: query statistics and their report.

    The search page itself is the plugin's (``procedures.searching.views``, included by
    ``search.urls``); its ``query_searched`` signal feeds the statistics.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from procedures.searching.signals import query_searched

        from . import stats

        query_searched.connect(stats.record_search, dispatch_uid="search_stats_record")
