"""FlaskForm classes for the goal and follow-up staff pages (Flask-WTF adds CSRF to each)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    EmailField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from intake.followup.mails import template_problems

# Numbers, dates and times as Danes write them (24-12-2027, 12.00, 1.000); whole numbers are
# text with inputmode=numeric, so '7.5' gets a Danish message instead of WTForms' English one
# and no browser drops a comma (issue 8 §5).
from intake.formdefs.fields import DanishDateField as DateField
from intake.formdefs.fields import DanishIntegerField as IntegerField
from intake.formdefs.fields import DanishTimeField as TimeField
from intake.goals.models import CycleEventKind, FocusArea, GoalStatus, Sector
from intake.outbox.addresses import UndeliverableAddress, deliverable
from intake.staff.forms import ChoiceField as SelectField  # Danish for a value not offered

FOCUS_CHOICES = [SelectChoice(f.value, f.label) for f in FocusArea]
SECTOR_CHOICES = [SelectChoice(s.value, s.label) for s in Sector]


class ValidEmail:
    """Only addresses intake can deliver to (intake/outbox/addresses.py), lower-cased."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = deliverable(field.data.strip()).lower()
        except UndeliverableAddress as error:
            raise ValidationError(error.message) from error


class PeriodForm(FlaskForm):
    year = IntegerField(_l("År"), render_kw={"inputmode": "numeric"}, validators=[
        InputRequired(_l("Skriv et årstal.")),
        NumberRange(min=2020, max=2100, message=_l("Skriv et årstal mellem 2020 og 2100.")),
    ])


def event_field_name(kind: CycleEventKind, focus: FocusArea | None) -> str:
    return f"{kind.value}__{focus.value}" if focus else kind.value


def event_slots() -> list[tuple[CycleEventKind, FocusArea | None]]:
    slots: list[tuple[CycleEventKind, FocusArea | None]] = []
    for kind in (CycleEventKind.MEETING_1, CycleEventKind.MEETING_2):
        slots.extend((kind, focus) for focus in FocusArea)
    slots.extend((kind, None) for kind in CycleEventKind if not kind.is_per_group)
    return slots


def _build_dates_form() -> type:
    attrs = {}
    for kind, focus in event_slots():
        label = kind.label + (f" – {focus.label}" if focus else "")
        attrs[event_field_name(kind, focus)] = DateField(
            label, validators=[Optional()], render_kw={"autocomplete": "off"})
        attrs[event_field_name(kind, focus) + "__place"] = StringField(
            _l("Sted"), validators=[Optional(), Length(max=200)])
    return type("DatesForm", (FlaskForm,), attrs)


DatesForm = _build_dates_form()


class GoalForm(FlaskForm):
    focus_area = SelectField(_l("Fokusområde"), choices=FOCUS_CHOICES,
                             validators=[DataRequired(_l("Vælg et fokusområde."))])
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Skriv en titel.")), Length(max=300, message=_l("Højst 300 tegn."))])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=5000)])
    indicator = TextAreaField(_l("Sådan måles det (indikator)"), validators=[Optional(), Length(max=2000)])
    target = TextAreaField(_l("Målsætning"), validators=[Optional(), Length(max=2000)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("Ikke fulgt op"))] + [SelectChoice(s.value, s.label) for s in GoalStatus],
                         validators=[Optional()])


class OwnerForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv målejerens navn.")), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Skriv målejerens e-mail.")), Length(max=254),
                                                 ValidEmail()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    sector = SelectField(_l("Sektor"), choices=SECTOR_CHOICES, validators=[DataRequired(_l("Vælg en sektor."))])


class LateOwnerForm(OwnerForm):
    """Add an owner to a goal after the round has started; they are invited at once."""

    goal = SelectField(_l("Mål"), coerce=int, validators=[InputRequired(_l("Vælg et mål."))])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("Ny e-mail"), validators=[DataRequired(_l("Skriv den nye e-mail.")), Length(max=254),
                                                     ValidEmail()])


class ImportForm(FlaskForm):
    # The kind of file is judged from its content by intake.uploads (a Danish reason for
    # .xls, .ods, .csv, ...), not from its name.
    file = FileField(_l("Regneark (.xlsx)"), validators=[FileRequired(_l("Vælg en fil."))])
    # Shown only once the file's goals were found in the period already (importer.already_there).
    duplicates = RadioField(_l("Mål, der allerede findes i perioden"), choices=[
        SelectChoice("skip", _l("Spring dem over, og importér kun de nye mål")),
        SelectChoice("all", _l("Importér dem alligevel (de findes så to gange)")),
    ], validate_choice=False, default="ask")


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
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Skriv en titel, fx Opfølgning efterår 2027.")),
                                                 Length(max=200)])
    form_slug = SelectField(_l("Spørgeskema"), validators=[DataRequired(_l("Vælg et spørgeskema."))])
    deadline_date = DateField(_l("Frist (dato)"), validators=[InputRequired(_l("Vælg en dato for fristen."))])
    deadline_time = TimeField(_l("Frist (klokkeslæt)"), default=None,
                              validators=[InputRequired(_l("Skriv et klokkeslæt, fx 12:00."))])
    grace_days = IntegerField(_l("Linket virker så mange dage efter fristen"), default=14,
                              render_kw={"inputmode": "numeric"}, validators=[
        InputRequired(_l("Skriv et antal dage.")), NumberRange(min=0, max=90, message=_l("0 til 90 dage."))])
    reminder_days = StringField(_l("Påmindelser, dage før fristen"), default="7, 2",
                                validators=[Optional(), ReminderDays()])
    reminder_hour = IntegerField(_l("Påmindelser sendes kl. (time)"), default=9,
                                 render_kw={"inputmode": "numeric"}, validators=[
        InputRequired(_l("Skriv en time fra 0 til 23.")), NumberRange(min=0, max=23, message=_l("0 til 23."))])
    max_reminders = IntegerField(_l("Højst antal påmindelser pr. målejer"), default=3,
                                 render_kw={"inputmode": "numeric"}, validators=[
        InputRequired(_l("Skriv et antal.")), NumberRange(min=0, max=10, message=_l("0 til 10."))])
    contact_name = StringField(_l("Kontaktperson"), default="Hedensted Erhverv",
                               validators=[DataRequired(_l("Skriv en kontaktperson.")), Length(max=200)])
    contact_email = EmailField(_l("Kontakt-e-mail"), default="erhverv@hedensted.dk",
                               validators=[DataRequired(_l("Skriv en e-mail.")), Length(max=254), ValidEmail()])
    invitation_subject = StringField(_l("Invitation: emne"), validators=[
        DataRequired(_l("Skriv et emne.")), Length(max=300), TemplateText(False)])
    invitation_body = TextAreaField(_l("Invitation: tekst"), render_kw={"rows": 14}, validators=[
        DataRequired(_l("Skriv en tekst.")), Length(max=10000), TemplateText(True)])
    reminder_subject = StringField(_l("Påmindelse: emne"), validators=[
        DataRequired(_l("Skriv et emne.")), Length(max=300), TemplateText(False)])
    reminder_body = TextAreaField(_l("Påmindelse: tekst"), render_kw={"rows": 12}, validators=[
        DataRequired(_l("Skriv en tekst.")), Length(max=10000), TemplateText(True)])
