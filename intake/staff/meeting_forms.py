"""FlaskForm classes for the staff meeting pages (intake/staff/meeting_views.py).

Dates and clock times are typed as Danes write them (24-12-2027, 16.30); every rule that
involves two fields (end after start, RSVP deadline before the start, a group for a group
meeting) is checked here, so each message lands next to the field it is about.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from intake import clock
from intake.formdefs.types.dates import DanishDateField as DateField
from intake.formdefs.types.dates import DanishTimeField as TimeField
from intake.goals.forms import SECTOR_CHOICES
from intake.goals.models import FocusArea, Sector
from intake.meetings.models import MeetingKind
from intake.outbox.addresses import ValidEmail
from intake.staff.forms import TOO_LONG
from intake.staff.forms import ChoiceField as SelectField

KIND_CHOICES = [SelectChoice(k.value, k.label) for k in MeetingKind]
GROUP_CHOICES = [SelectChoice("", _l("Ingen gruppe (fællesmøde)"))] + [
    SelectChoice(f.value, f.label) for f in FocusArea
]
TYPED_HOST = ""  # the host select's "write it yourself" choice
PER_GROUP = {"meeting_1", "meeting_2"}


class MeetingForm(FlaskForm):
    kind = SelectField(_l("Slags møde"), choices=KIND_CHOICES,
                       validators=[DataRequired(_l("Vælg hvilken slags møde det er."))])
    focus_area = SelectField(_l("Gruppe"), choices=GROUP_CHOICES, validators=[Optional()])
    title = StringField(_l("Titel"), validators=[Optional(), Length(max=200, message=TOO_LONG)])
    day = DateField(_l("Dato"), validators=[InputRequired(_l("Skriv mødets dato, fx 24-03-2027."))])
    starts = TimeField(_l("Starter kl."), validators=[
        InputRequired(_l("Skriv hvornår mødet starter, fx 15.00."))])
    ends = TimeField(_l("Slutter kl."), validators=[
        InputRequired(_l("Skriv hvornår mødet slutter, fx 17.00."))])
    host_choice = SelectField(_l("Vært blandt medlemmerne"), validators=[Optional()])
    host_typed = StringField(_l("Eller skriv værten"),
                             validators=[Optional(), Length(max=200, message=TOO_LONG)])
    address = StringField(_l("Adresse"), validators=[
        DataRequired(_l("Skriv mødestedets adresse.")), Length(max=300, message=TOO_LONG)])
    agenda = TextAreaField(_l("Dagsorden"), render_kw={"rows": 8},
                           validators=[Optional(), Length(max=10000, message=TOO_LONG)])
    rsvp_day = DateField(_l("Svarfrist (dato)"), validators=[
        InputRequired(_l("Skriv svarfristen, fx 17-03-2027."))])
    rsvp_time = TimeField(_l("Svarfrist (klokkeslæt)"), default=time(12, 0), validators=[
        InputRequired(_l("Skriv et klokkeslæt for svarfristen, fx 12.00."))])

    def set_hosts(self, organisations: list[str]) -> None:
        self.host_choice.choices = [SelectChoice(TYPED_HOST, _l("Skriv selv værten herunder"))] + [
            SelectChoice(name, name) for name in organisations
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        kind, area = self.kind.data, self.focus_area.data or ""
        if kind in PER_GROUP and not area:
            self.focus_area.errors.append(_l("Vælg hvilken gruppe mødet er for."))
        if kind == "joint" and area:
            self.focus_area.errors.append(
                _l("Et fællesmøde er for alle grupper. Vælg «Ingen gruppe»."))
        for day, at, field in ((self.day.data, self.starts.data, self.starts),
                               (self.day.data, self.ends.data, self.ends),
                               (self.rsvp_day.data, self.rsvp_time.data, self.rsvp_time)):
            if day and at and not clock.exists_locally(day, at):
                field.errors.append(_l("Det klokkeslæt findes ikke den dag (sommertid). "
                                       "Vælg et andet."))
        starts, ends, deadline = self.starts_at, self.ends_at, self.rsvp_deadline_at
        if starts and ends and ends <= starts:
            self.ends.errors.append(_l("Mødet skal slutte efter, det starter."))
        if starts and deadline and deadline >= starts:
            self.rsvp_day.errors.append(_l("Svarfristen skal være før mødet starter."))
        return valid and not any(
            f.errors for f in (self.focus_area, self.starts, self.ends, self.rsvp_day,
                               self.rsvp_time))

    @property
    def starts_at(self) -> datetime | None:
        return _moment(self.day.data, self.starts.data)

    @property
    def ends_at(self) -> datetime | None:
        return _moment(self.day.data, self.ends.data)

    @property
    def rsvp_deadline_at(self) -> datetime | None:
        return _moment(self.rsvp_day.data, self.rsvp_time.data)

    @property
    def host_name(self) -> str:
        """The typed host wins over the picked one (staff typed it on purpose)."""
        return (self.host_typed.data or "").strip() or (self.host_choice.data or "").strip()

    def fill_from(self, meeting, organisations: list[str]) -> None:
        """The form's fields from a stored meeting (edit page, GET)."""
        starts, ends = clock.to_local(meeting.starts_at), clock.to_local(meeting.ends_at)
        self.kind.data = meeting.kind.value
        self.focus_area.data = meeting.focus_area.value if meeting.focus_area else ""
        self.title.data = meeting.title
        self.day.data, self.starts.data, self.ends.data = starts.date(), starts.time(), ends.time()
        if meeting.host_name in organisations:
            self.host_choice.data, self.host_typed.data = meeting.host_name, ""
        else:
            self.host_choice.data, self.host_typed.data = TYPED_HOST, meeting.host_name
        self.address.data, self.agenda.data = meeting.address, meeting.agenda
        if meeting.rsvp_deadline_at is not None:
            deadline = clock.to_local(meeting.rsvp_deadline_at)
            self.rsvp_day.data, self.rsvp_time.data = deadline.date(), deadline.time()


def _moment(day: date | None, at: time | None) -> datetime | None:
    if day is None or at is None:
        return None
    return clock.local_time_on(day, at).astimezone(UTC)


class GuestForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[
        DataRequired(_l("Skriv gæstens navn.")), Length(max=200, message=TOO_LONG)])
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Skriv gæstens e-mail.")), Length(max=254, message=TOO_LONG),
        ValidEmail()])
    organisation = StringField(_l("Organisation"),
                               validators=[Optional(), Length(max=200, message=TOO_LONG)])
    sector = SelectField(_l("Sektor"), validators=[Optional()], choices=[
        SelectChoice("", _l("Ved ikke")), *SECTOR_CHOICES])

    @property
    def sector_value(self) -> Sector | None:
        return Sector(self.sector.data) if self.sector.data else None


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Referat og beslutninger"), render_kw={"rows": 10},
                            validators=[Optional(), Length(max=50000, message=TOO_LONG)])

