"""Filtering the procedure list, with counts next to each option.

A plain function so the index page, the export ("download the filtered list") and tests share
one definition of what a filter means. Each facet's counts are taken with every *other* active
filter applied, so a count says how many procedures choosing that option would show. The number
of queries is fixed (the fields, and one GROUP BY for all the facets), whatever the number of
procedures.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


def _conditions(selected, field_ids=None):
    """One Q per active filter, keyed by parameter name (``field_ids``: slug → id, saves a join)."""
    conditions = {}
    if selected[PARAM_FIELD]:
        if field_ids is not None:
            conditions[PARAM_FIELD] = Q(field_id=field_ids.get(selected[PARAM_FIELD], 0))
        else:
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


def filter_procedures(queryset, params, locale=None, with_facets=True, cache_key=None):
    """Filter ``queryset`` (ProcedurePage) by ``params``; return the result with facet counts.

    With ``cache_key`` (naming the queryset, e.g. the index page), the facet counts are kept in
    the cache until a procedure or field changes (``procedures.catalogue``).
    """
    selected = read_params(params)
    fields = list(Field.objects.filter(locale=locale) if locale is not None else Field.objects.all())
    conditions = _conditions(selected, {item.slug: item.pk for item in fields})
    everything = Q()
    for condition in conditions.values():
        everything &= condition
    filtered = (
        queryset.filter(everything)
        .select_related("field")
        .order_by("field__sort_order", "field__name", "title", "pk")
    )
    facets = []
    if with_facets:
        key = None
        if cache_key is not None:
            from django.core.cache import cache
            from django.utils import translation

            from .catalogue import catalogue_version

            state = "&".join(f"{name}={selected[name]}" for name in PARAMS)
            key = f"procedures:facets:{catalogue_version()}:{cache_key}:{translation.get_language()}:{state}"
            facets = cache.get(key)
        if not facets:
            facets = _facets(queryset, selected, conditions, locale, fields)
            if key is not None:
                cache.set(key, facets, 60 * 60)
    return FilterResult(queryset=filtered, selected=selected, facets=facets)


GROUP_FIELDS = [
    "field_id",
    *LEVEL_FIELDS.values(),
    "online_service_level",
    *(name for name, _label in POSTAL_OPTIONS.values()),
    "status",
]


def _matches(group, selected, skip, field_ids):
    """Whether a group of procedures passes every active filter except ``skip`` (in Python)."""
    if (
        skip != PARAM_FIELD
        and selected[PARAM_FIELD]
        and group["field_id"] != field_ids.get(selected[PARAM_FIELD])
    ):
        return False
    if (
        skip != PARAM_LEVEL
        and selected[PARAM_LEVEL]
        and not group[LEVEL_FIELDS[Level(selected[PARAM_LEVEL])]]
    ):
        return False
    if skip != PARAM_ONLINE and selected[PARAM_ONLINE]:
        wanted = "" if selected[PARAM_ONLINE] == ONLINE_NONE else selected[PARAM_ONLINE]
        if group["online_service_level"] != wanted:
            return False
    if (
        skip != PARAM_POSTAL
        and selected[PARAM_POSTAL]
        and not group[POSTAL_OPTIONS[selected[PARAM_POSTAL]][0]]
    ):
        return False
    if skip != PARAM_STATUS:
        status = selected[PARAM_STATUS]
        if status == STATUS_ACTIVE and group["status"] not in ACTIVE_STATUSES:
            return False
        if status not in (STATUS_ACTIVE, STATUS_ALL) and group["status"] != status:
            return False
    return True


def _facets(queryset, selected, conditions, locale, fields):
    """Every facet's counts from one GROUP BY query over the facet columns.

    The database counts the procedures per combination of field, levels, online level, postal
    flags and status (a few hundred combinations at most in practice); each facet then sums the
    combinations that pass every active filter but its own.
    """
    groups = list(queryset.order_by().values(*GROUP_FIELDS).annotate(n=Count("pk")))
    field_ids = {item.slug: item.pk for item in fields}

    passing = {param: [g for g in groups if _matches(g, selected, param, field_ids)] for param in PARAMS}

    def count(skip, test):
        return sum(g["n"] for g in passing[skip] if test(g))

    facets = []
    facet = Facet(PARAM_FIELD, pgettext_lazy("procedure field", "Field"))
    for item in fields:
        number = count(PARAM_FIELD, lambda g, pk=item.pk: g["field_id"] == pk)
        if number or selected[PARAM_FIELD] == item.slug:
            facet.options.append(
                Option(
                    item.slug,
                    item.name,
                    number,
                    selected[PARAM_FIELD] == item.slug,
                    _query(selected, PARAM_FIELD, item.slug),
                )
            )
    facets.append(facet)

    facet = Facet(PARAM_LEVEL, _("Level"))
    for level in Level:
        facet.options.append(
            Option(
                level.value,
                str(level.label),
                count(PARAM_LEVEL, lambda g, name=LEVEL_FIELDS[level]: g[name]),
                selected[PARAM_LEVEL] == level.value,
                _query(selected, PARAM_LEVEL, level.value),
            )
        )
    facets.append(facet)

    facet = Facet(PARAM_ONLINE, _("Online public service"))
    for stored, key in (("full", "full"), ("partial", "partial"), ("", ONLINE_NONE)):
        facet.options.append(
            Option(
                key,
                str(OnlineLevel(stored).label),
                count(PARAM_ONLINE, lambda g, stored=stored: g["online_service_level"] == stored),
                selected[PARAM_ONLINE] == key,
                _query(selected, PARAM_ONLINE, key),
            )
        )
    facets.append(facet)

    facet = Facet(PARAM_POSTAL, _("Public postal service"))
    for key, (name, label) in POSTAL_OPTIONS.items():
        facet.options.append(
            Option(
                key,
                str(label),
                count(PARAM_POSTAL, lambda g, name=name: g[name]),
                selected[PARAM_POSTAL] == key,
                _query(selected, PARAM_POSTAL, key),
            )
        )
    facets.append(facet)

    # Status: the default shows the procedures in force, amended ones included.
    counts = {
        status.value: count(PARAM_STATUS, lambda g, v=status.value: g["status"] == v) for status in Status
    }
    facet = Facet(PARAM_STATUS, pgettext_lazy("procedure status", "Status"))
    facet.options.append(
        Option(
            STATUS_ACTIVE,
            str(_("in force (including amended)")),
            sum(counts[status] for status in ACTIVE_STATUSES),
            selected[PARAM_STATUS] == STATUS_ACTIVE,
            _query(selected, PARAM_STATUS, STATUS_ACTIVE),
        )
    )
    for status in Status:
        facet.options.append(
            Option(
                status.value,
                str(status.label),
                counts[status.value],
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
