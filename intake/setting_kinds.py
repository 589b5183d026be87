"""Each kind of setting has one parser, used both by the start-up check and for the value
the code then reads, so a setting that passes the check is a setting that works.

A value from an INTAKE_* variable arrives as JSON when it parses as JSON (`587`, `true`),
otherwise as a string; instance/config.py may give Python values. Every parser accepts
both, and `normalise` writes the parsed value back into the config: a duration becomes a
timedelta, a number an int or float, the sender is parsed once by its RFC 5322 parser.
Each wrong value gets one Danish problem naming the setting.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, MutableMapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse_many

from intake.branding import kinds as brand_kinds
from intake.outbox.addresses import UndeliverableAddress, parse_mailbox


class Invalid(ValueError):
    """The text after the setting's name in the problem, in Danish."""


def whole_number(minimum: int, maximum: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise Invalid("skal være et helt tal")
        try:
            number = int(str(value).strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError) as error:
            raise Invalid("skal være et helt tal") from error
        if number < minimum or maximum is not None and number > maximum:
            upper = f" og højst {maximum}" if maximum is not None else ""
            raise Invalid(f"skal være mindst {minimum}{upper}")
        return number

    return parse


def seconds(value: Any) -> float:
    """A positive number of seconds (or minutes, where the name says so)."""
    if isinstance(value, bool):
        raise Invalid("skal være et antal sekunder")
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise Invalid("skal være et antal sekunder") from error
    if not 0 < number < float("inf"):
        raise Invalid("skal være et antal sekunder større end 0")
    return number


def duration(value: Any) -> timedelta:
    """A timedelta, or a number of seconds (INTAKE_STAFF_IDLE_TIMEOUT=1800)."""
    if isinstance(value, timedelta):
        if value <= timedelta(0):
            raise Invalid("skal være en varighed større end 0")
        return value
    try:
        return timedelta(seconds=seconds(value))
    except Invalid as error:
        raise Invalid("skal være en varighed i sekunder, fx 1800") from error


def flag(value: Any) -> bool:
    """true/false (JSON from INTAKE_* variables) or a Python bool; "nej" is not false."""
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    raise Invalid("skal være true eller false")


def rate_limit(value: Any) -> str:
    """A rate-limit string as Flask-Limiter reads it (limits.parse_many), each at least 1."""
    try:
        items = parse_many(str(value))
    except ValueError as error:
        raise Invalid("skal være en grænse som «10 per minute;60 per hour»") from error
    if any(item.amount < 1 for item in items):
        raise Invalid("skal tillade mindst 1 gang per periode")
    return str(value)


def mailbox(value: Any) -> str:
    """One sender `Navn <adresse>`, parsed as the mail transport parses it."""
    try:
        parse_mailbox(str(value or ""))
    except UndeliverableAddress as error:
        raise Invalid(
            f"er ikke en gyldig e-mailadresse: {value!r} ({str(error).split(': ', 1)[-1]})"
        ) from error
    return value


def base_url(value: Any) -> str:
    """A full http(s) address, parsed as intake.links.public_url parses it."""
    example = "skal være en fuld adresse, fx https://intake.hedensted.dk"
    try:
        parts = urlsplit(str(value or ""))
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise Invalid(example) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid(example)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise Invalid(example + " (uden ?, # og brugernavn)")
    return str(value)


def time_zone(value: Any) -> str:
    try:
        zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise Invalid("skal være en tidszone, fx Europe/Copenhagen") from error
    return str(value)


def file_path(value: Any) -> str:
    """A file the service appends to (the deletion log): not empty, not a folder."""
    text = str(value or "").strip()
    if not text:
        raise Invalid("skal være stien til en fil, fx /var/lib/intake/deletion-log.jsonl")
    if Path(text).is_dir():
        raise Invalid("er en mappe; angiv stien til en fil i den, fx deletion-log.jsonl")
    return text


def form_slug(value: Any) -> str:
    """A form's slug as in its file and its address /f/<slug>: lower-case letters, digits, -."""
    text = str(value or "").strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,48}", text):
        raise Invalid("skal være en formulars kortnavn (slug), fx samarbejdsgruppe")
    return text


# Setting name -> parser. MAIL_PORT, MAIL_TIMEOUT, MAIL_DEFAULT_SENDER and PUBLIC_BASE_URL
# keep the wording their problems always had.
KINDS: dict[str, Callable[[Any], Any]] = {
    "MAIL_PORT": whole_number(1, 65535),
    "MAIL_TIMEOUT": seconds,
    "MAIL_DEFAULT_SENDER": mailbox,
    "PUBLIC_BASE_URL": base_url,
    "MAIL_BATCH_SIZE": whole_number(1, 10_000),
    "MAIL_RETRY_BASE_SECONDS": seconds,
    "MAIL_RETRY_MAX_SECONDS": seconds,
    "MAIL_WORKER_INTERVAL": seconds,
    "MAIL_GIVE_UP_AFTER": duration,
    "MAIL_CLAIM_TIMEOUT": duration,
    "OUTBOX_RETENTION_DAYS": whole_number(1),
    "MAIL_USE_TLS": flag,
    "MAIL_USE_SSL": flag,
    "MAIL_SUPPRESS_SEND": flag,
    "STAFF_NOTIFY_ENABLED": flag,
    "MAX_CONTENT_LENGTH": whole_number(1),
    "MAX_FORM_PARTS": whole_number(1),
    "UPLOAD_REQUEST_CEILING_MB": whole_number(1, 2048),
    "PROXY_FIX_X_FOR": whole_number(0, 10),
    "PROXY_FIX_X_PROTO": whole_number(0, 10),
    "SIGNUP_RATE_LIMIT": rate_limit,
    "SIGNUP_EMAIL_RATE_LIMIT": rate_limit,
    "SIGNUP_POST_RATE_LIMIT": rate_limit,
    "FOLLOWUP_TOKEN_RATE_LIMIT": rate_limit,
    "FOLLOWUP_LOST_LINK_RATE_LIMIT": rate_limit,
    "FOLLOWUP_LOST_LINK_EMAIL_LIMIT": rate_limit,
    "MINE_LOST_LINK_RATE_LIMIT": rate_limit,
    "MINE_LOST_LINK_EMAIL_LIMIT": rate_limit,
    "FOLLOWUP_SESSION_IDLE_MINUTES": seconds,
    "FOLLOWUP_REMINDER_CHECK_SECONDS": seconds,
    "STAFF_IDLE_TIMEOUT": duration,
    "STAFF_SESSION_MAX_AGE": duration,
    "STAFF_LOGIN_WINDOW": duration,
    "STAFF_LOGIN_MAX_PER_ACCOUNT": whole_number(1),
    "STAFF_LOGIN_MAX_PER_IP": whole_number(1),
    "PERMANENT_SESSION_LIFETIME": duration,
    "TIMEZONE": time_zone,
    "DELETION_LOG_PATH": file_path,
    "GROUPS_FORM": form_slug,
    "BRAND_NAME": brand_kinds.text,
    "BRAND_AUTHORITY": brand_kinds.text,
    "BRAND_PRIMARY_COLOUR": brand_kinds.colour,
    "BRAND_CONTACT_EMAIL": brand_kinds.email,
    "BRAND_CONTACT_PHONE": brand_kinds.phone,
    "BRAND_CONTACT_ADDRESS": brand_kinds.text,
    "BRAND_LOGO": brand_kinds.logo_file,
    "BRAND_ACCESSIBILITY_URL": brand_kinds.https_url,
}

_WORDING = {  # the problems these settings always had, so the report reads the same
    "MAIL_PORT": "MAIL_PORT skal være et portnummer, ikke {value!r}.",
    "MAIL_TIMEOUT": "MAIL_TIMEOUT skal være et antal sekunder.",
}


def normalise(config: MutableMapping[str, Any]) -> list[str]:
    """Parse every known setting that is set; write the parsed value back; return problems."""
    problems = []
    for name, parse in KINDS.items():
        if config.get(name) is None:
            continue
        try:
            config[name] = parse(config[name])
        except (Invalid, brand_kinds.Invalid) as error:
            wording = _WORDING.get(name)
            problems.append(wording.format(value=config[name]) if wording else f"{name} {error}.")
    if not problems and config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        problems.append("MAIL_USE_TLS og MAIL_USE_SSL kan ikke begge være true; vælg én.")
    return problems
