"""FlaskForm classes for every staff form; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Skriv din e-mailadresse.")), Length(max=254),
        Email(_l("Skriv en gyldig e-mailadresse, fx navn@hedensted.dk.")),
    ], render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Adgangskode"), validators=[
        DataRequired(_l("Skriv din adgangskode.")), Length(max=256),
    ], render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ButtonForm(FlaskForm):
    """A form that is only a button (log out, cancel, resend): all it carries is the CSRF token."""


class PromoteForm(FlaskForm):
    booking_id = HiddenField(validators=[DataRequired()])
    over_capacity = BooleanField(_l("Ryk op, selv om der er fuldt (pladsen markeres som over kapacitet)"))


class MoveForm(FlaskForm):
    booking_id = HiddenField(validators=[DataRequired()])
    target = SelectField(_l("Flyt til"), validators=[DataRequired(_l("Vælg, hvor personen skal flyttes hen."))],
                         validate_choice=True)


class CapacityForm(FlaskForm):
    bucket = HiddenField(validators=[DataRequired()])
    seats = IntegerField(_l("Antal pladser"), validators=[
        Optional(), NumberRange(min=0, max=100000, message=_l("Skriv et helt tal fra 0 og op.")),
    ])


class SearchForm(FlaskForm):
    """The list filters are a GET form: bookmarkable, no CSRF needed because it changes nothing."""

    class Meta:
        csrf = False

    q = StringField(_l("Søg"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    bucket = SelectField(_l("Gruppe eller dato"), validators=[Optional()], validate_choice=False)
    sort = SelectField(_l("Sortering"), validators=[Optional()], validate_choice=False)
