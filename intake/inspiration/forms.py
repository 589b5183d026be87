"""The staff form for an inspiration sheet: focus area, title, description and the PDF.

The PDF is checked exactly as a `file` field checks a person's file, with the same Danish
messages (intake.formdefs.types.file.AcceptedFiles over intake.files.checks): PDF only,
decided by the content (`%PDF-`, ISO 32000-1 §7.5.2), at most MAX_MB MB, and a name without
path parts, control characters or a dangerous ending (such as .pdf.exe).
"""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation

from intake.files import checks
from intake.formdefs.types.file import AcceptedFiles, Checked
from intake.goals.models import FocusArea
from intake.staff.forms import TOO_LONG, ChoiceField

MAX_MB = 20
# A file field's properties, as intake.formdefs.types.file reads them from a field definition.
PDF_ONLY = SimpleNamespace(extra={"allowed": "pdf", "max_mb": MAX_MB, "max_files": 1})
AREA_CHOICES = [SelectChoice("", _l("Vælg et fokusområde"))] + [
    SelectChoice(area.value, area.label) for area in FocusArea
]
FILE_HINT = _l("Kun PDF. Højst %(mb)d MB.", mb=MAX_MB)


class CheckedPdf:
    """Validator: the chosen file as a `Checked` PDF on `field.checked` (None when none was
    chosen); a refused file stops with the file field's Danish message."""

    def __init__(self, is_required: bool):
        self.is_required = is_required

    def __call__(self, form, field) -> None:
        field.checked = None
        chosen = field.data if isinstance(field.data, FileStorage) and field.data else None
        if chosen is None:
            if self.is_required:
                raise StopValidation(_l("Vælg PDF-filen med inspirationsarket."))
            return
        try:
            field.checked = AcceptedFiles(PDF_ONLY).check(chosen)
        except checks.Refused as refused:
            raise StopValidation(str(refused)) from None


class SheetForm(FlaskForm):
    """A new sheet; the file is required."""

    focus_area = ChoiceField(_l("Fokusområde"), choices=AREA_CHOICES, validators=[
        DataRequired(_l("Vælg det fokusområde, arket hører til."))])
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Skriv en titel, fx «Sådan fastholder vi lærlinge».")),
        Length(max=200, message=TOO_LONG)])
    description = TextAreaField(_l("Kort beskrivelse"), render_kw={"rows": 4}, validators=[
        Optional(), Length(max=2000, message=TOO_LONG)])
    file = FileField(_l("PDF-fil"), validators=[CheckedPdf(is_required=True)],
                     render_kw={"accept": ".pdf,application/pdf"})

    @property
    def area(self) -> FocusArea:
        return FocusArea(self.focus_area.data)

    @property
    def checked(self) -> Checked | None:
        return getattr(self.file, "checked", None)


class EditSheetForm(SheetForm):
    """An edited sheet: a chosen file replaces the stored one; none keeps it."""

    file = FileField(_l("Erstat PDF-filen"), validators=[CheckedPdf(is_required=False)],
                     render_kw={"accept": ".pdf,application/pdf"})
