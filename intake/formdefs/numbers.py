"""Numbers, dates and times as Danes write them, read exactly or refused (issue 8 §5).

Danish writes the decimal comma (`7,5`) and groups thousands with a point or a space
(`1.000`, `1 000`). A separator is never dropped: `7.5` is not a Danish way to write
seventy-five, so it is refused with a message instead of being read as 75. Only ASCII digits
count, so `١٢` or `1_000` (which Python's int() accepts) are refused too.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

# A group separator: point, space, no-break space or narrow no-break space; one kind per number.
_GROUPED = r"[0-9]{1,3}(?:(?P<sep>[. \u00a0\u202f])[0-9]{3})(?:(?P=sep)[0-9]{3})*"
_INTEGER = re.compile(rf"(?P<sign>[+\-\u2212]?)(?P<digits>[0-9]+|{_GROUPED})")
_DECIMAL = re.compile(rf"(?P<sign>[+\-\u2212]?)(?P<digits>[0-9]+|{_GROUPED})(?:,(?P<frac>[0-9]+))?")
_LOOKS_DECIMAL = re.compile(r"[+\-\u2212]?[0-9]*[.,][0-9]+")

INTEGER_MESSAGE = _l("Skriv et helt tal, fx 12.")
WHOLE_ONLY_MESSAGE = _l("Skriv et helt tal uden komma eller punktum, fx 8.")
DECIMAL_MESSAGE = _l("Skriv et tal, fx 12 eller 7,5.")
DECIMAL_COMMA_MESSAGE = _l("Brug komma før decimalerne, fx 7,5.")


class NumberError(ValueError):
    """The text is not a number written the Danish way; args[0] is the Danish message."""


def _digits(match: re.Match) -> str:
    return re.sub(r"[^0-9]", "", match.group("digits"))


def parse_integer(text: str) -> int:
    """'12', '-3', '1.000', '1 000' -> int. Raises NumberError for '7.5', '7,5', '1_000', 'fem'.

    A decimal gets its own message: a whole-number field never rounds or drops the separator.
    """
    text = (text or "").strip()
    match = _INTEGER.fullmatch(text)
    if match is None:
        if _LOOKS_DECIMAL.fullmatch(text.replace(" ", "")):
            raise NumberError(WHOLE_ONLY_MESSAGE)
        raise NumberError(INTEGER_MESSAGE)
    value = int(_digits(match))
    return -value if match.group("sign") in ("-", "\u2212") else value


def parse_decimal(text: str) -> Decimal:
    """'7,5', '1.234,5', '1 234,5', '12' -> Decimal. Raises NumberError for '7.5' and '1.234'.

    A point without a comma is ambiguous (English decimal point or Danish thousands), so it is
    refused with a message instead of guessed.
    """
    text = (text or "").strip()
    match = _DECIMAL.fullmatch(text)
    if match is None or (match.group("sep") == "." and match.group("frac") is None):
        if "." in text and "," not in text:
            raise NumberError(DECIMAL_COMMA_MESSAGE)
        raise NumberError(DECIMAL_MESSAGE)
    number = _digits(match) + ("." + match.group("frac") if match.group("frac") else "")
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise NumberError(DECIMAL_MESSAGE) from None
    return -value if match.group("sign") in ("-", "\u2212") else value


def format_decimal(value: Decimal | float | int, places: int | None = None) -> str:
    """A number the Danish way for pages and mails: '7,5', '-0,25' (no grouping)."""
    number = Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    text = format(number, "f")
    return text.replace(".", ",")


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DANISH_DATE = re.compile(r"([0-9]{1,2})([-./])([0-9]{1,2})\2([0-9]{4})")
_TIME = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))?")


def parse_date(text: str) -> date:
    """'2027-12-31', '31-12-2027', '31.12.2027', '31/12/2027' -> date (day first, as in Danish).

    Which part is the year follows from the pattern that matched, never from the size of a
    number. Raises NumberError with a Danish message for other shapes and for days that do not
    exist (31-02-2027).
    """
    text = (text or "").strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(p) for p in match.groups())
    elif match := _DANISH_DATE.fullmatch(text):
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        raise NumberError(_l("Skriv en gyldig dato, fx 24-12-2026."))
    try:
        return date(year, month, day)
    except ValueError:
        raise NumberError(_l(
            "Datoen %(text)s findes ikke i kalenderen. Tjek dag og måned, fx 24-12-2026.", text=text
        )) from None


def parse_time(text: str) -> time:
    """'12:00' (the browser's time input), '12.00' and '9.30' (Danish 'kl. 9.30'), '9' -> time.

    Raises NumberError for other shapes and for times that do not exist (24.00, 12.75).
    """
    match = _TIME.fullmatch((text or "").strip())
    if match is None:
        raise NumberError(_l("Skriv et klokkeslæt, fx 12:00."))
    try:
        return time(int(match.group(1)), int(match.group(2) or 0))
    except ValueError:
        raise NumberError(_l("Klokkeslættet findes ikke. Skriv timer fra 0 til 23 og minutter fra "
                             "00 til 59, fx 12:00.")) from None
