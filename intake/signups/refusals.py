"""Why `service.submit` refused a sign-up, told next to the question the person can change.

Shared by the public form and staff's "add a sign-up" (the same form, the same rules), so a
refusal reads the same wherever the form was filled in.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FormDef
from intake.signups import buckets
from intake.signups.buckets import Bucket


def explain(definition: FormDef, form, outcome) -> None:
    """Add the refusal of `outcome` (a service.Outcome) as a Danish error on the WTForms
    `form`: on the date or group question, else on the e-mail, else on the whole form."""
    if outcome.status == "already_signed_up":
        dates = [Bucket.parse(b).occasion_key for b in outcome.booked_buckets]
        dates = [key for key in dates if key is not None]
        if dates and definition.capacity and definition.capacity.count_by == buckets.OCCASION:
            # Several dates: say which ones, so the person can untick them and keep the rest.
            described = ", ".join(occasion_rules.describe_key(d) for d in dates)
            form[buckets.choosing_field(definition)].errors.append(
                _l("Du er allerede tilmeldt: %(dates)s. Fjern markeringen ved den dato og send "
                   "igen, eller få din bekræftelse sendt igen med knappen nederst på siden.",
                   dates=described)
            )
        else:
            form[definition.identity_field].errors.append(
                _l("Denne e-mailadresse er allerede tilmeldt, og du kan ikke tilmelde dig to "
                   "gange. Har du mistet bekræftelsen, kan du få den sendt igen med knappen "
                   "nederst på siden.")
            )
    elif outcome.status == "full":
        field = buckets.choosing_field(definition)
        message = _l("Der er desværre ikke flere ledige pladser.")
        if field is not None:
            form[field].errors.append(message)
        else:
            form.form_errors.append(message)
