"""Staff actions on sign-ups. Each: load, check, validate, call one service, audit, redirect
(303) with a Danish message; the request boundary commits once and wakes the mail worker
(intake/transactions.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.extensions import db
from intake.files import service as files
from intake.formdefs.registry import current_registry
from intake.signups import availability, buckets, capacity, changes, refusals
from intake.signups import service as signups
from intake.staff import audit, bp
from intake.staff.forms import ButtonForm, CapacityForm, PromoteForm
from intake.staff.lookups import booking_of, definition_or_404, signup_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role
from intake.staff.signup_views import cap_prefix, move_form, render_form_overview, render_signup

REFUSALS = {
    "not_waiting": _l("Personen står ikke længere på ventelisten."),
    "full": _l(
        "Der er ingen ledig plads. Sæt kryds i «Ryk op, selv om der er fuldt», "
        "eller hæv kapaciteten."
    ),
    "not_active": _l("Tilmeldingen er afmeldt og kan ikke flyttes."),
    "not_allowed": _l("Der kan ikke flyttes dertil."),
}
MOVE_FULL = _l(
    "Der er fuldt, og der er ingen venteliste. Vælg et andet sted, eller hæv kapaciteten."
)


def _done(reference: str):
    return redirect(url_for("staff.signup_detail", reference=reference), 303)


def _labels(definition, bucket_list) -> str:
    return ", ".join(buckets.label(definition, b) for b in bucket_list) or definition.title.da


def _promoted_summary(definition, promoted) -> list[tuple[str, str]]:
    """(reference, where) of each booking a dry run promoted, read before the rollback."""
    return [(b.signup.reference, buckets.label(definition, b.bucket)) for b in promoted or []]


def _promoted_lines(promoted: list[tuple[str, str]]) -> list[str]:
    return [
        _(
            "%(ref)s rykker op fra ventelisten til %(where)s og får en mail om det.",
            ref=ref,
            where=where,
        )
        for ref, where in promoted
    ]


def _promoted_note(promoted) -> None:
    if promoted:
        flash(
            _(
                "%(n)d rykket op fra ventelisten: %(refs)s.",
                n=len(promoted),
                refs=", ".join(b.signup.reference for b in promoted),
            )
        )


@bp.post("/t/<reference>/afmeld")
@requires_role(Role.SIGNUPS)
def cancel_signup(reference: str):
    signup, definition = signup_or_404(reference)
    if not ButtonForm().validate_on_submit() or signup.is_cancelled:
        flash(_("Tilmeldingen er allerede afmeldt."))
        return redirect(url_for("staff.signup_detail", reference=reference), 303)
    where = [b.bucket for b in signup.active_bookings()]
    preview = dry_run(
        lambda: signups.cancel(definition, signup, by_staff=True),
        lambda p: _promoted_summary(definition, p),
    )
    preview.lines = [
        _(
            "Tilmelding %(ref)s (%(where)s) bliver afmeldt, og pladserne gives videre.",
            ref=reference,
            where=_labels(definition, where),
        ),
        *_promoted_lines(preview.result),
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Afmeld tilmelding %(ref)s", ref=reference),
            preview=preview,
            action=url_for("staff.cancel_signup", reference=reference),
            button=_("Ja, afmeld tilmeldingen"),
            changed=is_confirmed(),
            back=url_for("staff.signup_detail", reference=reference),
        )
    promoted = signups.cancel(definition, signup, by_staff=True)
    audit.record(
        "signup.cancel",
        f"signup:{reference}",
        {
            "form": definition.slug,
            "buckets": where,
            "promoted": [b.signup.reference for b in promoted],
        },
    )
    flash(_("Tilmeldingen er afmeldt, og personen får en mail om det."))
    _promoted_note(promoted)
    return _done(reference)


def _change_summary(definition, change) -> dict:
    """A dry run's Change as plain data: ok, reason, where the booking lands, who moves up."""
    landed = change.booking
    return {
        "ok": change.ok,
        "reason": change.reason,
        "where": buckets.label(definition, landed.bucket) if landed is not None else None,
        "waiting": landed is not None and landed.status.value == "waitlisted",
        "promoted": _promoted_summary(definition, change.promoted),
        "flagged": len(change.flagged),
    }


@bp.post("/t/<reference>/b/<int:booking_id>/ryk-op")
@requires_role(Role.SIGNUPS)
def promote_booking(reference: str, booking_id: int):
    signup, definition = signup_or_404(reference)
    booking = booking_of(signup, str(booking_id))
    action = PromoteForm(prefix=f"promote-{booking.id}")
    if not action.validate_on_submit():
        return render_signup(signup, definition, ("promote", booking.id, action), 400)
    over = bool(action.over_capacity.data)
    preview = dry_run(
        lambda: changes.promote(definition, booking, over_capacity=over),
        lambda change: _change_summary(definition, change),
    )
    if not preview.result["ok"]:
        action.over_capacity.errors = [REFUSALS[preview.result["reason"]]]
        return render_signup(signup, definition, ("promote", booking.id, action), 409)
    where = buckets.label(definition, booking.bucket)
    preview.lines = [
        _("%(ref)s får en plads på %(where)s og får en mail om det.", ref=reference, where=where)
    ]
    if preview.result["flagged"]:
        preview.lines.append(_("Der er fuldt: pladsen markeres som over kapacitet."))
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Ryk %(ref)s op fra ventelisten", ref=reference),
            preview=preview,
            danger=False,
            action=url_for("staff.promote_booking", reference=reference, booking_id=booking.id),
            fields={action.over_capacity.name: "y"} if over else {},
            button=_("Ja, ryk op"),
            changed=is_confirmed(),
            back=url_for("staff.signup_detail", reference=reference),
        )
    result = changes.promote(definition, booking, over_capacity=over)
    if not result.ok:
        db.session.rollback()
        action.over_capacity.errors = [REFUSALS[result.reason]]
        return render_signup(signup, definition, ("promote", booking.id, action), 409)
    audit.record(
        "signup.promote",
        f"signup:{reference}",
        {
            "form": definition.slug,
            "bucket": booking.bucket,
            "over_capacity": bool(result.flagged and booking in result.flagged),
        },
    )
    flash(_("Personen er rykket op fra ventelisten og får en mail om det."))
    return _done(reference)


@bp.post("/t/<reference>/b/<int:booking_id>/flyt")
@requires_role(Role.SIGNUPS)
def move_booking(reference: str, booking_id: int):
    signup, definition = signup_or_404(reference)
    booking = booking_of(signup, str(booking_id))
    action = move_form(definition, booking)
    if not action.validate_on_submit():
        return render_signup(signup, definition, ("move", booking.id, action), 400)
    old, target = booking.bucket, action.target.data
    preview = dry_run(
        lambda: changes.move(definition, signup, booking, target),
        lambda change: _change_summary(definition, change),
    )
    if not preview.result["ok"]:
        reason = preview.result["reason"]
        action.target.errors = [MOVE_FULL if reason == "full" else REFUSALS[reason]]
        return render_signup(signup, definition, ("move", booking.id, action), 409)
    moved = {
        "ref": reference,
        "old": buckets.label(definition, old),
        "where": preview.result["where"],
    }
    preview.lines = [
        _("%(ref)s flyttes fra %(old)s til ventelisten for %(where)s.", **moved)
        if preview.result["waiting"]
        else _("%(ref)s flyttes fra %(old)s til %(where)s.", **moved),
        *_promoted_lines(preview.result["promoted"]),
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Flyt %(ref)s", ref=reference),
            preview=preview,
            danger=False,
            action=url_for("staff.move_booking", reference=reference, booking_id=booking.id),
            fields={action.target.name: target},
            button=_("Ja, flyt"),
            changed=is_confirmed(),
            back=url_for("staff.signup_detail", reference=reference),
        )
    result = changes.move(definition, signup, booking, target)
    if not result.ok:
        db.session.rollback()
        action.target.errors = [MOVE_FULL if result.reason == "full" else REFUSALS[result.reason]]
        return render_signup(signup, definition, ("move", booking.id, action), 409)
    audit.record(
        "signup.move",
        f"signup:{reference}",
        {
            "form": definition.slug,
            "from": old,
            "to": result.booking.bucket,
            "status": result.booking.status.value,
            "promoted": [b.signup.reference for b in result.promoted],
        },
    )
    where = buckets.label(definition, result.booking.bucket)
    if result.booking.status.value == "waitlisted":
        flash(
            _(
                "Personen er flyttet til ventelisten for %(where)s og får en mail om det.",
                where=where,
            )
        )
    else:
        flash(_("Personen er flyttet til %(where)s og får en mail om det.", where=where))
    _promoted_note(result.promoted)
    return _done(reference)


@bp.post("/f/<slug>/kapacitet/<path:bucket>")
@requires_role(Role.SIGNUPS)
def change_capacity(slug: str, bucket: str):
    definition = definition_or_404(slug)
    if definition.capacity is None or bucket not in availability.known(definition):
        return render_form_overview(definition, status=404)
    action = CapacityForm(prefix=cap_prefix(bucket))
    if not action.validate_on_submit():
        return render_form_overview(definition, (bucket, action), 400)
    seats, old = action.seats.data, capacity.limit_for(definition, bucket)
    preview = dry_run(
        lambda: changes.set_capacity(definition, bucket, seats),
        lambda change: (
            _change_summary(definition, change) | {"new": capacity.limit_for(definition, bucket)}
        ),
    )
    where, new = buckets.label(definition, bucket), preview.result["new"]
    unlimited = _("ubegrænset")
    preview.lines = [
        _(
            "Kapaciteten for %(where)s ændres fra %(old)s til %(new)s.",
            where=where,
            old=old if old is not None else unlimited,
            new=new if new is not None else unlimited,
        ),
        *_promoted_lines(preview.result["promoted"]),
    ]
    if preview.result["flagged"]:
        preview.lines.append(
            _(
                "%(n)d tilmeldinger kommer over kapaciteten. "
                "Ingen afmeldes; de markeres på listen.",
                n=preview.result["flagged"],
            )
        )
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Ret kapaciteten for %(where)s", where=where),
            preview=preview,
            danger=False,
            action=url_for("staff.change_capacity", slug=slug, bucket=bucket),
            fields={action.seats.name: "" if seats is None else str(seats)},
            button=_("Ja, ret kapaciteten"),
            changed=is_confirmed(),
            back=url_for("staff.form_overview", slug=slug),
        )
    result = changes.set_capacity(definition, bucket, seats)
    new = capacity.limit_for(definition, bucket)
    audit.record(
        "capacity.change",
        f"bucket:{slug}:{bucket}",
        {"form": definition.slug, "bucket": bucket, "from": old, "to": new},
    )
    flash(
        _(
            "Kapaciteten for %(where)s er nu %(seats)s.",
            where=where,
            seats=new if new is not None else unlimited,
        )
    )
    _promoted_note(result.promoted)
    if result.flagged:
        flash(
            _(
                "%(n)d tilmeldinger er over kapaciteten. "
                "Ingen er afmeldt; de er markeret på listen.",
                n=len(result.flagged),
            )
        )
    return redirect(url_for("staff.form_overview", slug=slug), 303)


@bp.route("/f/<slug>/ny", methods=["GET", "POST"])
@requires_role(Role.SIGNUPS)
def add_signup(slug: str):
    """Someone phoned in: staff fill in the public form for them (same rules, same mails)."""
    definition = definition_or_404(slug)
    form = current_registry().form_class(definition)()
    if form.validate_on_submit():
        outcome = signups.submit(
            definition, form.answers(), form.submission_key.data, source="staff"
        )
        if outcome.signup is not None:
            files.attach(definition, outcome.signup, form)
            if outcome.status == "created":
                audit.record(
                    "signup.create", f"signup:{outcome.signup.reference}", {"source": "staff"}
                )
                flash(_("Tilmeldingen er oprettet, og personen får en bekræftelse på mail."))
            return _done(outcome.signup.reference)
        db.session.rollback()
        refusals.explain(definition, form, outcome)
    return render_template(
        "staff/add.html", definition=definition, form=form,
        seats=availability.seats_left(definition, form.occasions),
    )
