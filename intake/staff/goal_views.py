"""Goals and their owners: create, edit, owners, history, and the .xlsx import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from intake import groups
from intake.extensions import db
from intake.goals import importer
from intake.goals import service as goals
from intake.goals.forms import GoalForm, ImportForm, NewGoalForm, OwnerForm, PickOwnersForm
from intake.goals.models import FocusArea, Goal, GoalStatus, Owner, Sector
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.downloads import XLSX, send_download
from intake.staff.forms import ButtonForm
from intake.staff.period_views import period_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role


def goal_or_404(goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        abort(404)
    return goal


def _data(form: GoalForm) -> goals.GoalData:
    return goals.GoalData(
        focus_area=FocusArea(form.focus_area.data), title=form.title.data,
        description=form.description.data or "", indicator=form.indicator.data or "",
        target=form.target.data or "", deadline=form.deadline.data,
    )


def _member_choices(members: list) -> list[SelectChoice]:
    return [SelectChoice(m.signup_id, m.name) for m in members]


def _preset_area(form: NewGoalForm) -> FocusArea | None:
    """The goal's group: as posted, else from the link (?omraade=, e.g. from a 1. møde)."""
    code = form.focus_area.data if form.is_submitted() else request.args.get("omraade")
    return FocusArea(code) if code in {a.value for a in FocusArea} else None


def _from_meeting():
    """The meeting a goal is entered from (?moede=<id>, a 1. møde), or None."""
    from intake.meetings.models import Meeting

    meeting_id = request.args.get("moede", "")
    return db.session.get(Meeting, int(meeting_id)) if meeting_id.isdigit() else None


def _owners_of_new_goal(form: NewGoalForm, picked: list) -> list[Owner]:
    """The picked members' person records, then the typed owner's; one record per e-mail
    key, so a member who is also typed in is one owner, not two."""
    owners = [groups.person_for(member) for member in picked]
    if form.has_typed_owner:
        owners.append(goals.upsert_owner(
            form.owner_name.data, form.owner_email.data, form.owner_organisation.data or "",
            Sector(form.owner_sector.data)))
    return list(dict.fromkeys(owners))


@bp.route("/maal/perioder/<int:year>/maal/ny", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def new_goal(year: int):
    period = period_or_404(year)
    form = NewGoalForm()
    del form.status
    meeting = _from_meeting()
    area = _preset_area(form)
    if not form.is_submitted() and area is not None:
        form.focus_area.data = area.value
    everyone = groups.all_members()
    shown = [m for m in everyone if area is None or m.area == area]
    form.members.choices = _member_choices(everyone)
    if form.validate_on_submit():
        picked = [m for m in everyone if m.signup_id in set(form.members.data or [])]
        if any(m.area != area for m in picked):
            form.members.errors.append(
                _("Vælg kun medlemmer af gruppen «%(group)s».", group=area.label))
        else:
            goal = goals.create_goal(period, _data(form), _owners_of_new_goal(form, picked))
            record("goal.create", f"goal:{goal.id}", {"owners": [o.id for o in goal.owners]})
            if meeting is not None:
                flash(_("Målet «%(goal)s» er oprettet med %(n)s målejere.",
                        goal=goal.title, n=len(goal.owners)))
                return redirect(url_for(".meeting_page", meeting_id=meeting.id), 303)
            flash(_("Målet er oprettet.") if goal.owners else
                  _("Målet er oprettet. Tilføj nu en eller flere målejere."))
            return redirect(url_for(".goal", goal_id=goal.id), 303)
    by_area = {a: [m for m in shown if m.area == a] for a in FocusArea}
    return render_template("staff/goals/goal_form.html", form=form, period=period, goal=None,
                           members_by_area={a: ms for a, ms in by_area.items() if ms},
                           meeting=meeting)


@bp.route("/maal/maal/<int:goal_id>", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def goal(goal_id: int):
    goal = goal_or_404(goal_id)
    form = GoalForm(obj=None if _posted("save") else goal, prefix="goal")
    if not _posted("save"):
        form.focus_area.data = goal.focus_area.value
        form.status.data = goal.status.value if goal.status else ""
    owner_form = OwnerForm(prefix="owner")
    pick_form = PickOwnersForm(prefix="pick")
    owned = {o.email for o in goal.owners}
    candidates = [m for m in groups.members(goal.focus_area) if m.email not in owned]
    pick_form.members.choices = _member_choices(candidates)
    if _posted("save") and form.validate_on_submit():
        goals.update_goal(goal, _data(form))
        goals.set_status(goal, GoalStatus(form.status.data) if form.status.data else None)
        record("goal.update", f"goal:{goal.id}")
        flash(_("Målet er gemt."))
        return redirect(url_for(".goal", goal_id=goal.id), 303)
    if _posted("add_owner") and owner_form.validate_on_submit():
        owner = goals.upsert_owner(
            owner_form.name.data,
            owner_form.email.data,
            owner_form.organisation.data or "",
            Sector(owner_form.sector.data),
        )
        goals.add_owner(goal, owner)
        record("goal.add_owner", f"goal:{goal.id}", {"owner": owner.id})
        flash(_("Målejeren er tilføjet."))
        return redirect(url_for(".goal", goal_id=goal.id), 303)
    if _posted("pick_owners") and pick_form.validate_on_submit():
        chosen = set(pick_form.members.data)
        for member in (m for m in candidates if m.signup_id in chosen):
            owner = groups.person_for(member)
            if goals.add_owner(goal, owner):
                record("goal.add_owner", f"goal:{goal.id}", {"owner": owner.id})
        flash(_("Målejerne er tilføjet."))
        return redirect(url_for(".goal", goal_id=goal.id), 303)
    return render_template("staff/goals/goal.html", goal=goal, form=form, owner_form=owner_form,
                           pick_form=pick_form, candidates=candidates,
                           history=goals.history(goal), button=ButtonForm())


def _posted(action: str) -> bool:
    return request.method == "POST" and request.form.get("action") == action


@bp.post("/maal/maal/<int:goal_id>/ejere/<int:owner_id>/fjern")
@requires_role(Role.GOALS)
def remove_owner(goal_id: int, owner_id: int):
    goal = goal_or_404(goal_id)
    owner = db.session.get(Owner, owner_id)
    if owner is None or owner not in goal.owners or not ButtonForm().validate_on_submit():
        abort(404)
    preview = dry_run(lambda: goals.remove_owner(goal, owner))
    preview.lines = [
        _(
            "%(owner)s er ikke længere målejer af «%(goal)s» og bliver ikke spurgt om målet i "
            "kommende runder. Svar, personen allerede har givet, bevares.",
            owner=owner.name,
            goal=goal.title,
        )
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Fjern %(owner)s som målejer", owner=owner.name),
            preview=preview,
            action=url_for(".remove_owner", goal_id=goal.id, owner_id=owner.id),
            changed=is_confirmed(),
            button=_("Ja, fjern målejeren"),
            back=url_for(".goal", goal_id=goal.id),
        )
    goals.remove_owner(goal, owner)
    record("goal.remove_owner", f"goal:{goal.id}", {"owner": owner.id})
    flash(_("Målejeren er fjernet fra målet."))
    return redirect(url_for(".goal", goal_id=goal.id), 303)


@bp.post("/maal/maal/<int:goal_id>/slet")
@requires_role(Role.GOALS)
def delete_goal(goal_id: int):
    goal = goal_or_404(goal_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    year = goal.period.year
    preview = dry_run(lambda: goals.delete_goal(goal))
    preview.lines = [
        _(
            "Målet «%(goal)s» (%(year)s) slettes med sine målejere. Det kan ikke fortrydes.",
            goal=goal.title,
            year=year,
        )
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Slet målet «%(goal)s»", goal=goal.title),
            preview=preview,
            changed=is_confirmed(),
            action=url_for(".delete_goal", goal_id=goal.id),
            button=_("Ja, slet målet"),
            back=url_for(".goal", goal_id=goal.id),
        )
    record("goal.delete", f"goal:{goal.id}", {"title": goal.title, "year": year})
    goals.delete_goal(goal)
    flash(_("Målet er slettet."))
    return redirect(url_for(".period", year=year), 303)


@bp.route("/maal/perioder/<int:year>/import", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def import_goals(year: int):
    """All or nothing: a file with any problem imports nothing; goals the period already has
    are never made twice silently: staff see them and choose (skip them or import anyway)."""
    period = period_or_404(year)
    form = ImportForm()
    problems: list[str] = []
    twins: list[importer.GoalRow] = []
    if form.validate_on_submit():
        parsed = importer.read(form.file.data.stream)
        problems = parsed.problems
        twins = [] if problems else importer.already_there(period, parsed.goals)
        if not problems and (not twins or form.duplicates.data in ("skip", "all")):
            skipped = {id(t) for t in twins} if form.duplicates.data == "skip" else set()
            todo = [g for g in parsed.goals if id(g) not in skipped]
            created = importer.apply(period, todo)
            record("goal.import", f"period:{period.year}",
                   {"goals": len(created), "skipped": len(skipped), "digest": parsed.digest})
            flash(_("%(n)s mål er importeret.", n=len(created)) if not skipped else
                  _("%(n)s mål er importeret. %(skipped)s mål fandtes allerede og er sprunget "
                    "over.", n=len(created), skipped=len(skipped)))
            return redirect(url_for(".period", year=year), 303)
    if twins:
        form.duplicates.data = None  # a choice is made on this page, not carried over
    return render_template("staff/goals/import.html", period=period, form=form, problems=problems,
                           twins=twins)


@bp.get("/maal/import/skabelon.xlsx")
@requires_role(Role.GOALS)
def import_template():
    data = importer.template_bytes()
    return send_download(data, "maal-skabelon.xlsx", XLSX)
