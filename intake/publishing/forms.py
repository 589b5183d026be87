"""The staff form of a round's publication: one subform per goal (`g<goal id>-title`, …),
built for the goals the page shows (intake.publishing.service.rows_for)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from .models import PublishedGoal
from .service import COMMENT_MAX, DESCRIPTION_MAX, TITLE_MAX, Choice

TOO_LONG = _l("Teksten er for lang.")


class GoalChoiceForm(Form):
    title = StringField(_l("Offentlig titel"), validators=[
        DataRequired(_l("Skriv en titel, der må vises offentligt.")),
        Length(max=TITLE_MAX, message=TOO_LONG),
    ])
    description = TextAreaField(_l("Offentlig beskrivelse"), validators=[
        Length(max=DESCRIPTION_MAX, message=TOO_LONG),
    ])
    show_status = BooleanField(_l("Vis status"))
    show_progress = BooleanField(_l("Vis fremdrift i procent"))
    comment = TextAreaField(_l("Offentlig kommentar"), validators=[
        Length(max=COMMENT_MAX, message=_l("Kommentaren må højst være 1000 tegn.")),
    ])
    show_comment = BooleanField(_l("Vis kommentar"))
    show_names = BooleanField(_l("Vis navne på målejere, der har sagt ja"))

    def validate_show_comment(self, field):
        if field.data and not (self.comment.data or "").strip():
            raise ValidationError(_l(
                "Skriv en kommentar, eller fjern fluebenet ved «Vis kommentar»."))


def field_name(goal_id: int) -> str:
    return f"g{goal_id}"


def publish_form(rows: list[PublishedGoal]) -> FlaskForm:
    """The form for `rows`, filled from them on a GET and from the request on a POST."""

    class PublishForm(FlaskForm):
        pass

    for row in rows:
        setattr(PublishForm, field_name(row.goal_id), FormField(GoalChoiceForm))
    data = {
        field_name(row.goal_id): {
            "title": row.public_title, "description": row.public_description,
            "show_status": row.is_status_shown, "show_progress": row.is_progress_shown,
            "comment": row.comment, "show_comment": row.is_comment_shown,
            "show_names": row.is_names_shown,
        }
        for row in rows
    }
    return PublishForm(data=data)


def choices(form: FlaskForm, rows: list[PublishedGoal], consented: dict[int, int]) -> dict:
    """{goal id: Choice}; names are never shown for a goal no owner consented for."""
    result = {}
    for row in rows:
        sub = form[field_name(row.goal_id)].form
        result[row.goal_id] = Choice(
            title=sub.title.data or "", description=sub.description.data or "",
            is_status_shown=bool(sub.show_status.data),
            is_progress_shown=bool(sub.show_progress.data),
            comment=sub.comment.data or "", is_comment_shown=bool(sub.show_comment.data),
            is_names_shown=bool(sub.show_names.data) and consented.get(row.goal_id, 0) > 0,
        )
    return result
