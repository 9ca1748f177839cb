"""Errors of the import pipeline, each naming where in the file it happened."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The whole file cannot be read (not a spreadsheet, corrupt, too large …)."""


@dataclass
class RowError:
    """One problem in one cell or row: shown in the preview and printed by the command."""

    row: int | None
    column: str
    value: str
    message: str
    sheet: str = ""

    def __str__(self):
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        if self.value not in (None, ""):
            parts.append(_("value “%(value)s”") % {"value": shorten(self.value)})
        where = ", ".join(parts)
        if not where:
            return self.message
        return f"{where[0].upper()}{where[1:]}: {self.message}"


def shorten(value, width=80):
    """One line of at most ``width`` characters, for messages."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
