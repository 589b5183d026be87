"""Which e-mail addresses intake can deliver to, decided in one place for every way in.

intake speaks plain SMTP and does not use the SMTPUTF8 extension (RFC 6531): an address
with letters outside ASCII before the @ (`søren@firma1.dk`) would need it at every hop,
and a server or a later reply that lacks it bounces the mail. So such an address is
refused where it is typed, with a Danish message, instead of being accepted and failing in
the outbox. A domain with Danish letters (`post@ærø.dk`) is fine: it is stored as typed
and sent in its ASCII (IDNA, RFC 5891) form `xn--…`.

The check is email-validator's, without a DNS look-up (forms must answer offline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import errors, policy
from functools import lru_cache

from email_validator import EmailNotValidError, ValidatedEmail, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

_LINE_BREAK = re.compile(r"[\r\n\x00]")

INVALID = _l("Skriv en gyldig e-mailadresse, fx navn@firma.dk.")
NEEDS_SMTPUTF8 = _l(
    "Vi kan ikke sende mail til en adresse med æ, ø, å eller andre specialtegn før @. "
    "Skriv en anden adresse, fx navn@firma.dk."
)


class UndeliverableAddress(ValueError):
    """An address intake cannot send to.

    `message` is the Danish text for the person (lazily translated); `str(error)` is the
    plain reason for logs and the mail log.
    """

    def __init__(self, address: str, message, detail: str):
        self.address = address
        self.message = message
        super().__init__(f"{address!r}: {detail}")


def _validated(address: str) -> ValidatedEmail:
    text = str(address)
    if _LINE_BREAK.search(text):
        raise UndeliverableAddress(text, INVALID, "indeholder et linjeskift")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise UndeliverableAddress(text, INVALID, str(error)) from error
    if result.smtputf8:
        raise UndeliverableAddress(
            text, NEEDS_SMTPUTF8,
            "tegn uden for ASCII før @ kræver SMTPUTF8, som intake ikke bruger",
        )
    return result


def deliverable(address: str) -> str:
    """The address as stored and shown: `validate_email(...).normalized` (Unicode NFC domain).

    Raises UndeliverableAddress for anything not an address, or one that needs SMTPUTF8.
    Callers that match addresses lower-case the result themselves.
    """
    return _validated(address).normalized


def is_deliverable(address: str | None) -> bool:
    """True when `deliverable` would accept the address; False for None or empty."""
    if not address:
        return False
    try:
        _validated(address)
    except UndeliverableAddress:
        return False
    return True


def smtp_form(address: str) -> str:
    """The ASCII form for MAIL FROM, RCPT TO and the To:/From: headers (IDNA domain).

    The same check as `deliverable`, so an address that passed at the field is sent, and
    one stored before the check existed fails its own message with a reason, not the worker.
    """
    return _validated(address).ascii_email


@dataclass(frozen=True)
class Mailbox:
    """A display name and an address, e.g. from MAIL_DEFAULT_SENDER."""

    display_name: str
    address: str  # as `deliverable` returns it
    ascii_address: str  # as `smtp_form` returns it

    @property
    def domain(self) -> str:
        """The ASCII domain, e.g. for Message-IDs and calendar UIDs."""
        return self.ascii_address.rsplit("@", 1)[-1]


def parse_mailbox(value: str) -> Mailbox:
    """One mailbox in RFC 5322 form: `Navn <adresse>`, `"Navn, med komma" <adresse>` or an address.

    Parsed by the standard library's RFC 5322 header parser, then `deliverable`. An unquoted
    comma makes two mailboxes and is refused, not silently cut at the comma. Raises
    UndeliverableAddress whose `message` says what to write instead.
    """
    text = str(value or "").strip()
    if _LINE_BREAK.search(text):
        raise UndeliverableAddress(text, INVALID, "indeholder et linjeskift")
    header = policy.strict.header_factory("From", text)
    found = header.addresses
    # A non-ASCII local part gets its own message from `deliverable` below.
    defects = [d for d in header.defects if not isinstance(d, errors.NonASCIILocalPartDefect)]
    if len(found) > 1 or (defects and "," in text):
        raise UndeliverableAddress(
            text, INVALID,
            "er mere end én adresse; står der komma i navnet, så sæt navnet i anførselstegn, "
            'fx "Hedensted Kommune, Erhverv" <erhverv@hedensted.dk>',
        )
    if not found or defects or "@" not in found[0].addr_spec:
        raise UndeliverableAddress(
            text, INVALID, "er ikke en afsender på formen Navn <adresse@domæne.dk>"
        )
    checked = _validated(found[0].addr_spec)
    return Mailbox(found[0].display_name, checked.normalized, checked.ascii_email)


def configured_sender() -> Mailbox:
    """MAIL_DEFAULT_SENDER parsed by `parse_mailbox`, the parser the start-up check used, so
    a sender that passed is the sender that goes out (MAIL FROM, From:, Message-ID domain).
    Use this, never parseaddr or a split at "@", to read the sender."""
    return _parsed(str(current_app.config["MAIL_DEFAULT_SENDER"]))


@lru_cache(maxsize=8)
def _parsed(value: str) -> Mailbox:
    return parse_mailbox(value)


class ValidEmail:
    """WTForms validator for every e-mail field a person or staff member types into: only an
    address `deliverable` accepts, written back lower-cased; else its Danish reason (INVALID,
    NEEDS_SMTPUTF8) next to the field. An empty field is left to the field's own required
    check."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = deliverable(field.data.strip()).lower()
        except UndeliverableAddress as error:
            raise ValidationError(error.message) from error

