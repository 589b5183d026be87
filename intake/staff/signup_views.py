"""Staff pages that read sign-ups: a form's overview, its list, one sign-up, the seat map."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from intake.extensions import db
from intake.formdefs.display import readable
from intake.formdefs.versions import given_under
from intake.outbox.models import OutboxMessage
from intake.signups import availability, buckets
from intake.staff import (  # consent_views: the consent part and its route
    bp,
    consent_views,
    listing,
    overview,
    seatmap,
)
from intake.staff.forms import ButtonForm, CapacityForm, MoveForm, PromoteForm, SearchForm
from intake.staff.lookups import definition_or_404, signup_or_404
from intake.staff.models import AuditEntry
from intake.staff.roles import Role, requires_role

ALL = _l("Alle")
STATUS_LABELS = {
    "": ALL, "confirmed": _l("Bekræftet"), "waitlisted": _l("Venteliste"),
    "pending": _l("Afventer godkendelse"), "cancelled": _l("Afmeldt"),
    "over": _l("Over kapacitet"),
}
SORT_LABELS = {
    "newest": _l("Nyeste først"), "oldest": _l("Ældste først"),
    "reference": _l("Referencenummer"),
}


def capacity_forms(definition, rows, failed: tuple[str, CapacityForm] | None = None
                   ) -> dict[str, CapacityForm]:
    """One small form per bucket; the one that failed keeps its typed value and errors."""
    result = {}
    for row in rows:
        if failed is not None and failed[0] == row.bucket:
            result[row.bucket] = failed[1]
        else:
            result[row.bucket] = CapacityForm(formdata=None, seats=row.override,
                                              prefix=cap_prefix(row.bucket))
    return result


def cap_prefix(bucket: str) -> str:
    """A prefix that is a valid, unique HTML id part for each stored bucket (it has a colon)."""
    return "cap-" + bucket.replace(":", "-")


def render_form_overview(
    definition, failed: tuple[str, CapacityForm] | None = None, status: int = 200
):
    rows = overview.bucket_rows(definition)
    return render_template(
        "staff/form.html",
        definition=definition,
        summary=overview.form_summary(definition),
        rows=rows,
        capacity_forms=capacity_forms(definition, rows, failed),
        has_seatmap=seatmap.applies(definition),
        can_change_capacity=definition.capacity is not None,
    ), status


@bp.get("/f/<slug>/")
@requires_role(Role.SIGNUPS)
def form_overview(slug: str):
    return render_form_overview(definition_or_404(slug))


@bp.get("/f/<slug>/tilmeldinger")
@requires_role(Role.SIGNUPS)
def signup_list(slug: str):
    definition = definition_or_404(slug)
    search = SearchForm(request.args)
    search.status.choices = [SelectChoice(k, v) for k, v in STATUS_LABELS.items()]
    search.bucket.choices = [SelectChoice("", ALL)] + [
        SelectChoice(b, buckets.label(definition, b)) for b in availability.known(definition)]
    search.sort.choices = [SelectChoice(k, v) for k, v in SORT_LABELS.items()]
    if not search.validate():
        return render_template(
            "staff/signups.html", definition=definition, search=search, page=None
        ), 400
    query = listing.Query(q=search.q.data or "", status=search.status.data or "",
                          bucket=search.bucket.data or "", sort=search.sort.data or "newest",
                          after=request.args.get("efter", ""))
    result = listing.page(definition, query)
    return render_template(
        "staff/signups.html",
        definition=definition,
        search=search,
        page=result,
        query=query,
        names=listing.name_fields(definition),
        label=lambda b: buckets.label(definition, b),
    )


@bp.get("/t/<reference>")
@requires_role(Role.SIGNUPS)
def signup_detail(reference: str):
    signup, definition = signup_or_404(reference)
    return render_signup(signup, definition)


def render_signup(signup, definition, failed=None, status: int = 200):
    """The detail page; `failed` = ("move" or "promote", booking id, form) that did not validate."""
    mails = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.signup_id == signup.id)
        .order_by(OutboxMessage.id)
    ).all()
    history = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.target == f"signup:{signup.reference}")
        .order_by(AuditEntry.id)
    ).all()
    move_forms, promote_forms = {}, {}
    for booking in signup.active_bookings():
        move = move_form(definition, booking, formdata=None)
        if move.target.choices[1:]:
            move_forms[booking.id] = move
        if booking.status.value == "waitlisted":
            promote_forms[booking.id] = PromoteForm(formdata=None, prefix=f"promote-{booking.id}")
    if failed is not None:
        kind, booking_id, failed_form = failed
        (move_forms if kind == "move" else promote_forms)[booking_id] = failed_form
    return render_template(
        "staff/signup.html",
        definition=definition,
        signup=signup,
        answers=readable(
            given_under(signup.form_slug, signup.form_version, definition=definition),
            signup.answers,
        ),
        mails=mails,
        history=history,
        answer_changes=answer_history(signup, definition),
        label=lambda b: buckets.label(definition, b),
        move_forms=move_forms,
        promote_forms=promote_forms,
        cancel_form=ButtonForm(),
        **consent_views.news_context(signup),
    ), status


def answer_history(signup, definition):
    """Each earlier version of the answers and what replaced it (intake/signups/history.py)."""
    from intake.signups import edits, history

    return history.changes(signup, edits.versions(signup), definition)


def move_form(definition, booking, **kwargs) -> MoveForm:
    move = MoveForm(prefix=f"move-{booking.id}", **kwargs)
    move.target.choices = [SelectChoice("", _l("Vælg …"))] + [
        SelectChoice(t, buckets.label(definition, t))
        for t in buckets.move_targets(definition, booking)
    ]
    return move


@bp.get("/f/<slug>/grupper")
@requires_role(Role.SIGNUPS)
def seat_map(slug: str):
    definition = definition_or_404(slug)
    if not seatmap.applies(definition):
        abort(404)
    return render_template(
        "staff/seatmap.html",
        definition=definition,
        groups=seatmap.groups(definition),
        sectors=seatmap.sectors(definition),
    )
