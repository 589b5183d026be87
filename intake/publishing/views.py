"""The public policy pages on the `public` blueprint (contract C5): `/erhvervspolitik` (the
newest year with something published), `/erhvervspolitik/<year>`, `/erhvervspolitik/arkiv`
and `/erhvervspolitik/skaerm` (skærmvisning for the Nytårskur's big screen: CSS only, no
script). Nothing here writes."""

from __future__ import annotations

from flask import abort, render_template

from intake.goals.models import FocusArea
from intake.public import bp

from .public import archive, public_view


def inspiration_sheets() -> dict[FocusArea, list[tuple[object, str]]]:
    """Each area's published inspiration sheets, newest first, with their public download
    URL (contract C6: intake.inspiration.service)."""
    from intake.inspiration import service as inspiration

    return {
        area: [(sheet, inspiration.public_url(sheet)) for sheet in inspiration.published(area)]
        for area in FocusArea
    }


def _page(view, *, is_current: bool):
    return render_template(
        "policy/page.html", view=view, chart=view.chart() if view else None,
        sheets=inspiration_sheets(), is_current=is_current,
    )


@bp.get("/erhvervspolitik")
def policy():
    """The newest published year; a friendly page (200) when nothing is published yet."""
    return _page(public_view(), is_current=True)


@bp.get("/erhvervspolitik/<int:year>")
def policy_year(year: int):
    view = public_view(year)
    if view is None:
        abort(404)
    return _page(view, is_current=False)


@bp.get("/erhvervspolitik/arkiv")
def policy_archive():
    # The newest year is the page itself ("Status nu"); the archive holds the years before.
    entries = archive()
    return render_template("policy/archive.html", current=entries[0] if entries else None,
                           entries=entries[1:])


@bp.get("/erhvervspolitik/skaerm")
def policy_screen():
    return render_template("policy/screen.html", view=public_view())
