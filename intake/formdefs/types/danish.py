"""Danish field types: phone numbers (phonenumbers), CVR (python-stdnum) and postcodes."""

from __future__ import annotations

import re

import phonenumbers
from flask_babel import lazy_gettext as _l
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError
from wtforms import widgets
from wtforms.validators import StopValidation

from intake.formdefs import postcodes
from intake.formdefs.schema import Text
from intake.formdefs.types.base import FieldType, TypedStringField, register, strip


class PhoneValid:
    def __call__(self, form, field):
        try:
            number = phonenumbers.parse(field.data, "DK")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise StopValidation(
                _l("Skriv et gyldigt telefonnummer, fx 20 12 34 56 eller +46 70 123 45 67."))
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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


def phone_cell(value) -> str | None:
    """'12 34 56 78' for a Danish number without a phonenumbers parse (the common case on
    every row of an export); other numbers in international form, as format_phone gives them."""
    if not value:
        return None
    if (isinstance(value, str) and len(value) == 11 and value.startswith("+45")
            and value[3:].isdigit()):
        return f"{value[3:5]} {value[5:7]} {value[7:9]} {value[9:11]}"
    return format_phone(str(value)) or None


@register
class PhoneType(FieldType):
    name = "phone"
    label = Text("telefon", "phone")
    max_length_default = 30
    autocomplete = "tel"
    column_width = 14

    def make(self, fdef):
        return TypedStringField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default,
            render_kw=self.render_kw(fdef) | {"inputmode": "tel"}, widget=widgets.TelInput(),
        )

    def type_validators(self, fdef):
        return [PhoneValid()]

    def display(self, fdef, value):
        return format_phone(value)

    def export_maker(self, fdef, codes):
        """As people write it (20 12 34 56); as stored (+4520123456) in the codes export."""
        if codes:
            return None
        key = fdef.key
        return lambda a: [phone_cell(a.get(key))]


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
    label = Text("CVR-nummer", "CVR number")
    max_length_default = 20
    export_plain = True
    column_width = 10

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
    label = Text("postnummer", "postcode")
    max_length_default = 10
    autocomplete = "postal-code"
    export_plain = True
    column_width = 10

    def render_kw(self, fdef):
        return super().render_kw(fdef) | {"inputmode": "numeric"}

    def type_validators(self, fdef):
        return [PostcodeValid()]

    def display(self, fdef, value):
        if not value:
            return ""
        town = postcodes.town(value)
        return f"{value} {town}" if town else value
