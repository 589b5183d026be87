"""FlaskForm classes for the staff pages of a follow-up round (Flask-WTF adds CSRF to each)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

# Numbers, dates and times as Danes write them (see intake.goals.forms).
from intake.formdefs.types.dates import DanishDateField as DateField
from intake.formdefs.types.dates import DanishTimeField as TimeField
from intake.formdefs.types.numbers import DanishIntegerField as IntegerField
from intake.goals.forms import OwnerForm, ValidEmail
from intake.rounds.mails import template_problems
from intake.staff.forms import ChoiceField as SelectField  # Danish for a value not offered


class LateOwnerForm(OwnerForm):
    """Add an owner to a goal after the round has started; they are invited at once."""

    goal = SelectField(_l("Mål"), coerce=int, validators=[InputRequired(_l("Vælg et mål."))])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("Ny e-mail"), validators=[
        DataRequired(_l("Skriv den nye e-mail.")), Length(max=254), ValidEmail()])


class TemplateText:
    """A staff-written mail text must render and, for a body, contain the personal link."""

    def __init__(self, must_have_link: bool):
        self.must_have_link = must_have_link

    def __call__(self, form, field):
        problems = template_problems(field.data or "", self.must_have_link)
        if problems:
            raise ValidationError(" ".join(problems))


class ReminderDays:
    def __call__(self, form, field):
        text = (field.data or "").strip()
        if not text:
            field.days = []
            return
        if not re.fullmatch(r"\d{1,2}(\s*,\s*\d{1,2})*", text):
            raise ValidationError(_l("Skriv antal dage før fristen adskilt af komma, fx 7, 2."))
        days = sorted({int(x) for x in text.split(",")}, reverse=True)
        if any(d < 1 or d > 60 for d in days):
            raise ValidationError(_l("Hver påmindelse skal være 1 til 60 dage før fristen."))
        field.days = days


class RoundForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Skriv en titel, fx Opfølgning efterår 2027.")), Length(max=200)])
    form_slug = SelectField(_l("Spørgeskema"),
                            validators=[DataRequired(_l("Vælg et spørgeskema."))])
    deadline_date = DateField(_l("Frist (dato)"),
                              validators=[InputRequired(_l("Vælg en dato for fristen."))])
    deadline_time = TimeField(_l("Frist (klokkeslæt)"), default=None,
                              validators=[InputRequired(_l("Skriv et klokkeslæt, fx 12:00."))])
    grace_days = IntegerField(
        _l("Linket virker så mange dage efter fristen"), default=14,
        render_kw={"inputmode": "numeric"}, validators=[
            InputRequired(_l("Skriv et antal dage.")),
            NumberRange(min=0, max=90, message=_l("0 til 90 dage."))])
    reminder_days = StringField(_l("Påmindelser, dage før fristen"), default="7, 2",
                                validators=[Optional(), ReminderDays()])
    reminder_hour = IntegerField(
        _l("Påmindelser sendes kl. (time)"), default=9,
        render_kw={"inputmode": "numeric"}, validators=[
            InputRequired(_l("Skriv en time fra 0 til 23.")),
            NumberRange(min=0, max=23, message=_l("0 til 23."))])
    max_reminders = IntegerField(
        _l("Højst antal påmindelser pr. målejer"), default=3,
        render_kw={"inputmode": "numeric"}, validators=[
            InputRequired(_l("Skriv et antal.")),
            NumberRange(min=0, max=10, message=_l("0 til 10."))])
    contact_name = StringField(_l("Kontaktperson"), validators=[
        DataRequired(_l("Skriv en kontaktperson.")), Length(max=200)])
    contact_email = EmailField(_l("Kontakt-e-mail"), validators=[
        DataRequired(_l("Skriv en e-mail.")), Length(max=254), ValidEmail()])
    invitation_subject = StringField(_l("Invitation: emne"), validators=[
        DataRequired(_l("Skriv et emne.")), Length(max=300), TemplateText(False)])
    invitation_body = TextAreaField(_l("Invitation: tekst"), render_kw={"rows": 14}, validators=[
        DataRequired(_l("Skriv en tekst.")), Length(max=10000), TemplateText(True)])
    reminder_subject = StringField(_l("Påmindelse: emne"), validators=[
        DataRequired(_l("Skriv et emne.")), Length(max=300), TemplateText(False)])
    reminder_body = TextAreaField(_l("Påmindelse: tekst"), render_kw={"rows": 12}, validators=[
        DataRequired(_l("Skriv en tekst.")), Length(max=10000), TemplateText(True)])
