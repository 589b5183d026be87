"""The registry of field types. Each type turns a FieldDef into a WTForms field, cleans the
submitted value into what is stored, and says how the value reads to a person and in Excel.

A new type is a class with @register; the loader, the builder, the exports and the
definition checks all find it here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import phonenumbers
import wtforms
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError
from wtforms import SelectChoice, widgets
from wtforms.validators import StopValidation, ValidationError

from intake.formdefs import postcodes
from intake.formdefs.schema import FieldDef
from intake.formdefs.validators import CleanText, LengthLimit, Pattern, RequiredWhenShown

REGISTRY: dict[str, FieldType] = {}


def register(cls):
    REGISTRY[cls.name] = cls()
    return cls


def strip(value):
    return value.strip() if isinstance(value, str) else value


class FieldType:
    name = ""
    excel = "text"  # text | number | date | list
    has_options = False
    max_length_default: int | None = 200
    autocomplete: str | None = None
    allowed_keys: frozenset[str] = frozenset()

    def make(self, fdef: FieldDef) -> wtforms.Field:
        return wtforms.StringField(
            fdef.label, validators=self.validators(fdef), filters=[strip],
            default=fdef.default, render_kw=self.render_kw(fdef),
        )

    def validators(self, fdef: FieldDef) -> list:
        chain: list = [RequiredWhenShown(fdef), CleanText(multiline=self.name == "textarea")]
        max_length = fdef.max_length if fdef.max_length is not None else self.max_length_default
        if max_length is not None or fdef.min_length is not None:
            chain.append(LengthLimit(fdef.min_length, max_length))
        if fdef.pattern:
            chain.append(Pattern(fdef.pattern, fdef.pattern_message))
        chain.extend(self.type_validators(fdef))
        return chain

    def type_validators(self, fdef: FieldDef) -> list:
        return []

    def render_kw(self, fdef: FieldDef) -> dict[str, Any]:
        kw: dict[str, Any] = {}
        autocomplete = fdef.autocomplete or self.autocomplete
        if autocomplete:
            kw["autocomplete"] = autocomplete
        max_length = fdef.max_length if fdef.max_length is not None else self.max_length_default
        if max_length:
            kw["maxlength"] = max_length
        return kw

    def clean(self, fdef: FieldDef, data: Any) -> Any:
        """What is stored in the JSON answers: plain JSON values only."""
        if data in ("", None, []):
            return None
        return data

    def display(self, fdef: FieldDef, value: Any) -> str:
        return "" if value is None else str(value)

    def check(self, fdef: FieldDef, problem) -> None:
        """Type-specific definition checks; `problem(msg)` records a mistake."""


@register
class TextType(FieldType):
    name = "text"


@register
class TextareaType(FieldType):
    name = "textarea"
    max_length_default = 5000

    def make(self, fdef):
        kw = self.render_kw(fdef)
        kw.setdefault("rows", 5)
        return wtforms.TextAreaField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default, render_kw=kw
        )


class EmailValid:
    def __call__(self, form, field):
        try:
            field.data = validate_email(field.data, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise StopValidation(_l("Skriv en gyldig e-mailadresse, fx navn@firma.dk.")) from error


@register
class EmailType(FieldType):
    name = "email"
    max_length_default = 254
    autocomplete = "email"

    def make(self, fdef):
        return wtforms.EmailField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default,
            render_kw=self.render_kw(fdef),
        )

    def type_validators(self, fdef):
        return [EmailValid()]


class IntegerRange:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        if field.data is None:
            return
        if self.minimum is not None and field.data < self.minimum:
            raise ValidationError(_l("Tallet skal være mindst %(n)s.", n=self.minimum))
        if self.maximum is not None and field.data > self.maximum:
            raise ValidationError(_l("Tallet må højst være %(n)s.", n=self.maximum))


class DanishIntegerField(wtforms.IntegerField):
    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip().replace(".", "").replace(" ", ""))
        except ValueError:
            self.data = None
            raise ValueError(_l("Skriv et helt tal, fx 12.")) from None


@register
class IntegerType(FieldType):
    name = "integer"
    excel = "number"
    max_length_default = None

    def make(self, fdef):
        kw = self.render_kw(fdef) | {"inputmode": "numeric"}
        if fdef.min is not None:
            kw["min"] = fdef.min
        if fdef.max is not None:
            kw["max"] = fdef.max
        return DanishIntegerField(
            fdef.label, validators=[RequiredWhenShown(fdef), IntegerRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=kw, widget=widgets.NumberInput(),
        )


class DanishDateField(wtforms.DateField):
    """Accepts the browser's ISO date and the Danish 24-12-2026 / 24.12.2026 forms."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})"):
            match = re.fullmatch(pattern, text)
            if match:
                parts = [int(p) for p in match.groups()]
                year, month, day = parts if parts[0] > 31 else parts[::-1]
                try:
                    self.data = date(year, month, day)
                    return
                except ValueError:
                    break
        self.data = None
        raise ValueError(_l("Skriv en gyldig dato, fx 24-12-2026."))


class DateRange:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        if field.data is None:
            return
        if self.minimum and field.data < self.minimum:
            raise ValidationError(_l("Datoen må ikke være før %(d)s.", d=self.minimum.strftime("%d-%m-%Y")))
        if self.maximum and field.data > self.maximum:
            raise ValidationError(_l("Datoen må ikke være efter %(d)s.", d=self.maximum.strftime("%d-%m-%Y")))


@register
class DateType(FieldType):
    name = "date"
    excel = "date"
    max_length_default = None

    def make(self, fdef):
        return DanishDateField(
            fdef.label, validators=[RequiredWhenShown(fdef), DateRange(fdef.min, fdef.max)],
            default=fdef.default, render_kw=self.render_kw(fdef), widget=widgets.DateInput(),
        )

    def clean(self, fdef, data):
        return data.isoformat() if data else None

    def display(self, fdef, value):
        return date.fromisoformat(value).strftime("%d-%m-%Y") if value else ""

    def check(self, fdef, problem):
        for bound in ("min", "max"):
            value = getattr(fdef, bound)
            if value is not None and not isinstance(value, date):
                problem(f"'{bound}' skal være en dato som 2026-12-24")


class ChoiceBase(FieldType):
    has_options = True
    max_length_default = None

    def choices(self, fdef):
        return [SelectChoice(o.code, o.label) for o in fdef.options]

    def display(self, fdef, value):
        if value is None:
            return ""
        codes = value if isinstance(value, list) else [value]
        return ", ".join(str(o.label) if (o := fdef.option(str(c))) else str(c) for c in codes)

    def check(self, fdef, problem):
        if not fdef.options:
            problem("har ingen svarmuligheder ('options' er tom)")
        seen = set()
        for option in fdef.options:
            if option.code in seen:
                problem(f"svarmuligheden '{option.code}' står to gange")
            seen.add(option.code)


class VisibleOption:
    """An option with its own show_if is only valid when its condition holds."""

    def __init__(self, fdef):
        self.fdef = fdef

    def __call__(self, form, field):
        codes = field.data if isinstance(field.data, list) else [field.data]
        answers = form.raw_answers()
        for code in codes:
            option = self.fdef.option(str(code)) if code is not None else None
            if code is not None and option is None:
                raise StopValidation(_l("Vælg en af mulighederne."))
            if option is not None and option.show_if and not option.show_if.holds(answers):
                raise StopValidation(_l("Den valgte mulighed passer ikke til dine andre svar."))


class LenientRadioField(wtforms.RadioField):
    """Invalid choices are reported by VisibleOption in Danish instead of WTForms' English."""

    def pre_validate(self, form):
        return None


class LenientSelectField(wtforms.SelectField):
    def pre_validate(self, form):
        return None


class LenientMultiField(wtforms.SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        return None

    def process_formdata(self, valuelist):
        self.data = [v for v in valuelist if v]


@register
class ChoiceType(ChoiceBase):
    name = "choice"

    def make(self, fdef):
        cls = LenientSelectField if fdef.widget == "select" else LenientRadioField
        choices = self.choices(fdef)
        if fdef.widget == "select":
            choices = [SelectChoice("", _l("Vælg …")), *choices]
        return cls(
            fdef.label, choices=choices, validators=[RequiredWhenShown(fdef), VisibleOption(fdef)],
            default=fdef.default, validate_choice=False,
        )

    def check(self, fdef, problem):
        super().check(fdef, problem)
        if fdef.widget not in (None, "radio", "select"):
            problem("'widget' skal være radio eller select")


class SelectionCount:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        count = len(field.data or [])
        if self.minimum and count < self.minimum:
            raise ValidationError(_l("Vælg mindst %(n)s.", n=self.minimum))
        if self.maximum and count > self.maximum:
            raise ValidationError(_l("Vælg højst %(n)s.", n=self.maximum))


@register
class MultichoiceType(ChoiceBase):
    name = "multichoice"
    excel = "list"

    def make(self, fdef):
        return LenientMultiField(
            fdef.label, choices=self.choices(fdef), default=fdef.default or [],
            validators=[RequiredWhenShown(fdef), VisibleOption(fdef), SelectionCount(fdef.min, fdef.max)],
            validate_choice=False,
        )

    def clean(self, fdef, data):
        return list(data) if data else []


@register
class YesNoType(ChoiceBase):
    name = "yesno"

    def choices(self, fdef):
        return [SelectChoice("ja", _l("Ja")), SelectChoice("nej", _l("Nej"))]

    def make(self, fdef):
        return LenientRadioField(
            fdef.label, choices=self.choices(fdef), default=fdef.default,
            validators=[RequiredWhenShown(fdef), OneOf({"ja", "nej"})], validate_choice=False,
        )

    def display(self, fdef, value):
        return {"ja": str(_l("Ja")), "nej": str(_l("Nej"))}.get(value, "")

    def check(self, fdef, problem):
        if fdef.options:
            problem("ja/nej-felter har faste svarmuligheder; fjern 'options'")


class OneOf:
    def __init__(self, codes):
        self.codes = codes

    def __call__(self, form, field):
        if field.data not in self.codes:
            raise StopValidation(_l("Vælg en af mulighederne."))


class OfferedChoice:
    """Only dates the page offered can be booked; a forged date would bypass capacity."""

    def __call__(self, form, field):
        offered = {str(choice.value) for choice in field.choices}
        codes = field.data if isinstance(field.data, list) else [field.data]
        if any(str(code) not in offered for code in codes if code not in (None, "")):
            raise StopValidation(_l("Vælg en af mulighederne."))


class PhoneValid:
    def __call__(self, form, field):
        try:
            number = phonenumbers.parse(field.data, "DK")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise StopValidation(_l("Skriv et gyldigt telefonnummer, fx 12 34 56 78 eller +46 70 123 45 67."))
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@register
class PhoneType(FieldType):
    name = "phone"
    max_length_default = 30
    autocomplete = "tel"

    def make(self, fdef):
        return wtforms.StringField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default,
            render_kw=self.render_kw(fdef) | {"inputmode": "tel"}, widget=widgets.TelInput(),
        )

    def type_validators(self, fdef):
        return [PhoneValid()]

    def display(self, fdef, value):
        return format_phone(value)


def format_phone(value: str | None) -> str:
    """Danish numbers as 'xx xx xx xx', others in international form."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "DK")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 45:
        digits = phonenumbers.national_significant_number(number)
        return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class CvrValid:
    def __call__(self, form, field):
        try:
            field.data = stdnum_cvr.validate(field.data)
        except StdnumError as error:
            raise StopValidation(
                _l("CVR-nummeret er ikke gyldigt. Det har 8 cifre, fx 13 74 81 36.")
            ) from error


@register
class CvrType(FieldType):
    name = "cvr"
    max_length_default = 20

    def render_kw(self, fdef):
        return super().render_kw(fdef) | {"inputmode": "numeric"}

    def type_validators(self, fdef):
        return [CvrValid()]

    def display(self, fdef, value):
        return value or ""


class PostcodeValid:
    def __call__(self, form, field):
        code = re.sub(r"\s", "", field.data or "")
        if not re.fullmatch(r"\d{4}", code):
            raise StopValidation(_l("Skriv et postnummer med 4 cifre, fx 8722."))
        if postcodes.town(code) is None:
            raise StopValidation(_l("Postnummeret %(code)s findes ikke i Danmark.", code=code))
        field.data = code


@register
class PostcodeType(FieldType):
    name = "postcode"
    max_length_default = 10
    autocomplete = "postal-code"

    def render_kw(self, fdef):
        return super().render_kw(fdef) | {"inputmode": "numeric"}

    def type_validators(self, fdef):
        return [PostcodeValid()]

    def display(self, fdef, value):
        if not value:
            return ""
        town = postcodes.town(value)
        return f"{value} {town}" if town else value


@register
class InfoType(FieldType):
    name = "info"

    def make(self, fdef):
        return None

    def check(self, fdef, problem):
        if not fdef.text:
            problem("info-felter skal have en 'text'")


@register
class OccasionType(FieldType):
    """Dated occasions from the form's list or monthly rule; choices are set per request."""

    name = "occasion"
    excel = "list"
    max_length_default = None

    def make(self, fdef):
        validators = [RequiredWhenShown(fdef), OfferedChoice(), SelectionCount(fdef.min, fdef.max)]
        if fdef.extra.get("multiple"):
            return LenientMultiField(fdef.label, choices=[], validators=validators, validate_choice=False)
        return LenientRadioField(fdef.label, choices=[], validators=validators[:2], validate_choice=False)

    def clean(self, fdef, data):
        if not data:
            return [] if fdef.extra.get("multiple") else None
        return list(data) if isinstance(data, list) else data

    def display(self, fdef, value):
        from intake.formdefs.occasions import describe_key

        codes = value if isinstance(value, list) else ([value] if value else [])
        return ", ".join(describe_key(c) for c in codes)


@register
class RepeatType(FieldType):
    """A block of sub-fields entered 1..N times; empty rows are ignored."""

    name = "repeat"
    excel = "rows"
    max_length_default = None

    def make(self, fdef):
        from intake.formdefs.builder import build_row_form

        return wtforms.FieldList(
            wtforms.FormField(build_row_form(fdef)), label=fdef.label,
            min_entries=int(fdef.max or 1), max_entries=int(fdef.max or 1),
        )

    def clean(self, fdef, data):
        rows = []
        for row in data or []:
            cleaned = {sub.key: REGISTRY[sub.type].clean(sub, row.get(sub.key)) for sub in fdef.fields if sub.has_input}
            if any(v not in (None, "", []) for v in cleaned.values()):
                rows.append(cleaned)
        return rows

    def display(self, fdef, value):
        lines = []
        for row in value or []:
            lines.append(", ".join(
                REGISTRY[sub.type].display(sub, row.get(sub.key)) for sub in fdef.fields if sub.has_input
            ))
        return "; ".join(lines)

    def check(self, fdef, problem):
        if not fdef.fields:
            problem("en gentagelse ('repeat') skal have underfelter under 'fields'")
        for sub in fdef.fields:
            if sub.type in ("repeat", "occasion"):
                problem(f"underfeltet '{sub.key}' kan ikke være af typen {sub.type}")
        if not isinstance(fdef.min or 1, int) or not isinstance(fdef.max or 1, int):
            problem("'min' og 'max' skal være hele tal")
        elif (fdef.min or 1) > (fdef.max or 1):
            problem("'min' må ikke være større end 'max'")
