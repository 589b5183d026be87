"""Staff actions on sign-ups. Each: load, check, validate, call one service, audit, commit once,
wake the mail worker, redirect (303) with a Danish message."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.outbox.delivery import wake
from intake.public.views import _explain_refusal, _seats
from intake.signups import buckets, capacity, changes
from intake.signups import service as signups
from intake.staff import audit, bp
from intake.staff.auth import staff_required
from intake.staff.forms import ButtonForm, CapacityForm, PromoteForm
from intake.staff.lookups import booking_of, form_or_404, signup_or_404
from intake.staff.signup_views import cap_prefix, move_form, render_form_overview, render_signup

REFUSALS = {
    "not_waiting": _l("Personen står ikke længere på ventelisten."),
    "full": _l("Der er ingen ledig plads. Sæt kryds i «Ryk op, selv om der er fuldt», eller hæv kapaciteten."),
    "not_active": _l("Tilmeldingen er afmeldt og kan ikke flyttes."),
    "not_allowed": _l("Der kan ikke flyttes dertil."),
}
MOVE_FULL = _l("Der er fuldt, og der er ingen venteliste. Vælg et andet sted, eller hæv kapaciteten.")


def _done(reference: str):
    db.session.commit()
    wake()
    return redirect(url_for("staff.signup_detail", reference=reference), 303)


def _promoted_note(promoted) -> None:
    if promoted:
        flash(_("%(n)d rykket op fra ventelisten: %(refs)s.", n=len(promoted),
                refs=", ".join(b.signup.reference for b in promoted)))


@bp.post("/t/<reference>/afmeld")
@staff_required
def cancel_signup(reference: str):
    signup, form = signup_or_404(reference)
    if not ButtonForm().validate_on_submit() or signup.is_cancelled:
        flash(_("Tilmeldingen er allerede afmeldt."))
        return redirect(url_for("staff.signup_detail", reference=reference), 303)
    promoted = signups.cancel(form, signup)
    audit.record("signup.cancel", f"signup:{reference}",
                 {"promoted": [b.signup.reference for b in promoted]})
    flash(_("Tilmeldingen er afmeldt, og personen får en mail om det."))
    _promoted_note(promoted)
    return _done(reference)


@bp.post("/t/<reference>/b/<int:booking_id>/ryk-op")
@staff_required
def promote_booking(reference: str, booking_id: int):
    signup, form = signup_or_404(reference)
    booking = booking_of(signup, str(booking_id))
    action = PromoteForm(prefix=f"promote-{booking.id}")
    if not action.validate_on_submit():
        return render_signup(signup, form, ("promote", booking.id, action), 400)
    result = changes.promote(form, booking, over_capacity=action.over_capacity.data)
    if not result.ok:
        db.session.rollback()
        action.over_capacity.errors = [REFUSALS[result.reason]]
        return render_signup(signup, form, ("promote", booking.id, action), 409)
    audit.record("signup.promote", f"signup:{reference}",
                 {"bucket": booking.bucket, "over_capacity": bool(result.flagged and booking in result.flagged)})
    flash(_("Personen er rykket op fra ventelisten og får en mail om det."))
    return _done(reference)


@bp.post("/t/<reference>/b/<int:booking_id>/flyt")
@staff_required
def move_booking(reference: str, booking_id: int):
    signup, form = signup_or_404(reference)
    booking = booking_of(signup, str(booking_id))
    action = move_form(form, booking)
    if not action.validate_on_submit():
        return render_signup(signup, form, ("move", booking.id, action), 400)
    old = booking.bucket
    result = changes.move(form, signup, booking, action.target.data)
    if not result.ok:
        db.session.rollback()
        action.target.errors = [MOVE_FULL if result.reason == "full" else REFUSALS[result.reason]]
        return render_signup(signup, form, ("move", booking.id, action), 409)
    audit.record("signup.move", f"signup:{reference}",
                 {"from": old, "to": result.booking.bucket, "status": result.booking.status.value,
                  "promoted": [b.signup.reference for b in result.promoted]})
    where = buckets.label(form, result.booking.bucket)
    if result.booking.status.value == "waitlisted":
        flash(_("Personen er flyttet til ventelisten for %(where)s og får en mail om det.", where=where))
    else:
        flash(_("Personen er flyttet til %(where)s og får en mail om det.", where=where))
    _promoted_note(result.promoted)
    return _done(reference)


@bp.post("/f/<slug>/kapacitet/<path:bucket>")
@staff_required
def change_capacity(slug: str, bucket: str):
    form = form_or_404(slug)
    if form.capacity is None or bucket not in buckets.known(form):
        return render_form_overview(form, status=404)
    action = CapacityForm(prefix=cap_prefix(bucket))
    if not action.validate_on_submit():
        return render_form_overview(form, (bucket, action), 400)
    old = capacity.limit_for(form, bucket)
    result = changes.set_capacity(form, bucket, action.seats.data)
    new = capacity.limit_for(form, bucket)
    audit.record("capacity.change", f"bucket:{slug}:{bucket}", {"from": old, "to": new})
    flash(_("Kapaciteten for %(where)s er nu %(seats)s.", where=buckets.label(form, bucket),
            seats=new if new is not None else _("ubegrænset")))
    _promoted_note(result.promoted)
    if result.flagged:
        flash(_("%(n)d tilmeldinger er over kapaciteten. Ingen er afmeldt; de er markeret på listen.",
                n=len(result.flagged)))
    db.session.commit()
    wake()
    return redirect(url_for("staff.form_overview", slug=slug), 303)


@bp.route("/f/<slug>/ny", methods=["GET", "POST"])
@staff_required
def add_signup(slug: str):
    """Someone phoned in: staff fill in the public form for them (same rules, same mails)."""
    definition = form_or_404(slug)
    form = current_registry().form_class(definition)()
    if form.validate_on_submit():
        outcome = signups.submit(definition, form.answers(), form.submission_key.data, source="staff")
        if outcome.signup is not None:
            if outcome.status == "created":
                audit.record("signup.create", f"signup:{outcome.signup.reference}", {"source": "staff"})
                flash(_("Tilmeldingen er oprettet, og personen får en bekræftelse på mail."))
            return _done(outcome.signup.reference)
        db.session.rollback()
        _explain_refusal(definition, form, outcome)
    return render_template("staff/add.html", definition=definition, form=form,
                           seats=_seats(definition, form))
