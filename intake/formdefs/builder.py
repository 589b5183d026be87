"""Builds one WTForms class per definition; instances decide visibility and eligibility."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import Optional as OptionalValidator

from intake import clock
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.fields import REGISTRY
from intake.formdefs.schema import FieldDef, FormDef
from intake.formdefs.validators import is_empty


class RowForm(wtforms.Form):
    """One row of a repeat. Its fields are required only when the row has content."""

    _defs: tuple[FieldDef, ...] = ()

    def is_blank(self) -> bool:
        return all(is_empty(self._fields[d.key].data) for d in self._defs if d.has_input)

    def validate(self, extra_validators=None):
        # Validators see prefixed names (deltagere-1-navn), so the set holds those.
        self._required_now = {self._fields[d.key].name for d in self._defs if d.required and d.has_input}
        return super().validate(extra_validators)

    def raw_answers(self):
        return {d.key: self._fields[d.key].data for d in self._defs if d.has_input}


def build_row_form(fdef: FieldDef) -> type:
    attrs: dict[str, Any] = {"_defs": fdef.fields}
    for sub in fdef.fields:
        if sub.has_input:
            attrs[sub.key] = REGISTRY[sub.type].make(sub)
    return type(f"Row_{fdef.key}", (RowForm,), attrs)


class RespondentForm(FlaskForm):
    """Base of every generated public form."""

    definition: FormDef
    submission_key = wtforms.HiddenField(validators=[OptionalValidator()])
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    hp_website = wtforms.StringField(_l("Lad dette felt være tomt"))

    def __init__(self, *args, occasions=None, prefill: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.occasions = occasions if occasions is not None else occasion_rules.upcoming(self.definition)
        for fdef in self.definition.fields:
            if fdef.type == "occasion":
                self[fdef.key].choices = [
                    wtforms.SelectChoice(o.key, occasion_rules.describe(o)) for o in self.occasions
                ]
        if prefill and not self.is_submitted():
            self._prefill(prefill)
        if not self.submission_key.data:
            import secrets

            self.submission_key.data = secrets.token_hex(16)

    def _prefill(self, query) -> None:
        """Values from the link's query string go through the field's own parsing, like a POST."""
        for fdef in self.definition.fields:
            if not (fdef.prefill and fdef.has_input and fdef.type != "repeat") or fdef.key not in query:
                continue
            values = [v[:500] for v in query.getlist(fdef.key)][:50]
            field = self[fdef.key]
            field.process(MultiDict([(field.name, v) for v in values]))
            field.process_errors = []

    # -- visibility ---------------------------------------------------------
    def raw_answers(self) -> dict[str, Any]:
        return {f.key: self[f.key].data for f in self.definition.fields if f.has_input and f.type != "repeat"}

    def visible_keys(self) -> set[str]:
        answers = self.raw_answers()
        shown: set[str] = set()
        for fdef in self.definition.fields:  # in order, so a hidden field hides its dependants
            visible_answers = {k: v for k, v in answers.items() if k in shown}
            if fdef.show_if is None or fdef.show_if.holds(visible_answers):
                shown.add(fdef.key)
        return shown

    def validate(self, extra_validators=None) -> bool:
        self._visible = self.visible_keys()
        answers = self.raw_answers()
        self._required_now = {
            f.key for f in self.definition.fields
            if f.key in self._visible and (f.required or (f.required_if and f.required_if.holds(answers)))
        }
        ok = True
        for name, field in self._fields.items():
            fdef = self.definition.field(name)
            if fdef is not None and name not in self._visible:
                field.errors = []
                continue
            if fdef is not None and fdef.type == "repeat":
                ok = self._validate_repeat(fdef, field) and ok
                continue
            extra = (extra_validators or {}).get(name, [])
            if not field.validate(self, extra):
                ok = False
        # Eligibility runs even when other answers are wrong, so a person meets every problem
        # in one round instead of fixing the form twice.
        return self._check_eligibility() and ok

    def _validate_repeat(self, fdef: FieldDef, field: wtforms.FieldList) -> bool:
        ok, filled, broken = True, 0, []
        for number, entry in enumerate(field.entries, start=1):
            row = entry.form
            if row.is_blank():
                continue
            filled += 1
            if not row.validate():
                ok = False
                broken.extend((number, key, errors) for key, errors in row.errors.items() if errors)
        labels = {sub.key: sub.label for sub in fdef.fields}
        field.errors = [
            _l("Nr. %(n)s, %(field)s: %(message)s", n=number, field=labels.get(key, key), message=errors[0])
            for number, key, errors in broken
        ]
        minimum = max(int(fdef.min or 0), 1 if fdef.key in self._required_now else 0)
        if filled < minimum:
            field.errors.append(_l("Udfyld mindst %(n)s.", n=minimum))
            ok = False
        return ok

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

    # -- results ------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """Cleaned answers of the visible fields, ready to store as JSON."""
        visible = getattr(self, "_visible", None) or self.visible_keys()
        result: dict[str, Any] = {}
        for fdef in self.definition.fields:
            if not fdef.has_input or fdef.key not in visible:
                continue
            field = self[fdef.key]
            data = [entry.form.data for entry in field.entries] if fdef.type == "repeat" else field.data
            result[fdef.key] = REGISTRY[fdef.type].clean(fdef, data)
        return result

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


def build_form_class(form: FormDef) -> type[RespondentForm]:
    attrs: dict[str, Any] = {"definition": form}
    for fdef in form.fields:
        made = REGISTRY[fdef.type].make(fdef)
        if made is not None:
            attrs[fdef.key] = made
    return type(f"Form_{form.slug.replace('-', '_')}", (RespondentForm,), attrs)
