"""Server-side SVG charts of index results: no script, no CDN, readable by screen readers.

Each chart is a bar per year (score as a share of the maximum) with the rank under the year;
the page puts the same figures in a data table beside it.
"""

from django.utils.formats import number_format
from django.utils.html import format_html as _format_html
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 560
HEIGHT = 280
MARGIN_LEFT = 56
MARGIN_RIGHT = 16
MARGIN_TOP = 28
MARGIN_BOTTOM = 64
GRID_STEPS = 4
BAR_COLOUR = "#0b4a8f"
TEXT_COLOUR = "#1b1b1b"
GRID_COLOUR = "#c9d2dd"


def format_html(template, *args):
    """format_html with floats rounded to one decimal (coordinates)."""
    return _format_html(template, *(f"{arg:.1f}" if isinstance(arg, float) else arg for arg in args))


def _number(value):
    if value is None:
        return "—"
    text = number_format(value, decimal_pos=3, use_l10n=True)
    # Trim trailing zeros after the decimal separator (86,020 → 86,02; 100,000 → 100).
    for separator in (",", "."):
        if separator in text and text.rsplit(separator, 1)[1].isdigit():
            head, tail = text.rsplit(separator, 1)
            tail = tail.rstrip("0")
            return f"{head}{separator}{tail}" if tail else head
    return text


def describe(row):
    """One year's result as a sentence fragment, for the chart's text description."""
    parts = [str(row.year)]
    if row.score is not None:
        parts.append(
            _("score %(score)s of %(max)s") % {"score": _number(row.score), "max": _number(row.max_score)}
        )
    else:
        parts.append(_("score not published"))
    if row.rank is not None:
        parts.append(_("rank %(rank)s of %(out_of)s") % {"rank": row.rank, "out_of": row.out_of})
    return ", ".join(parts)


def index_chart(name, rows, scope_label=""):
    """The SVG markup of one index's results over the years (rows in year order)."""
    rows = list(rows)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base_y = MARGIN_TOP + plot_height
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{scope_label}-{name}".lower())
    title_id = f"chart-{slug}-title"
    desc_id = f"chart-{slug}-desc"
    title = _("%(index)s by year") % {"index": name}
    if scope_label:
        title = f"{title} ({scope_label})"
    description = "; ".join(describe(row) for row in rows) or _("No results published yet.")

    max_score = max((float(r.max_score) for r in rows if r.max_score is not None), default=1.0) or 1.0
    grid = []
    for step in range(GRID_STEPS + 1):
        value = max_score * step / GRID_STEPS
        y = base_y - plot_height * step / GRID_STEPS
        grid.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                MARGIN_LEFT,
                y,
                WIDTH - MARGIN_RIGHT,
                y,
                GRID_COLOUR,
                MARGIN_LEFT - 6,
                y + 4,
                TEXT_COLOUR,
                _number(value),
            )
        )

    bars = []
    slot = plot_width / max(len(rows), 1)
    bar_width = min(56.0, slot * 0.6)
    for position, row in enumerate(rows):
        centre = MARGIN_LEFT + slot * position + slot / 2
        x = centre - bar_width / 2
        if row.score is not None and row.max_score:
            ratio = max(0.0, min(1.0, float(row.score) / max_score))
            height = plot_height * ratio
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="700" '
                    'fill="{}">{}</text>',
                    x,
                    base_y - height,
                    bar_width,
                    height,
                    BAR_COLOUR,
                    centre,
                    base_y - height - 6,
                    TEXT_COLOUR,
                    _number(row.score),
                )
            )
        else:
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" '
                    'stroke-dasharray="4 3"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}">—</text>',
                    x,
                    base_y - 24,
                    bar_width,
                    24,
                    BAR_COLOUR,
                    centre,
                    base_y - 30,
                    TEXT_COLOUR,
                )
            )
        rank = (
            _("rank %(rank)s/%(out_of)s") % {"rank": row.rank, "out_of": row.out_of}
            if row.rank is not None
            else ""
        )
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="700" '
                'fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                centre,
                base_y + 20,
                TEXT_COLOUR,
                row.year,
                centre,
                base_y + 40,
                TEXT_COLOUR,
                rank,
            )
        )

    return format_html(
        '<svg class="index-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{} {}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>'
        "{}{}"
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
        "</svg>",
        WIDTH,
        HEIGHT,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        description,
        mark_safe("".join(grid)),  # noqa: S308 - built with format_html above
        format_html_join("", "{}", ((bar,) for bar in bars)),
        MARGIN_LEFT,
        base_y,
        WIDTH - MARGIN_RIGHT,
        base_y,
        TEXT_COLOUR,
    )
