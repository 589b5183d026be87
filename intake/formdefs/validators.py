"""Validators shared by the field types; messages are Danish first through Flask-Babel."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

# Bidirectional overrides can make a name display as something else in staff views.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_empty(value) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


class RequiredWhenShown:
    """Required only while the field is shown; the form decides that before validating."""

    field_flags = {}

    def __init__(self, fdef, message):
        """`message`: the type's own text for an empty answer (issue 8 §7), unless the form
        gives the field a `required_message`."""
        self.fdef = fdef
        self.message = fdef.required_message or message

    def __call__(self, form, field):
        if field.process_errors:
            # The typed text could not be read ("fem" in a number field): data is None, but
            # the field is not empty. Keep the field's own message instead of clearing it.
            raise StopValidation()
        if field.name in getattr(form, "_required_now", ()) and is_empty(field.data):
            field.errors[:] = []
            raise StopValidation(self.message)
        if is_empty(field.data):
            field.errors[:] = []
            raise StopValidation()


class CleanText:
    """Refuse NUL and other control characters rather than store or crash on them."""

    def __init__(self, multiline: bool = False):
        self.allowed = {"\n", "\r", "\t"} if multiline else set()

    def __call__(self, form, field):
        value = field.data
        if not isinstance(value, str):
            return
        for char in value:
            if char in self.allowed:
                continue
            if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
                raise StopValidation(
                    _l("Feltet indeholder usynlige styretegn. Skriv teksten igen.")
                )


class LengthLimit:
    def __init__(self, min_length: int | None, max_length: int | None):
        self.min_length = min_length
        self.max_length = max_length

    def __call__(self, form, field):
        value = field.data or ""
        if self.max_length is not None and len(value) > self.max_length:
            raise StopValidation(
                _l(
                    "Højst %(n)d tegn (du har skrevet %(have)d).",
                    n=self.max_length,
                    have=len(value),
                )
            )
        if self.min_length is not None and len(value) < self.min_length:
            raise StopValidation(_l("Mindst %(n)d tegn.", n=self.min_length))


class Pattern:
    def __init__(self, pattern: str, message):
        self.regex = re.compile(pattern)
        self.message = message or _l("Feltet har ikke det rigtige format.")

    def __call__(self, form, field):
        if field.data and not self.regex.fullmatch(str(field.data)):
            raise ValidationError(self.message)
