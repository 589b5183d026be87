"""Charts drawn on the server as SVG: no JavaScript, the same markup in a page, a PDF
(WeasyPrint draws inline SVG) and, rasterised, in a DOCX.

Each chart comes with its text alternative and the same figures as table rows, so nothing is
only in the picture. Every bar has its status written beside it and its count after it, so
colour is never the only carrier (WCAG 2.1 1.4.1); each fill has at least 4.5:1 against
white and a dark outline (1.4.11 asks 3:1 for graphics).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from intake.goals.models import GoalStatus
from intake.rounds.figures import STATUSES, RoundFigures, status_label

# Fill per status (None: not answered); each at least 4.5:1 against white.
COLOURS: dict[GoalStatus | None, str] = {
    GoalStatus.IKKE_STARTET: "#595959",
    GoalStatus.I_GANG: "#1F6FB2",
    GoalStatus.DELVIST_NAAET: "#0B6E69",
    GoalStatus.NAAET: "#2E7D32",
    GoalStatus.UDSKUDT: "#9A5B00",
    GoalStatus.OPGIVET: "#B3261E",
    None: "#6B4FA0",
}
OUTLINE = "#1A1A1A"
FONT = "IBM Plex Sans, Arial, sans-serif"

# Geometry in SVG user units (CSS pixels at 100 %).
WIDTH = 640
LABEL_RIGHT = 176  # status labels end here, right-aligned
BAR_LEFT = 184
BAR_SPACE = 400  # the longest bar; its count is written after it
ROW = 19
BAR = 13
HEADING = 27
PAD = 8

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,40}")


@dataclass(frozen=True)
class Chart:
    """`svg`: escaped markup (role="img", labelled by its <title> and <desc>); `text`: the
    text alternative, one sentence per group; `header` and `rows`: the data table (first
    cell the group's name, then one count per status, then the total)."""

    svg: Markup
    title: str
    text: str
    header: tuple[str, ...]
    rows: list[tuple]


def round_chart(result: RoundFigures, chart_id: str = "statusdiagram") -> Chart:
    """Status counts per focus area of a round (intake.rounds.figures)."""
    groups = [(area.area.label, area.counts) for area in result.areas]
    return status_chart(groups, title=_("Målenes status pr. fokusområde"), chart_id=chart_id)


def status_chart(
    groups: Sequence[tuple[str, Mapping[GoalStatus | None, int]]],
    *,
    title: str,
    chart_id: str = "statusdiagram",
) -> Chart:
    """A horizontal bar per status within each group (a focus area). `chart_id` is a plain
    identifier (letters, digits, - and _); raises ValueError otherwise, because it lands in
    id and aria-labelledby attributes."""
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"not a chart id: {chart_id!r}")
    counts = [[int(g.get(s, 0)) for s in STATUSES] for _name, g in groups]
    text = alternative(title, [name for name, _g in groups], counts)
    header = (_("Fokusområde"), *(status_label(s) for s in STATUSES), _("I alt"))
    rows = [(name, *row, sum(row)) for (name, _g), row in zip(groups, counts, strict=True)]
    if len(rows) > 1:
        totals = [sum(column) for column in zip(*counts, strict=True)]
        rows.append((_("I alt"), *totals, sum(totals)))
    return Chart(_svg(chart_id, title, text, groups, counts), title, text, header, rows)


def alternative(title: str, names: list[str], counts: list[list[int]]) -> str:
    """'Title. Area: 2 i gang, 1 ikke besvaret. Other area: ingen mål.'"""
    sentences = [title.rstrip(".") + "."]
    none = _("ingen mål")
    for name, row in zip(names, counts, strict=True):
        parts = [
            f"{n} {status_label(s).lower()}" for s, n in zip(STATUSES, row, strict=True) if n
        ]
        sentences.append(f"{name}: {', '.join(parts) if parts else none}.")
    return " ".join(sentences)


def _svg(chart_id, title, text, groups, counts) -> Markup:
    longest = max((n for row in counts for n in row), default=0) or 1
    height = PAD + len(groups) * (HEADING + len(STATUSES) * ROW) + PAD
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" '
        'font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(text)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
    ]
    y = PAD
    for (name, _g), row in zip(groups, counts, strict=True):
        out.append(f'<g class="chart-group" data-group="{escape(name)}">')
        out.append(
            f'<text class="chart-group-label" x="0" y="{y + 19}" font-weight="bold" '
            f'font-size="14" fill="{OUTLINE}">{escape(name)}</text>'
        )
        y += HEADING
        for status, count in zip(STATUSES, row, strict=True):
            out.append(_bar(status, count, longest, y))
            y += ROW
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704  (every text and attribute above is escaped)


def _bar(status: GoalStatus | None, count: int, longest: int, y: int) -> str:
    code = status.value if status else "ikke_besvaret"
    width = round(BAR_SPACE * count / longest, 1)
    middle = y + BAR / 2 + 4.5  # a baseline that centres 13 px type on the bar
    bar = (
        f'<rect class="chart-bar" x="{BAR_LEFT}" y="{y}" width="{width}" height="{BAR}" '
        f'fill="{COLOURS[status]}" stroke="{OUTLINE}" stroke-width="1"/>'
        if count else ""
    )
    return (
        f'<g class="chart-row" data-status="{code}" data-count="{count}">'
        f'<text class="chart-label" x="{LABEL_RIGHT}" y="{middle}" text-anchor="end" '
        f'fill="{OUTLINE}">{escape(status_label(status))}</text>{bar}'
        f'<text class="chart-count" x="{BAR_LEFT + width + 6}" y="{middle}" '
        f'fill="{OUTLINE}">{count}</text></g>'
    )
