"""Parsers for the BRAND_* settings (used by intake.setting_kinds, so start-up checks them and
reports each wrong value in Danish)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
LOGO_TYPES = {".svg": b"<", ".png": b"\x89PNG\r\n\x1a\n"}
LOGO_MAX_BYTES = 200 * 1024


class Invalid(ValueError):
    """The text after the setting's name in the problem, in Danish."""


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of #rrggbb (0.0 black … 1.0 white)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio (1.0 … 21.0) of #rrggbb against white."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def colour(value: Any) -> str:
    """#rrggbb, lower case, dark enough for white text on it and for links on white (WCAG 2.1
    success criterion 1.4.3: contrast at least 4.5:1)."""
    match = HEX.match(str(value or "").strip())
    if not match:
        raise Invalid("skal være en farve som #rrggbb, fx #0059b3")
    hex_colour = "#" + match.group(1).lower()
    ratio = contrast_with_white(hex_colour)
    if ratio < 4.5:
        shown = f"{math.floor(ratio * 100) / 100:.2f}".replace(".", ",")  # 4,49, never "4,5"
        raise Invalid(
            f"({hex_colour}) er for lys: kontrasten til hvid er {shown}:1, og den skal være "
            "mindst 4,5:1 (WCAG 2.1, 1.4.3); vælg en mørkere nuance")
    return hex_colour


def text(value: Any) -> str:
    cleaned = " ".join(str(value or "").split())
    if not cleaned or len(cleaned) > 120:
        raise Invalid("skal være en tekst på 1 til 120 tegn")
    return cleaned


def email(value: Any) -> str:
    try:
        return validate_email(str(value or ""), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise Invalid("skal være en e-mailadresse, fx erhverv@hedensted.dk") from error


def phone(value: Any) -> str:
    """A Danish or international number, shown in the international format (+45 75 …)."""
    try:
        number = phonenumbers.parse(str(value or ""), "DK")
    except phonenumbers.NumberParseException as error:
        raise Invalid("skal være et telefonnummer, fx 79 75 50 00") from error
    if not phonenumbers.is_valid_number(number):
        raise Invalid("skal være et gyldigt telefonnummer, fx 79 75 50 00")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def https_url(value: Any) -> str:
    parts = urlsplit(str(value or "").strip())
    if parts.scheme != "https" or not parts.hostname:
        raise Invalid("skal være en fuld https-adresse, fx https://www.was.digst.dk/…")
    return parts.geturl()


def logo_file(value: Any) -> str:
    """BRAND_LOGO: an SVG or PNG of at most 200 kB (a relative name is in instance/; the
    settings loader makes it absolute first). Returns the absolute path as a string."""
    path = Path(str(value or "").strip())
    suffix = path.suffix.lower()
    if suffix not in LOGO_TYPES:
        raise Invalid("skal være en .svg- eller .png-fil i mappen instance/")
    if not path.is_file():
        raise Invalid(f"findes ikke: {path}")
    data = path.read_bytes()
    if len(data) > LOGO_MAX_BYTES:
        raise Invalid(f"er for stor ({len(data) // 1024} kB); højst 200 kB")
    head = data.lstrip()[:8] if suffix == ".svg" else data[:8]
    if not head.startswith(LOGO_TYPES[suffix]) or (suffix == ".svg" and b"<svg" not in data):
        raise Invalid(f"er ikke en gyldig {suffix[1:].upper()}-fil")
    return str(path.resolve())
