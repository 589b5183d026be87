"""FlaskForm classes of the GDPR pages. The person's e-mail or phone travels in POST bodies
only, never in a URL, so it stays out of access logs and browser history."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from intake.gdpr.person import parse

QUERY_HELP = _l(
    "Skriv en e-mailadresse eller et telefonnummer, fx navn@firma.dk eller 12 34 56 78."
)
CONFIRM_ERASE = _l(
    "Jeg har tjekket, at det er den rigtige person, og vil slette alle oplysningerne ovenfor"
)


def valid_person(form, field) -> None:
    if parse(field.data or "") is None:
        raise ValidationError(QUERY_HELP)


class FindForm(FlaskForm):
    q = StringField(_l("E-mail eller telefonnummer"), validators=[
        DataRequired(QUERY_HELP), Length(max=254, message=_l("Teksten er for lang.")), valid_person,
    ], render_kw={"autocomplete": "off"})


class AccessForm(FlaskForm):
    q = HiddenField(validators=[DataRequired(), Length(max=254), valid_person])


class EraseForm(FlaskForm):
    """Posted twice: from the result page (only `q`: show what will go), then from the
    preview page (`preview` = the preview's digest, and the tick: erase)."""

    q = HiddenField(validators=[DataRequired(), Length(max=254), valid_person])
    preview = HiddenField()
    confirm = BooleanField(
        CONFIRM_ERASE,
        validators=[DataRequired(_l("Sæt kryds for at bekræfte sletningen."))],
    )
