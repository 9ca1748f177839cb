"""The plan's task table as an xlsx workbook (openpyxl)."""

import io

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

COLUMN_WIDTHS = [6, 60, 24, 30, 24, 28, 18]


def plan_tasks_workbook(plan):
    """Bytes of an xlsx file with the plan's tasks, one row each, headed as in the appendix."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = pgettext("cchc", "Tasks")[:31]
    sheet.append([plan.title])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = [
        pgettext("cchc", "No."),
        pgettext("cchc", "Task"),
        pgettext("cchc", "Lead unit"),
        pgettext("cchc", "Coordinating units"),
        pgettext("cchc", "Timeframe"),
        pgettext("cchc", "Output"),
        pgettext("cchc", "Status"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for task in plan.tasks.all():
        sheet.append(
            [
                task.number,
                task.content,
                task.lead_unit,
                task.partner_units,
                task.timeframe,
                task.product,
                str(task.get_status_display()),
            ]
        )
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed by editors is never a formula
    for position, width in enumerate(COLUMN_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + position)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
