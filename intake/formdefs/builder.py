"""Builds one WTForms class per definition; instances decide visibility and eligibility."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

import wtforms
from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.i18n import messages_path
from wtforms.validators import Optional as OptionalValidator

from intake import clock
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.schema import FieldDef, FormDef
from intake.formdefs.types import REGISTRY
from intake.formdefs.validators import is_empty
from intake.formdefs.visibility import Conditional


class RowForm(Conditional, wtforms.Form):
    """One row of a repeat. Its fields are required only when the row has content (the
    repeat's type skips blank rows), and show_if never applies inside a row (the loader
    refuses it there)."""


@functools.lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def build_row_form(fdef: FieldDef) -> type:
    attrs: dict[str, Any] = {"_defs": fdef.fields}
    for sub in fdef.fields:
        made = REGISTRY[sub.type].make(sub)
        if made is not None:
            attrs[sub.key] = made
    return type(f"Row_{fdef.key}", (RowForm,), attrs)


class RespondentForm(Conditional, FlaskForm):
    """Base of every generated public form."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            """WTForms' own messages in the request's language, as Flask-WTF gives them, but
            read once per language: Flask-WTF loads the catalogue from disk per request."""
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_catalogue(str(get_locale() or "da"))

    definition: FormDef
    submission_key = wtforms.HiddenField(validators=[OptionalValidator()])
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    hp_website = wtforms.StringField(_l("Lad dette felt være tomt"))

    def __init__(self, *args, occasions=None, prefill: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.occasions = (
            occasions if occasions is not None else occasion_rules.upcoming(self.definition)
        )
        for fdef in self._defs:
            if fdef.has_input:
                REGISTRY[fdef.type].prepare(self[fdef.key], fdef, self)
        if prefill and not self.is_submitted():
            self._prefill(prefill)
        if not self.submission_key.data:
            import secrets

            self.submission_key.data = secrets.token_hex(16)

    def _prefill(self, query) -> None:
        """Values from the link's query string go through the field's own parsing, like a POST."""
        for fdef in self.definition.fields:
            if not (fdef.prefill and fdef.has_input) or REGISTRY[fdef.type].rows:
                continue
            if fdef.key not in query:
                continue
            values = [v[:500] for v in query.getlist(fdef.key)][:50]
            field = self[fdef.key]
            field.process(MultiDict([(field.name, v) for v in values]))
            field.process_errors = []

    def validate(self, extra_validators=None, is_draft: bool = False) -> bool:
        """intake.formdefs.visibility decides what is shown and required. Eligibility runs
        even when other answers are wrong, so a person meets every problem in one round
        instead of fixing the form twice."""
        ok = super().validate(extra_validators, is_draft)
        return self._check_eligibility() and ok

    def _check_eligibility(self) -> bool:
        ok = True
        answers = self.raw_answers()
        for rule in self.definition.eligibility:
            if rule.field not in self._visible or (rule.unless and rule.unless.holds(answers)):
                continue
            if self[rule.field].errors:  # the answer itself is wrong; that message comes first
                continue
            value = answers.get(rule.field)
            if is_empty(value):
                continue
            if rule.rule == "in_list" and str(value) not in rule.values:
                self[rule.field].errors.append(rule.message)
                ok = False
            elif rule.rule == "younger_than_years" and isinstance(value, date):
                for when in self._eligibility_dates(rule.relative_to):
                    if not _younger_than(value, rule.years or 0, when):
                        self[rule.field].errors.append(rule.message)
                        ok = False
                        break
        return ok

    def _eligibility_dates(self, relative_to: str | None) -> list[date]:
        today = clock.local_now().date()
        if relative_to == "today":
            return [today]
        offered = {o.key for o in self.occasions}
        chosen = occasion_rules.chosen(self.definition, self.raw_answers())
        return [o.day for o in chosen if o.key in offered or not offered] or [today]

    def is_bot(self) -> bool:
        return bool(self.hp_website.data)

    def has_valid_key(self) -> bool:
        return bool(re.fullmatch(r"[0-9a-f]{32}", self.submission_key.data or ""))


def _younger_than(founded: date, years: int, when: date) -> bool:
    try:
        limit = when.replace(year=when.year - years)
    except ValueError:  # 29 February
        limit = when.replace(year=when.year - years, day=28)
    return founded > limit


def build_form_class(definition: FormDef) -> type[RespondentForm]:
    attrs: dict[str, Any] = {"definition": definition, "_defs": definition.fields}
    for fdef in definition.fields:
        made = REGISTRY[fdef.type].make(fdef)
        if made is not None:
            attrs[fdef.key] = made
    return type(f"Form_{definition.slug.replace('-', '_')}", (RespondentForm,), attrs)
