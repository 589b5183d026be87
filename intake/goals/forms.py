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
    SelectMultipleField,
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
from wtforms.widgets import CheckboxInput, ListWidget

# Numbers, dates and times as Danes write them (24-12-2027, 12.00, 1.000); whole numbers are
# text with inputmode=numeric, so '7.5' gets a Danish message instead of WTForms' English one
# and no browser drops a comma (issue 8 §5).
from intake.formdefs.types.dates import DanishDateField as DateField
from intake.formdefs.types.numbers import DanishIntegerField as IntegerField
from intake.goals.models import CycleEventKind, FocusArea, GoalStatus, Sector
from intake.outbox.addresses import ValidEmail
from intake.staff.forms import CHOICE_MESSAGE
from intake.staff.forms import ChoiceField as SelectField  # Danish for a value not offered

FOCUS_CHOICES = [SelectChoice(f.value, f.label) for f in FocusArea]
SECTOR_CHOICES = [SelectChoice(s.value, s.label) for s in Sector]


class PeriodForm(FlaskForm):
    year = IntegerField(_l("År"), render_kw={"inputmode": "numeric"}, validators=[
        InputRequired(_l("Skriv et årstal.")),
        NumberRange(min=2020, max=2100, message=_l("Skriv et årstal mellem 2020 og 2100.")),
    ])


def event_field_name(kind: CycleEventKind, focus: FocusArea | None) -> str:
    return f"{kind.value}__{focus.value}" if focus else kind.value


# Meetings have their own pages now (intake/staff/meeting_views.py); their old date-only
# steps are no longer offered here, but a period that has them still shows them.
DATED_STEPS = (CycleEventKind.POLITICAL_REPORT, CycleEventKind.NYTAARSKUR)


def event_slots() -> list[tuple[CycleEventKind, FocusArea | None]]:
    return [(kind, None) for kind in DATED_STEPS]


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


class MemberChecks(SelectMultipleField):
    """One checkbox per group member (value: the member's sign-up id); the view sets the
    choices from intake.groups.members. A value not offered gets the Danish message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = []
            raise ValueError(CHOICE_MESSAGE) from None

    def pre_validate(self, form) -> None:
        offered = {SelectChoice.from_input(c).value for c in self.choices or []}
        if any(value not in offered for value in self.data or []):
            raise ValidationError(CHOICE_MESSAGE)


class PickOwnersForm(FlaskForm):
    """The goal page: more owners picked among the goal's group's members."""

    members = MemberChecks(_l("Vælg blandt gruppens medlemmer"))

    def validate_members(self, field):
        if not field.data:
            raise ValidationError(_l("Vælg mindst ét medlem."))


class NewGoalForm(GoalForm):
    """A new goal with its owners: members of the goal's group picked by checkbox and, if
    need be, one outside owner typed in (the same person record when the e-mail matches)."""

    members = MemberChecks(_l("Målejere blandt gruppens medlemmer"))
    owner_name = StringField(_l("Navn"), validators=[Optional(), Length(max=200)])
    owner_email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254), ValidEmail()])
    owner_organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    owner_sector = SelectField(_l("Sektor"), validators=[Optional()], choices=[
        SelectChoice("", _l("Vælg sektor")), *SECTOR_CHOICES])

    @property
    def has_typed_owner(self) -> bool:
        return any((f.data or "").strip() for f in (
            self.owner_name, self.owner_email, self.owner_organisation))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.has_typed_owner:
            for f, message in ((self.owner_name, _l("Skriv målejerens navn.")),
                               (self.owner_email, _l("Skriv målejerens e-mail.")),
                               (self.owner_sector, _l("Vælg en sektor."))):
                if not (f.data or "").strip() and not f.errors:
                    f.errors.append(message)
                    valid = False
        return valid


class ImportForm(FlaskForm):
    # The kind of file is judged from its content by intake.uploads (a Danish reason for
    # .xls, .ods, .csv, ...), not from its name.
    file = FileField(_l("Regneark (.xlsx)"), validators=[FileRequired(_l("Vælg en fil."))])
    # Shown only once the file's goals were found in the period already (importer.already_there).
    duplicates = RadioField(_l("Mål, der allerede findes i perioden"), choices=[
        SelectChoice("skip", _l("Spring dem over, og importér kun de nye mål")),
        SelectChoice("all", _l("Importér dem alligevel (de findes så to gange)")),
    ], validate_choice=False, default="ask")
