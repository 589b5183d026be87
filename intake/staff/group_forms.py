"""The staff forms of the group pages (intake/staff/group_views.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

REASON_MAX = 2000


class ApprovalRequiredForm(FlaskForm):
    is_required = BooleanField(_l("Kræv godkendelse af nye tilmeldinger"))


class DeclineForm(FlaskForm):
    """One per pending sign-up, with prefix "decline-<booking id>" so ids stay unique."""

    reason = TextAreaField(_l("Begrundelse (sendes til personen)"), validators=[
        DataRequired(_l("Skriv en begrundelse. Den står i mailen til personen.")),
        Length(max=REASON_MAX, message=_l("Begrundelsen er for lang.")),
    ], render_kw={"rows": 3})
