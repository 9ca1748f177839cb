"""Filtering the procedure list, with counts next to each option.

A plain function so the index page, the export ("download the filtered list") and tests share
one definition of what a filter means. Each facet's counts are taken with every *other* active
filter applied, so a count says how many procedures choosing that option would show. The number
of queries is fixed (one or two per facet), whatever the number of procedures.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import (
    ACTIVE_STATUSES,
    LEVEL_FIELDS,
    Field,
    Level,
    OnlineLevel,
    Status,
)

# Query-string parameter names, stable because links and exports carry them.
PARAM_FIELD = "field"
PARAM_LEVEL = "level"
PARAM_ONLINE = "online"
PARAM_POSTAL = "postal"
PARAM_STATUS = "status"
PARAMS = (PARAM_FIELD, PARAM_LEVEL, PARAM_ONLINE, PARAM_POSTAL, PARAM_STATUS)

ONLINE_NONE = "none"  # the query value for "not online" (the stored value is empty)
POSTAL_OPTIONS = {
    "receipt": ("postal_receipt", _("applications received by post")),
    "return": ("postal_return", _("results returned by post")),
}
STATUS_ACTIVE = ""  # default: the procedures citizens can use
STATUS_ALL = "all"


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    query: str = ""


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)


@dataclass
class FilterResult:
    queryset: object
    selected: dict
    facets: list
    total: int = 0

    @property
    def is_filtered(self):
        return any(self.selected.values())


def read_params(params):
    """The recognised filter values from a query dict, each cleaned to a known value or ''."""
    get = params.get if hasattr(params, "get") else dict(params).get
    selected = {name: (get(name) or "").strip() for name in PARAMS}
    if selected[PARAM_LEVEL] not in Level.values:
        selected[PARAM_LEVEL] = ""
    if selected[PARAM_ONLINE] not in {OnlineLevel.FULL, OnlineLevel.PARTIAL, ONLINE_NONE}:
        selected[PARAM_ONLINE] = ""
    if selected[PARAM_POSTAL] not in POSTAL_OPTIONS:
        selected[PARAM_POSTAL] = ""
    if selected[PARAM_STATUS] not in {*Status.values, STATUS_ALL}:
        selected[PARAM_STATUS] = STATUS_ACTIVE
    return selected


def _conditions(selected, locale=None):
    """One Q per active filter, keyed by parameter name."""
    conditions = {}
    if selected[PARAM_FIELD]:
        conditions[PARAM_FIELD] = Q(field__slug=selected[PARAM_FIELD])
    if selected[PARAM_LEVEL]:
        conditions[PARAM_LEVEL] = Q(**{LEVEL_FIELDS[Level(selected[PARAM_LEVEL])]: True})
    if selected[PARAM_ONLINE]:
        value = "" if selected[PARAM_ONLINE] == ONLINE_NONE else selected[PARAM_ONLINE]
        conditions[PARAM_ONLINE] = Q(online_service_level=value)
    if selected[PARAM_POSTAL]:
        conditions[PARAM_POSTAL] = Q(**{POSTAL_OPTIONS[selected[PARAM_POSTAL]][0]: True})
    status = selected[PARAM_STATUS]
    if status == STATUS_ACTIVE:
        conditions[PARAM_STATUS] = Q(status__in=ACTIVE_STATUSES)
    elif status != STATUS_ALL:
        conditions[PARAM_STATUS] = Q(status=status)
    return conditions


def _without(conditions, name):
    q = Q()
    for key, condition in conditions.items():
        if key != name:
            q &= condition
    return q


def _query(selected, name, value):
    """The query string that selects ``value`` for ``name`` and keeps the other filters."""
    from urllib.parse import urlencode

    params = {key: val for key, val in selected.items() if val and key != name}
    if value:
        params[name] = value
    return urlencode(params)


def apply_filters(queryset, params):
    """Only the filtered queryset (for the export): same meaning as on the index page."""
    selected = read_params(params)
    q = Q()
    for condition in _conditions(selected).values():
        q &= condition
    return queryset.filter(q)


def filter_procedures(queryset, params, locale=None, with_facets=True):
    """Filter ``queryset`` (ProcedurePage) by ``params``; return the result with facet counts."""
    selected = read_params(params)
    conditions = _conditions(selected)
    everything = Q()
    for condition in conditions.values():
        everything &= condition
    filtered = (
        queryset.filter(everything)
        .select_related("field")
        .order_by("field__sort_order", "field__name", "title", "pk")
    )
    facets = _facets(queryset, selected, conditions, locale) if with_facets else []
    return FilterResult(queryset=filtered, selected=selected, facets=facets)


def _facets(queryset, selected, conditions, locale):
    facets = []

    # Field: counts by field id, then the field names in one query.
    counts = dict(
        queryset.filter(_without(conditions, PARAM_FIELD))
        .order_by()
        .values_list("field_id")
        .annotate(n=Count("pk"))
    )
    fields = Field.objects.filter(pk__in=[pk for pk in counts if pk])
    facet = Facet(PARAM_FIELD, _("Field"))
    for item in fields:
        facet.options.append(
            Option(
                item.slug,
                item.name,
                counts[item.pk],
                selected[PARAM_FIELD] == item.slug,
                _query(selected, PARAM_FIELD, item.slug),
            )
        )
    facets.append(facet)

    # Level: one aggregate with a conditional count per level.
    totals = queryset.filter(_without(conditions, PARAM_LEVEL)).aggregate(
        **{level.value: Count("pk", filter=Q(**{name: True})) for level, name in LEVEL_FIELDS.items()}
    )
    facet = Facet(PARAM_LEVEL, _("Level"))
    for level in Level:
        facet.options.append(
            Option(
                level.value,
                str(level.label),
                totals[level.value],
                selected[PARAM_LEVEL] == level.value,
                _query(selected, PARAM_LEVEL, level.value),
            )
        )
    facets.append(facet)

    # Online service level.
    counts = dict(
        queryset.filter(_without(conditions, PARAM_ONLINE))
        .order_by()
        .values_list("online_service_level")
        .annotate(n=Count("pk"))
    )
    facet = Facet(PARAM_ONLINE, _("Online public service"))
    for value in (OnlineLevel.FULL, OnlineLevel.PARTIAL, ONLINE_NONE):
        stored = "" if value == ONLINE_NONE else value
        label = OnlineLevel(stored).label
        facet.options.append(
            Option(
                str(value),
                str(label),
                counts.get(stored, 0),
                selected[PARAM_ONLINE] == value,
                _query(selected, PARAM_ONLINE, value),
            )
        )
    facets.append(facet)

    # Postal service.
    totals = queryset.filter(_without(conditions, PARAM_POSTAL)).aggregate(
        **{key: Count("pk", filter=Q(**{name: True})) for key, (name, _label) in POSTAL_OPTIONS.items()}
    )
    facet = Facet(PARAM_POSTAL, _("Public postal service"))
    for key, (_name, label) in POSTAL_OPTIONS.items():
        facet.options.append(
            Option(
                key,
                str(label),
                totals[key],
                selected[PARAM_POSTAL] == key,
                _query(selected, PARAM_POSTAL, key),
            )
        )
    facets.append(facet)

    # Status: the default shows procedures in force (including amended ones).
    counts = dict(
        queryset.filter(_without(conditions, PARAM_STATUS))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    facet = Facet(PARAM_STATUS, _("Status"))
    facet.options.append(
        Option(
            STATUS_ACTIVE,
            str(_("in force (including amended)")),
            sum(counts.get(status, 0) for status in ACTIVE_STATUSES),
            selected[PARAM_STATUS] == STATUS_ACTIVE,
            _query(selected, PARAM_STATUS, STATUS_ACTIVE),
        )
    )
    for status in Status:
        facet.options.append(
            Option(
                status.value,
                str(status.label),
                counts.get(status.value, 0),
                selected[PARAM_STATUS] == status.value,
                _query(selected, PARAM_STATUS, status.value),
            )
        )
    facet.options.append(
        Option(
            STATUS_ALL,
            str(_("all")),
            sum(counts.values()),
            selected[PARAM_STATUS] == STATUS_ALL,
            _query(selected, PARAM_STATUS, STATUS_ALL),
        )
    )
    facets.append(facet)
    return facets
