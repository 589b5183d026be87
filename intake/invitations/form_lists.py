"""Whom a form is sent to: pasted lines, an uploaded workbook and groups' members, checked
and merged into one list of recipients (issue 13 §3 "Sending").

Every address is checked by intake.outbox.addresses (email-validator, no DNS look-up, no
address that would need SMTPUTF8), as everywhere else in intake. A list with any problem is
reported whole, line by line or row by row, and nothing is sent until it is clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from flask_babel import gettext as _

from intake import matching
from intake.outbox.addresses import UndeliverableAddress, deliverable, parse_mailbox
from intake.uploads import workbook

MAX_RECIPIENTS = 5000
UPLOAD_LIMITS = workbook.Limits(max_rows=MAX_RECIPIENTS + 1)  # + the header row
NAME_HEADERS = ("navn", "name")
EMAIL_HEADERS = ("e-mail", "email", "e-mailadresse", "mail")
MAX_NAME = 200
_SEPARATOR = re.compile(r"[;\t]")


@dataclass(frozen=True)
class Recipient:
    """One person to invite: `email` as `deliverable` returns it, `key` its matching key."""

    name: str
    email: str

    @property
    def key(self) -> str:
        return matching.email_key(self.email)

    def as_line(self) -> str:
        """The pasted-list form (`navn;adresse`) that `parse_pasted` reads back."""
        name = _SEPARATOR.sub(",", self.name)  # a name never splits its own line
        return f"{name};{self.email}" if name else self.email


@dataclass
class Parsed:
    recipients: list[Recipient] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Danish, one per bad line or row


def _address_problem(address: str) -> str | None:
    """Why `address` cannot be used, in Danish; None when it can."""
    if not address:
        return _("e-mailadressen mangler")
    if "@" not in address:
        return _("e-mailadressen mangler @")
    try:
        deliverable(address)
    except UndeliverableAddress as error:
        return _("«%(address)s» kan ikke bruges: %(reason)s", address=address,
                 reason=str(error.message))
    return None


def _recipient(name: str, address: str) -> tuple[Recipient | None, str | None]:
    name, address = matching.nfc(name.strip()), matching.nfc(address.strip())
    problem = _address_problem(address)
    if problem is None and len(name) > MAX_NAME:
        problem = _("navnet er for langt (højst %(n)s tegn)", n=MAX_NAME)
    if problem is not None:
        return None, problem
    return Recipient(name, deliverable(address)), None


def _split_line(line: str) -> tuple[str, str] | str:
    """(name, address) of one pasted line, or a problem. Formats: `Navn <adresse>`,
    `adresse`, `navn;adresse` (a tab, as pasted from a spreadsheet, works as `;`)."""
    if _SEPARATOR.search(line):
        parts = [p.strip() for p in _SEPARATOR.split(line) if p.strip()]
        if len(parts) == 1:
            return ("", parts[0]) if "@" in parts[0] else (parts[0], "")
        if len(parts) > 2:
            return _("skriv én person pr. linje: navn;adresse")
        name, address = parts
        if "@" in name and "@" not in address:  # adresse;navn
            name, address = address, name
        return name, address
    if "<" in line:
        try:
            mailbox = parse_mailbox(line)
        except UndeliverableAddress as error:
            return _("«%(line)s» kan ikke læses: %(reason)s", line=line,
                     reason=str(error.message))
        return mailbox.display_name, mailbox.address
    return "", line


def parse_pasted(text: str) -> Parsed:
    """Recipients from pasted text, one a line; problems as "Linje 3: …" (1-based, blank
    lines counted, as the text area shows them)."""
    result = Parsed()
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        split = _split_line(line)
        if isinstance(split, str):
            result.problems.append(_("Linje %(n)s: %(problem)s", n=number, problem=split))
            continue
        recipient, problem = _recipient(*split)
        if problem is not None:
            result.problems.append(_("Linje %(n)s: %(problem)s", n=number, problem=problem))
        else:
            result.recipients.append(recipient)
    return result


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return matching.nfc(str(value).strip())


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, title in enumerate(header) if title in names), None)


def read_workbook(stream: IO[bytes]) -> Parsed:
    """Recipients from the first sheet of an uploaded .xlsx with the columns "Navn" and
    "E-mail" (headers in the first row with content, any case). The file is read by
    intake.uploads.workbook (bounds first; refused whole with one reason); then every bad
    row is reported as "Række 7: e-mailadressen mangler @" (Excel's row numbers)."""
    result = Parsed()
    try:
        sheet = workbook.read_upload(stream, UPLOAD_LIMITS)
    except workbook.Refused as refused:
        result.problems.append(refused.message)
        return result
    if not sheet.rows:
        result.problems.append(_("Regnearket er tomt. Skriv «Navn» og «E-mail» i første række "
                                 "og én person pr. række under."))
        return result
    header_row, header_values = sheet.rows[0]
    header = [_text(v).casefold() for v in header_values]
    name_at, email_at = _column(header, NAME_HEADERS), _column(header, EMAIL_HEADERS)
    if email_at is None:
        result.problems.append(_("Række %(n)s: kolonnen «E-mail» mangler. Skriv «Navn» og "
                                 "«E-mail» som overskrifter i første række.", n=header_row))
        return result
    for number, values in sheet.rows[1:]:
        def cell(at: int | None, values=values) -> str:
            return _text(values[at]) if at is not None and at < len(values) else ""

        recipient, problem = _recipient(cell(name_at), cell(email_at))
        if problem is not None:
            result.problems.append(_("Række %(n)s: %(problem)s", n=number, problem=problem))
        else:
            result.recipients.append(recipient)
    if not result.recipients and not result.problems:
        result.problems.append(_("Regnearket har ingen personer under overskrifterne."))
    return result


def from_groups(areas: Iterable[str]) -> list[Recipient]:
    """The confirmed members of the chosen groups (FocusArea values), by
    `intake.groups.members`; a member's address was checked when they signed up."""
    from intake.goals.models import FocusArea
    from intake.groups import members

    found = []
    for value in areas:
        for member in members(FocusArea(value)):
            found.append(Recipient(member.name or "", member.email))
    return found


def merge(*lists: Iterable[Recipient]) -> list[Recipient]:
    """One recipient per e-mail key, in first-seen order; a later entry only adds a name the
    first one lacked."""
    merged: dict[str, Recipient] = {}
    for recipients in lists:
        for recipient in recipients:
            first = merged.get(recipient.key)
            if first is None:
                merged[recipient.key] = recipient
            elif not first.name and recipient.name:
                merged[recipient.key] = Recipient(recipient.name, first.email)
    return list(merged.values())
