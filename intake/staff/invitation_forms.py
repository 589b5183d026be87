"""The form of "Send personlige links" (intake/staff/invitation_views.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectMultipleField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from intake.formdefs.types.dates import DanishDateField, DanishTimeField
from intake.goals.models import FocusArea
from intake.invitations.form_mails import template_problems
from intake.rounds.forms import ReminderDays
from intake.staff.forms import TOO_LONG


class TemplateText:
    """A staff-written subject or text must render; the text must hold the personal link."""

    def __init__(self, must_have_link: bool):
        self.must_have_link = must_have_link

    def __call__(self, form, field):
        problems = template_problems(field.data or "", self.must_have_link)
        if problems:
            raise ValidationError(" ".join(problems))


class GroupChecks(SelectMultipleField):
    """One checkbox per collaboration group (FocusArea values)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs):
        super().__init__(
            label, choices=[SelectChoice(area.value, area.label) for area in FocusArea],
            **kwargs,
        )


class SendForm(FlaskForm):
    subject = StringField(_l("Emne"), validators=[
        DataRequired(_l("Skriv et emne.")), Length(max=300, message=TOO_LONG),
        TemplateText(False)])
    body = TextAreaField(_l("Tekst"), render_kw={"rows": 12}, validators=[
        DataRequired(_l("Skriv en tekst.")), Length(max=10000, message=TOO_LONG),
        TemplateText(True)])
    deadline_date = DanishDateField(_l("Svarfrist (dato)"), validators=[
        InputRequired(_l("Vælg en dato for svarfristen."))])
    deadline_time = DanishTimeField(_l("Svarfrist (klokkeslæt)"), default=None, validators=[
        InputRequired(_l("Skriv et klokkeslæt, fx 12:00."))])
    reminder_days = StringField(_l("Påmindelser, dage før fristen"), default="7, 2",
                                validators=[Optional(), ReminderDays()])
    pasted = TextAreaField(
        _l("Modtagere, én pr. linje"), render_kw={"rows": 8, "spellcheck": "false"},
        validators=[Optional(), Length(max=500000, message=TOO_LONG)])
    # The kind of file is judged from its content by intake.uploads, not from its name.
    file = FileField(_l("Eller et regneark (.xlsx) med kolonnerne «Navn» og «E-mail»"))
    groups = GroupChecks(_l("Eller medlemmerne af en eller flere samarbejdsgrupper"))
