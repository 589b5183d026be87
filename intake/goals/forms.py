"""FlaskForm classes for the staff pages of periods, goals and owners (Flask-WTF adds CSRF to
each). A round's forms are in intake.rounds.forms."""

from __future__ import annotations

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

# Numbers, dates and times as Danes write them (24-12-2027, 12.00, 1.000); whole numbers are
# text with inputmode=numeric, so '7.5' gets a Danish message instead of WTForms' English one
# and no browser drops a comma (issue 8 §5).
from intake.formdefs.types.dates import DanishDateField as DateField
from intake.formdefs.types.numbers import DanishIntegerField as IntegerField
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
    indicator = TextAreaField(_l("Sådan måles det (indikator)"),
                              validators=[Optional(), Length(max=2000)])
    target = TextAreaField(_l("Målsætning"), validators=[Optional(), Length(max=2000)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()], choices=[
        SelectChoice("", _l("Ikke fulgt op")),
        *(SelectChoice(s.value, s.label) for s in GoalStatus)])


class OwnerForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[
        DataRequired(_l("Skriv målejerens navn.")), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Skriv målejerens e-mail.")), Length(max=254), ValidEmail()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    sector = SelectField(_l("Sektor"), choices=SECTOR_CHOICES,
                         validators=[DataRequired(_l("Vælg en sektor."))])


class ImportForm(FlaskForm):
    # The kind of file is judged from its content by intake.uploads (a Danish reason for
    # .xls, .ods, .csv, ...), not from its name.
    file = FileField(_l("Regneark (.xlsx)"), validators=[FileRequired(_l("Vælg en fil."))])
    # Shown only once the file's goals were found in the period already (importer.already_there).
    duplicates = RadioField(_l("Mål, der allerede findes i perioden"), choices=[
        SelectChoice("skip", _l("Spring dem over, og importér kun de nye mål")),
        SelectChoice("all", _l("Importér dem alligevel (de findes så to gange)")),
    ], validate_choice=False, default="ask")
