"""The `consent` field type: one check box whose label is the consent's wording (issue 14 §4).

A form asks, for example, "Ja tak, send mig nyt fra Hedensted Erhverv" (`purpose: news`) or,
in a follow-up's general part, "Mit navn må vises ved mine mål ..." (`purpose: name`).

Stored answer (contract C1), when ticked::

    {"given": true, "at": "2026-11-30T09:12:00+00:00", "wording": "<label as shown>",
     "lang": "da" | "en"}

`at` is the time of the POST in UTC to the second, `wording` the label in the language the
page was shown in and `lang` that language ("en" only when the form has an English label and
the page was English). Not ticked: None (nothing is given).

Consent must be freely given, specific and unambiguous (GDPR art. 4(11), 7(4); a pre-ticked
box is no consent: CJEU C-673/17 "Planet49"), so this type has no `required`, `default` or
`prefill`, and no show_if of another field can depend on it. It is asked only directly in a
form's `fields` (a follow-up's general part included): never in a repeat's rows nor in
`goal_fields`, since a consent belongs to the person, not to a row or a goal.

The type cannot see earlier answers (a POST is parsed on its own), so a changed answer that
is still ticked gets a new `at` from `clean`; the services put the first one back:
`keep_earlier` (used by intake.signups.edits.change through intake.consents.service) and
`without_times` (replayed POSTs, intake.signups.service.submit).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import wtforms
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from intake import clock
from intake.exports.cells import Column
from intake.formdefs.schema import FieldDef, Text
from intake.formdefs.types.base import IDENTITY, FieldType, prop, register
from intake.i18n import date_pattern

NAME = "consent"
PURPOSES = ("news", "name")
NEWS, SHOW_NAME = PURPOSES
PURPOSE = prop("purpose", "Formål (news: nyheder, name: navnet må vises offentligt)",
               "Purpose (news: news mail, name: the name may be shown in public)", "choice",
               allowed=PURPOSES, default=NEWS)
VALUE_KEYS = frozenset({"given", "at", "wording", "lang"})


def is_given(value: Any) -> bool:
    """True only for a stored consent answer (a dict) with `"given": true`."""
    return isinstance(value, dict) and value.get("given") is True


def withdrawn(value: dict, moment: datetime) -> dict:
    """A given consent answer marked as withdrawn at `moment` (aware): `given` false, the
    first `at`, wording and language kept, `withdrawn_at` added (ISO 8601, UTC)."""
    return {**value, "given": False,
            "withdrawn_at": moment.astimezone(UTC).replace(microsecond=0).isoformat()}


def withdrawn_at(value: Any) -> datetime | None:
    """When a consent answer was withdrawn (aware UTC); None when it was not."""
    if not isinstance(value, dict) or value.get("given") is not False:
        return None
    return _aware(value.get("withdrawn_at"))


def purpose(fdef: FieldDef) -> str:
    """The field's purpose: "news" (default) or "name"."""
    return fdef.extra.get("purpose") or NEWS


def given_at(value: Any) -> datetime | None:
    """The aware UTC time of a given consent answer; None when not given or unreadable."""
    return _aware(value.get("at")) if is_given(value) else None


def _aware(text: Any) -> datetime | None:
    """A stored ISO 8601 time with its offset; None when missing, unreadable or naive."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def consent_fields(fields, wanted: str | None = None) -> list[FieldDef]:
    """The `consent` fields among `fields` (a definition's `fields`), of one purpose if given."""
    return [f for f in fields if f.type == NAME and (wanted is None or purpose(f) == wanted)]


def keep_earlier(fields, earlier: dict | None, answers: dict, keep=None) -> dict:
    """`answers` with each consent that was given before and is still ticked put back as it
    was first given (its `at`, wording and language): re-saving a form renews nothing.

    `keep(fdef) -> bool` may refuse a field (a news consent withdrawn since, which a new tick
    gives afresh); by default every still-ticked field keeps its earlier answer. A new dict."""
    result = dict(answers)
    for fdef in consent_fields(fields):
        old = (earlier or {}).get(fdef.key)
        if is_given(old) and is_given(result.get(fdef.key)) and (keep is None or keep(fdef)):
            result[fdef.key] = old
        elif withdrawn_at(old) and not result.get(fdef.key):
            result[fdef.key] = old  # still withdrawn: the record of it stays
    return result


def without_times(answers: dict | None) -> dict:
    """The answers with each consent's `at` left out: what a replayed POST is compared by
    (a double click a second later is the same answer)."""

    def plain(value):
        if is_given(value) and value.keys() <= VALUE_KEYS:
            return {k: v for k, v in value.items() if k != "at"}
        return value

    return {key: plain(value) for key, value in (answers or {}).items()}


def shown_at(moment: datetime) -> str:
    """"30. november 2026 kl. 10.12" in Danish time, in the request's language (the display
    of a given or withdrawn consent), as the `local` template filter shows times."""
    return format_datetime(moment, date_pattern("d. MMMM y 'kl.' HH.mm"))


def _language() -> str:
    try:
        return str(get_locale() or "da")
    except (RuntimeError, AttributeError):
        return "da"


@register
class ConsentType(FieldType):
    """One check box; see the module docstring for what is stored and why."""

    name = NAME
    label = Text("samtykke", "consent")
    value = "consent"  # a dict as in the module docstring, or None
    excel = "text"
    top_level_only = True
    max_length_default = None
    properties = IDENTITY + (PURPOSE,)
    column_width = 6
    template = """\
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    {% if fdef.show_if %}<span class="form-hint cond-hint" id="cond-{{ key }}">
      {{- condition_hint(definition, fdef.show_if) }}</span>{% endif %}
    {% if field and field.errors %}
      <span class="form-error-message" id="err-{{ key }}"><span class="sr-only">
        {{- _("Fejl") }}: </span>{{ field.errors|join(" ") }}</span>
    {% endif %}
    <div class="form-group-checkbox">
      {% set _unused = attrs.update({'class': 'form-checkbox'}) %}
      {{ field(**attrs) }}
      <label for="{{ key }}">{{ fdef.label }}</label>
      {% if fdef.help %}<span class="form-hint option-description" id="help-{{ key }}">
        {{- fdef.help }}</span>{% endif %}
    </div>
{% endmacro %}
"""

    def make(self, fdef):
        return wtforms.BooleanField(fdef.label, default=False)

    def validators(self, fdef):
        return []

    def clean(self, fdef, data):
        """A given consent with the time, wording and language of this request; None."""
        if is_given(data):
            return data
        if not data:
            return None
        english = _language().startswith("en") and bool(fdef.label.en)
        return {
            "given": True,
            "at": clock.now().replace(microsecond=0).isoformat(),
            "wording": fdef.label.en if english else fdef.label.da,
            "lang": "en" if english else "da",
        }

    def from_stored(self, fdef, value):
        return is_given(value)

    def display(self, fdef, value):
        """"Ja (givet 30.11.2026 kl. 10.12)" in Danish time; "Nej (trukket tilbage …)";
        "" when not given."""
        if (gone := withdrawn_at(value)) is not None:
            return _("Nej (trukket tilbage %(when)s)", when=shown_at(gone))
        if not is_given(value):
            return ""
        moment = given_at(value)
        if moment is None:
            return _("Ja")
        return _("Ja (givet %(when)s)", when=shown_at(moment))

    def posted_text(self, fdef, formdata, name):
        value = formdata.get(name)
        return _("Ja") if value and value not in ("false", "") else ""

    def option_codes(self, fdef):
        return set()  # no show_if may depend on a consent (module docstring)

    def export_columns(self, fdef, codes):
        return [Column(fdef.label.da, "text", self.column_width),
                Column(f"{fdef.label.da} – givet", "datetime")]

    def export_maker(self, fdef, codes):
        """"Ja", "Trukket tilbage" or empty, and when it was given (Danish wall-clock time,
        as Excel has no zones)."""
        key = fdef.key

        def cells(answers: dict) -> list:
            value = answers.get(key)
            if withdrawn_at(value) is not None:
                return ["Trukket tilbage", None]
            if not is_given(value):
                return [None, None]
            moment = given_at(value)
            local = clock.to_local(moment).replace(tzinfo=None) if moment else None
            return ["Ja", local]

        return cells

    def export_describe(self, sheet, fdef, codes, prefix=""):
        return [
            [sheet, fdef.label.da, prefix + fdef.key, self.label.da, fdef.label.da, "", "",
             "Nej"],
            [sheet, f"{fdef.label.da} – givet", prefix + fdef.key, "tidspunkt",
             "Hvornår samtykket blev givet (dansk tid)", "", "", ""],
        ]
