"""Staff withdraw a person's news consents on request (issue 14 §4), from the sign-up page.

One action: every current news consent of the sign-up's address is withdrawn
(`WithdrawnVia.STAFF`), after a confirm-first page (a withdrawal cannot be undone by staff:
only the person can give the consent again), audited as `consent.withdraw`.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from intake.consents import service as consents
from intake.consents.models import WithdrawnVia
from intake.staff import audit, bp
from intake.staff.lookups import signup_or_404
from intake.staff.preview import Preview, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role


@bp.record_once
def _audit_sentences(_state) -> None:
    from intake.consents import audit as consent_audit
    from intake.staff import audit_text

    audit_text.ACTIONS.update(consent_audit.LABELS)
    audit_text.DESCRIBERS.update(dict.fromkeys(consent_audit.LABELS, consent_audit.describe))


def news_context(signup) -> dict:
    """The staff sign-up page's consent part: this sign-up's consent rows and whether its
    address holds a current news consent (from any form)."""
    return {
        "consent_rows": consents.of_signup(signup),
        "news_current": bool(signup.email and consents.current_of_email(signup.email)),
        "withdrawn_via_label": consents.withdrawn_via_label,
    }


@bp.post("/t/<reference>/nyheder")
@requires_role(Role.SIGNUPS)
def withdraw_news(reference: str):
    signup, _definition = signup_or_404(reference)
    back = url_for("staff.signup_detail", reference=reference, _anchor="samtykker")
    count = len(consents.current_of_email(signup.email)) if signup.email else 0
    if not count:
        flash(_("Personen har ikke noget gældende samtykke til nyheder."))
        return redirect(back, 303)
    preview = Preview(lines=[ngettext(
        "%(num)d samtykke til nyheder for tilmeldingens e-mailadresse trækkes tilbage. Personen "
        "får ikke flere nyheder, indtil vedkommende selv siger ja tak igen.",
        "%(num)d samtykker til nyheder for tilmeldingens e-mailadresse trækkes tilbage. Personen "
        "får ikke flere nyheder, indtil vedkommende selv siger ja tak igen.", count)])
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Træk samtykke til nyheder tilbage (%(ref)s)", ref=reference),
            preview=preview, action=url_for("staff.withdraw_news", reference=reference),
            button=_("Ja, træk samtykket tilbage"), changed=is_confirmed(), back=back,
        )
    withdrawn = consents.withdraw_email(signup.email, WithdrawnVia.STAFF)
    audit.record("consent.withdraw", f"signup:{reference}", {"withdrawn": withdrawn})
    flash(_("Samtykket er trukket tilbage. Personen får ikke flere nyheder."))
    return redirect(back, 303)

