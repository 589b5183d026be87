"""Periods: the list of years, one year's timeline and dates, and "start next period"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake import clock
from intake.goals import service as goals
from intake.goals.forms import DatesForm, PeriodForm, event_field_name, event_slots
from intake.goals.models import FocusArea, Period
from intake.rounds import service as rounds
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.forms import ButtonForm
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role


@bp.record_once
def _links(state) -> None:
    from intake.staff.nav import add_link

    add_link(state.app, "staff.index", _l("Mål"), 40, "/staff/maal")


def period_or_404(year: int) -> Period:
    period = goals.period_for_year(year)
    if period is None:
        abort(404)
    return period


@bp.route("/maal/", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def index():
    form = PeriodForm()
    if form.validate_on_submit():
        if goals.period_for_year(form.year.data) is not None:
            form.year.errors.append(_("Perioden findes allerede."))
        else:
            period = goals.get_or_create_period(form.year.data)
            record("period.create", f"period:{period.year}")
            return redirect(url_for(".period", year=period.year), 303)
    periods = goals.all_periods()
    today = clock.local_now().date()
    upcoming = {
        p.id: next((e for e in goals.timeline(p, today) if e.is_next), None) for p in periods
    }
    return render_template("staff/goals/index.html", periods=periods, form=form, upcoming=upcoming)


@bp.get("/maal/perioder/<int:year>")
@requires_role(Role.GOALS)
def period(year: int):
    period = period_or_404(year)
    today = clock.local_now().date()
    by_area = {area: goals.goals_of(period, area) for area in FocusArea}
    return render_template(
        "staff/goals/period.html", period=period, timeline=goals.timeline(period, today),
        by_area=by_area, rounds=rounds.rounds_of(period), button=ButtonForm(),
        next_period=goals.period_for_year(period.year + 1),
    )


@bp.route("/maal/perioder/<int:year>/datoer", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def dates(year: int):
    period = period_or_404(year)
    form = DatesForm()
    slots = event_slots()
    if form.validate_on_submit():
        for kind, focus in slots:
            name = event_field_name(kind, focus)
            goals.set_event(
                period, kind, focus, form[name].data, (form[name + "__place"].data or "").strip()
            )
        record("period.dates", f"period:{period.year}")
        flash(_("Datoerne er gemt."))
        return redirect(url_for(".period", year=year), 303)
    offered = set(slots)
    if not form.is_submitted():
        for event in period.events:
            if (event.kind, event.focus_area) not in offered:
                continue
            name = event_field_name(event.kind, event.focus_area)
            form[name].data = event.on_date
            form[name + "__place"].data = event.place
    fields = [
        (form[event_field_name(k, f)], form[event_field_name(k, f) + "__place"]) for k, f in slots
    ]
    # Meeting dates recorded before meetings had their own pages: shown, kept, not edited here.
    old_meetings = [e for e in period.events if e.kind in goals.MEETING_STEPS]
    return render_template("staff/goals/dates.html", period=period, form=form, fields=fields,
                           old_meetings=old_meetings)


@bp.post("/maal/perioder/<int:year>/naeste")
@requires_role(Role.GOALS)
def start_next(year: int):
    period = period_or_404(year)
    if not ButtonForm().validate_on_submit():
        abort(400)
    preview = dry_run(lambda: goals.carry_forward(period), lambda result: result[1])
    preview.lines = [
        _(
            "%(n)s åbne mål fra %(year)s føres videre til %(next)s med deres målejere og historik. "
            "Nåede og opgivne mål bliver i %(year)s.",
            n=preview.result,
            year=period.year,
            next=period.year + 1,
        )
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Start perioden %(next)s", next=period.year + 1), preview=preview, danger=False,
            action=url_for(".start_next", year=period.year), changed=is_confirmed(),
            button=_("Ja, før målene videre"), back=url_for(".period", year=period.year))
    following, count = goals.carry_forward(period)
    record("period.carry_forward", f"period:{period.year}", {"to": following.year, "goals": count})
    flash(_("%(n)s åbne mål er ført videre til %(year)s.", n=count, year=following.year))
    return redirect(url_for(".period", year=following.year), 303)
