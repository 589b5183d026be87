"""The forms of the account pages (intake/staff/account_views.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from intake.outbox.addresses import ValidEmail
from intake.staff.forms import TOO_LONG
from intake.staff.passwords import MAX_LENGTH
from intake.staff.roles import Role


class RoleChecks(SelectMultipleField):
    """One checkbox per role; the value is a list of Role."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(
            label,
            choices=[SelectChoice(role.value, role.label) for role in Role],
            coerce=Role,
            **kwargs,
        )


class RolesForm(FlaskForm):
    roles = RoleChecks(_l("Roller"))


class AccountForm(RolesForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Skriv e-mailadressen.")),
            Length(max=254, message=TOO_LONG),
            ValidEmail(),
        ],
    )
    name = StringField(
        _l("Navn"),
        validators=[
            DataRequired(_l("Skriv medarbejderens navn.")),
            Length(max=200, message=TOO_LONG),
        ],
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Ny adgangskode"),
        validators=[
            DataRequired(_l("Skriv en adgangskode.")),
            Length(max=MAX_LENGTH, message=TOO_LONG),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(
        _l("Gentag adgangskoden"),
        validators=[
            DataRequired(_l("Skriv adgangskoden igen.")),
            EqualTo("password", _l("De to adgangskoder er ikke ens.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class OwnPasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Nuværende adgangskode"),
        validators=[
            DataRequired(_l("Skriv din nuværende adgangskode.")),
            Length(max=MAX_LENGTH, message=TOO_LONG),
        ],
        render_kw={"autocomplete": "current-password"},
    )
