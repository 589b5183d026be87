"""FlaskForm classes for every staff form; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from intake.formdefs.types.numbers import DanishIntegerField

TOO_LONG = _l("Teksten er for lang.")


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Skriv din e-mailadresse.")), Length(max=254, message=TOO_LONG),
        Email(_l("Skriv en gyldig e-mailadresse, fx navn@hedensted.dk.")),
    ], render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Adgangskode"), validators=[
        DataRequired(_l("Skriv din adgangskode.")), Length(max=256, message=TOO_LONG),
    ], render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ButtonForm(FlaskForm):
    """A form that is only a button (log out, cancel, resend): all it carries is the CSRF token."""


class PromoteForm(FlaskForm):
    """One per waiting booking, with prefix "promote-<booking id>" so ids stay unique."""

    over_capacity = BooleanField(
        _l("Ryk op, selv om der er fuldt (pladsen markeres som over kapacitet)")
    )


CHOICE_MESSAGE = _l("Vælg en af mulighederne på listen.")


class ChoiceField(SelectField):
    """A select that refuses values it did not offer, in Danish (never WTForms' "Not a valid
    choice" or "Invalid Choice: could not coerce")."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(CHOICE_MESSAGE) from None

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()
        # from_input, not .value: a choice set at request time is not checked by WTForms.
        values = {SelectChoice.from_input(c).value for c in self.choices or []}
        if self.data not in values:
            raise ValidationError(CHOICE_MESSAGE)


class MoveForm(FlaskForm):
    """One per active booking, with prefix "move-<booking id>"; choices set by the view."""

    target = ChoiceField(
        _l("Flyt til"), validators=[DataRequired(_l("Vælg, hvor personen skal flyttes hen."))]
    )


SEATS_MESSAGE = _l("Skriv et helt tal fra 0 og op, fx 12, eller lad feltet stå tomt.")


class SeatsField(DanishIntegerField):
    """A whole number as Danes write it ('1.000'), with the seats message; '7.5' is refused,
    never read as 75 (WTForms' int() would also take '1_0', and it has no Danish catalogue)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(SEATS_MESSAGE) from error


def _not_negative(form, field) -> None:
    if field.data is not None and not 0 <= field.data <= 100000:
        raise ValidationError(SEATS_MESSAGE)


class CapacityForm(FlaskForm):
    """One per bucket; the bucket is in the URL. Empty means the form definition's number."""

    seats = SeatsField(_l("Antal pladser"), validators=[Optional(), _not_negative],
                       render_kw={"inputmode": "numeric"})


class SearchForm(FlaskForm):
    """The list filters are a GET form: bookmarkable, no CSRF needed because it changes nothing."""

    class Meta:
        csrf = False

    q = StringField(_l("Søg"), validators=[Optional(), Length(max=100, message=TOO_LONG)])
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    bucket = SelectField(_l("Gruppe eller dato"), validators=[Optional()], validate_choice=False)
    sort = SelectField(_l("Sortering"), validators=[Optional()], validate_choice=False)
