"""Export of the procedure list as the flat workbook (xlsx) or its procedures sheet (csv).

The same records the import diffs against, so an export re-imports with no changes. Cells that
a spreadsheet would run as formulas (starting with = + - @) are escaped.
"""

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


def export_xlsx(records, output):
    flat.write_xlsx(records, output)


def export_csv(records, output):
    flat.write_csv(records, output)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def http_response(records, file_format, filename):
    """An attachment response with the export of ``records``."""
    from django.http import HttpResponse

    if file_format == "csv":
        response = HttpResponse(content_type=CSV_CONTENT_TYPE)
        export_csv(records, response)
    else:
        response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
        export_xlsx(records, response)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
