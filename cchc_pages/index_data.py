"""Read published index results from a tab-separated file (demo data, or an office's own list).

Columns: index, year, subject, score, max_score, unit, rank, out_of, note, source. Every row is
checked before anything is written; an error names the row, the column and the value.
"""

import csv
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models.indices import IndexName, IndexScope

COLUMNS = ["index", "year", "subject", "score", "max_score", "unit", "rank", "out_of", "note", "source"]

# Notes of the demo file are in English; their Vietnamese wording (a translation, nothing added).
NOTES_VI = {
    'rank derived from "down 7 places"': "thứ hạng suy ra từ mức “giảm 7 bậc”",
    "group 4": "nhóm 4",
    "group 1; score not found": "nhóm 1; chưa tìm thấy điểm số",
    "score not found": "chưa tìm thấy điểm số",
    "score not published beyond the top list": "điểm số chỉ được công bố cho nhóm dẫn đầu",
    "listed 10th": "xếp thứ 10",
    "tied with Thanh Hóa": "đồng hạng với Thanh Hóa",
}


class IndexDataError(ValueError):
    """A row of the file that cannot be read; the message is for the person who wrote the file."""


def _error(row_number, column, value, reason):
    return IndexDataError(
        _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(reason)s")
        % {"row": row_number, "column": column, "value": value, "reason": reason}
    )


def _decimal(row_number, column, value, required=False):
    value = (value or "").strip()
    if not value:
        if required:
            raise _error(row_number, column, value, _("a number is required."))
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation as error:
        raise _error(row_number, column, value, _("not a number.")) from error
    if number < 0:
        raise _error(row_number, column, value, _("cannot be negative."))
    return number


def _integer(row_number, column, value, required=False):
    value = (value or "").strip()
    if not value:
        if required:
            raise _error(row_number, column, value, _("a whole number is required."))
        return None
    if not value.isdigit():
        raise _error(row_number, column, value, _("not a whole number."))
    return int(value)


def parse_rows(lines):
    """Rows of a TSV text (an iterable of lines) as dicts ready for ``IndexResult``."""
    reader = csv.DictReader(lines, delimiter="\t")
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise IndexDataError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = []
    for row_number, raw in enumerate(reader, start=2):
        index = (raw["index"] or "").strip()
        if index not in IndexName.values:
            raise _error(row_number, "index", index, _("unknown index."))
        year = _integer(row_number, "year", raw["year"], required=True)
        if not 2000 <= year <= 2100:
            raise _error(row_number, "year", raw["year"], _("the year must be between 2000 and 2100."))
        score = _decimal(row_number, "score", raw["score"])
        max_score = _decimal(row_number, "max_score", raw["max_score"], required=True)
        if score is not None and score > max_score:
            raise _error(
                row_number, "score", raw["score"], _("above the maximum score %(max)s.") % {"max": max_score}
            )
        rank = _integer(row_number, "rank", raw["rank"])
        out_of = _integer(row_number, "out_of", raw["out_of"])
        if rank is not None and (out_of is None or rank > out_of):
            raise _error(
                row_number,
                "rank",
                raw["rank"],
                _("above the number ranked (%(out_of)s).") % {"out_of": out_of},
            )
        if rank == 0:
            raise _error(row_number, "rank", raw["rank"], _("ranks start at 1."))
        subject = (raw["subject"] or "").strip()
        if not subject:
            raise _error(row_number, "subject", subject, _("the assessed body is required."))
        note = (raw["note"] or "").strip()
        rows.append(
            {
                "index": index,
                "year": year,
                "scope": IndexScope.PROVINCE if subject.lower().startswith("tỉnh") else IndexScope.DEPARTMENT,
                "subject": subject,
                "score": score,
                "max_score": max_score,
                "unit": (raw["unit"] or "").strip(),
                "rank": rank,
                "out_of": out_of,
                "note": NOTES_VI.get(note, note),
                "source_url": (raw["source"] or "").strip(),
            }
        )
    return rows


def read_file(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return parse_rows(handle)
