"""The procedure filters of the search page: field, level, online service level, status."""

from django.apps import apps

STATUS_ALL = "all"


def procedure_queryset(locale, filters):
    """Live procedures of ``locale`` that pass ``filters``.

    ``filters`` keys (all optional): ``field`` (a field id), ``level`` (``province``,
    ``district`` or ``commune``), ``online`` (``full`` or ``partial``), ``status`` (one status,
    a list of statuses, or ``"all"``). Without ``status``, only procedures in force are kept.
    """
    from ..models import ACTIVE_STATUSES, LEVEL_FIELDS

    model = apps.get_model("procedures", "ProcedurePage")
    queryset = model.objects.live().public().filter(locale=locale)
    status = filters.get("status")
    if not status:
        queryset = queryset.filter(status__in=[str(s) for s in ACTIVE_STATUSES])
    elif status != STATUS_ALL:
        statuses = [status] if isinstance(status, str) else list(status)
        queryset = queryset.filter(status__in=statuses)
    if filters.get("field"):
        queryset = queryset.filter(field_id=filters["field"])
    level_field = {str(k): v for k, v in LEVEL_FIELDS.items()}.get(filters.get("level"))
    if level_field:
        queryset = queryset.filter(**{level_field: True})
    if filters.get("online"):
        queryset = queryset.filter(online_service_level=filters["online"])
    return queryset
