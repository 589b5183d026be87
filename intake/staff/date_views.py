"""Staff cancel one date of a sign-up with several (the Friday form) and keep the others.

The same use case as the person's own cancel link (changes.cancel_dates), shown first as a
confirmation (intake/staff/preview.py): which mail the person gets, who moves up.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from intake.signups import buckets, changes
from intake.staff import audit, bp
from intake.staff.forms import ButtonForm
from intake.staff.lookups import booking_of, signup_or_404
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role


def _promoted(definition, change) -> list[tuple[str, str]]:
    return [(b.signup.reference, buckets.label(definition, b.bucket)) for b in change.promoted]


@bp.post("/t/<reference>/b/<int:booking_id>/afmeld")
@requires_role(Role.SIGNUPS)
def cancel_date(reference: str, booking_id: int):
    signup, definition = signup_or_404(reference)
    booking = booking_of(signup, str(booking_id))
    back = url_for("staff.signup_detail", reference=reference)
    if not ButtonForm().validate_on_submit():
        flash(_("Siden var udløbet. Prøv igen."))
        return redirect(back, 303)
    key = booking.occasion_key
    active = signup.active_bookings()
    if signup.is_cancelled or booking not in active or not key or len(active) < 2:
        flash(
            _(
                "Datoen kan ikke afmeldes for sig: den er allerede afmeldt, eller den er "
                "tilmeldingens eneste. Brug «Afmeld hele tilmeldingen»."
            )
        )
        return redirect(back, 303)
    where = buckets.label(definition, booking.bucket)
    preview = dry_run(
        lambda: changes.cancel_dates(definition, signup, [key], by_staff=True),
        lambda change: _promoted(definition, change),
    )
    preview.lines = [
        _(
            "Tilmelding %(ref)s bliver afmeldt %(where)s; de andre datoer står fast.",
            ref=reference,
            where=where,
        )
    ] + [
        _(
            "%(ref)s rykker op fra ventelisten til %(where)s og får en mail om det.",
            ref=ref,
            where=to,
        )
        for ref, to in preview.result
    ]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Afmeld én dato af %(ref)s", ref=reference),
            preview=preview,
            action=url_for("staff.cancel_date", reference=reference, booking_id=booking_id),
            button=_("Ja, afmeld datoen"),
            changed=is_confirmed(),
            back=back,
        )
    result = changes.cancel_dates(definition, signup, [key], by_staff=True)
    audit.record(
        "signup.cancel_date",
        f"signup:{reference}",
        {
            "form": definition.slug,
            "bucket": booking.bucket,
            "promoted": [b.signup.reference for b in result.promoted],
        },
    )
    flash(_("%(where)s er afmeldt, og personen får en mail om det.", where=where))
    if result.promoted:
        flash(
            _(
                "%(n)d rykket op fra ventelisten: %(refs)s.",
                n=len(result.promoted),
                refs=", ".join(b.signup.reference for b in result.promoted),
            )
        )
    return redirect(back, 303)
