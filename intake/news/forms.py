"""The staff form of a news sending (intake/staff/news_views.py): subject, text, an optional
published inspiration sheet, and the filters (focus areas, trade)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from intake.news import sheets
from intake.staff.forms import TOO_LONG
from intake.staff.invitation_forms import GroupChecks

NO_SHEET = ""


class NewsForm(FlaskForm):
    subject = StringField(_l("Emne"), validators=[
        DataRequired(_l("Skriv et emne.")), Length(max=300, message=TOO_LONG)])
    body = TextAreaField(_l("Tekst"), render_kw={"rows": 12}, validators=[
        DataRequired(_l("Skriv en tekst.")), Length(max=10000, message=TOO_LONG)])
    sheet = SelectField(_l("Link til et inspirationsark"), validate_choice=False,
                        validators=[Optional()])
    areas = GroupChecks(_l("Kun til dem, der har valgt et af disse fokusområder"),
                        validate_choice=False)
    trade = StringField(_l("Kun til dem, hvis branche indeholder"), validators=[
        Optional(), Length(max=200, message=TOO_LONG)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = sheets.published()
        self.sheet.choices = [SelectChoice(NO_SHEET, _l("Intet inspirationsark"))] + [
            SelectChoice(str(sheet.id), f"{sheet.title} ({sheet.area})" if sheet.area
                         else sheet.title)
            for sheet in self.sheets
        ]

    def validate_sheet(self, field) -> None:
        if (field.data or NO_SHEET) not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Inspirationsarket findes ikke længere. Vælg et andet."))

    def validate_areas(self, field) -> None:
        allowed = {choice.value for choice in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Vælg blandt de fire fokusområder."))

    @property
    def sheet_id(self) -> int | None:
        return int(self.sheet.data) if self.sheet.data not in (None, NO_SHEET) else None
