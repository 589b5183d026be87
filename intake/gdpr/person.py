"""Who staff are looking for: an e-mail address or a phone number, normalised the way the
sign-up forms store them (the e-mail key of intake.matching, phone E.164), so the same
person is found however the address or number was typed, cased or composed."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from intake import matching


@dataclass(frozen=True)
class Person:
    email: str | None = None
    phone: str | None = None

    @property
    def label(self) -> str:
        return self.email or self.phone or ""

    def matches(self, value) -> bool:
        """Is this stored answer the person's e-mail or phone number?"""
        if not isinstance(value, str) or not value:
            return False
        if self.email and "@" in value and matching.email_key(value) == self.email:
            return True
        return bool(self.phone) and value.strip() == self.phone


def parse(text: str) -> Person | None:
    """An e-mail if it has an @, otherwise a phone number (Danish if no country code)."""
    text = (text or "").strip()
    if not text:
        return None
    if "@" in text:
        try:
            normalized = validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError:
            return None
        return Person(email=matching.email_key(normalized))
    try:
        number = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return Person(phone=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
