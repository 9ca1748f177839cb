"""Export of the procedure list as the flat workbook (xlsx) or its procedures sheet (csv).

The same records the import diffs against, so an export re-imports with no changes. Cells that
a spreadsheet would run as formulas (starting with = + - @) are escaped.

The public download of an index page's filtered list (:func:`cached_index_export`) is built once
per filter selection and catalogue version: the query string is reduced to the known filters, so
extra or repeated parameters (``?r=123``) get the cached file instead of a new workbook.
"""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils import translation

from . import flat
from .service import procedures_queryset, record_of


def export_records(queryset=None, locale=None):
    """Records of ``queryset`` (default: every procedure in the default language), in tree order."""
    queryset = procedures_queryset(queryset, locale=locale).order_by("path")
    return [record_of(page) for page in queryset]


def filtered_queryset(index_page, params):
    """The procedures the index page shows for ``params`` (field, level, status …)."""
    from ..filters import filter_procedures

    return filter_procedures(index_page.procedures(), params, locale=index_page.locale).queryset


#: How long a public export stays cached (seconds); a procedure change makes a new key at once.
PUBLIC_EXPORT_CACHE_SECONDS = 60 * 60
PUBLIC_EXPORT_KEY = "procedures:public-export:{index}:{format}:{language}:{version}:{filters}"
UNKNOWN_FIELD = "?"  # any field slug the index does not have: they all select nothing


def normalised_filters(index_page, params):
    """The filters of ``params`` that change the list, each as its one canonical value.

    Unknown parameters are left out, a repeated one counts once (its last value, as the index page
    reads it), and every field slug the index's language does not have becomes ``UNKNOWN_FIELD``.
    """
    from ..filters import PARAM_FIELD, read_params
    from ..models import Field

    selected = read_params(params)
    if selected[PARAM_FIELD]:
        # Compared in Python: the visitor's text never reaches the database.
        slugs = set(Field.objects.filter(locale=index_page.locale).values_list("slug", flat=True))
        if selected[PARAM_FIELD] not in slugs:
            selected[PARAM_FIELD] = UNKNOWN_FIELD
    return selected


def cached_index_export(index_page, params, file_format):
    """The bytes of the index page's filtered list as ``file_format``, built at most once per
    filter selection, language and catalogue version (``procedures.catalogue``)."""
    from ..catalogue import catalogue_version

    version = catalogue_version()  # before building: a change meanwhile makes the next key new
    selected = normalised_filters(index_page, params)
    filters = hashlib.sha256(urlencode(sorted(selected.items())).encode()).hexdigest()[:32]
    key = PUBLIC_EXPORT_KEY.format(
        index=index_page.pk,
        format=file_format,
        language=f"{index_page.locale.language_code}-{translation.get_language()}",
        version=version,
        filters=filters,
    )
    content = cache.get(key)
    if content is None:
        queryset = filtered_queryset(index_page, selected)
        records = export_records(queryset, locale=index_page.locale)
        content = http_response(records, file_format, "export").content
        cache.set(key, content, PUBLIC_EXPORT_CACHE_SECONDS)
    return content


def export_xlsx(records, output):
    flat.write_xlsx(records, output)


def export_csv(records, output):
    flat.write_csv(records, output)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def file_response(content, file_format, filename):
    """An attachment response with an export already made (``content``: its bytes)."""
    from django.http import HttpResponse

    content_type = CSV_CONTENT_TYPE if file_format == "csv" else XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def http_response(records, file_format, filename):
    """An attachment response with the export of ``records``."""
    response = file_response(b"", file_format, filename)
    (export_csv if file_format == "csv" else export_xlsx)(records, response)
    return response
