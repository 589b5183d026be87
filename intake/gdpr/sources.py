"""The built-in person data providers: sign-ups (with their seats) and the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import selectinload

from intake import matching
from intake.exports.cells import Column
from intake.exports.signups import STATUS_LABELS
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.registry import current_registry
from intake.formdefs.types import REGISTRY
from intake.formdefs.types.danish import format_phone
from intake.formdefs.versions import given_under
from intake.gdpr import removal
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.outbox.kinds import kind_label, state_label
from intake.outbox.models import OutboxMessage
from intake.signups.buckets import Bucket
from intake.signups.models import BookingStatus, Signup

BOOKING_LABELS = {s.value: STATUS_LABELS[s.value] for s in BookingStatus}


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Mention:
    """The person appears only as one of several people (a repeat) on someone else's sign-up."""

    signup: Signup
    rows: dict[str, list[int]] = field(default_factory=dict)  # repeat field key → row indexes


def matching_signups(person: Person) -> tuple[list[Signup], list[Mention]]:
    """Sign-ups the person made (their e-mail or phone is one of the answers), and sign-ups
    that only list them among several people."""
    conditions = []
    # A sign-up's search_text holds the key of every e-mail and phone answer, repeat rows
    # included (intake.matching), so this finds them whatever the case or normal form.
    if person.email:
        conditions += [Signup.email == person.email,
                       Signup.search_text.like(matching.line_pattern(person.email), escape="\\")]
    if person.phone:
        conditions += [Signup.phone == person.phone,
                       Signup.search_text.like(matching.line_pattern(person.phone), escape="\\")]
    if not conditions:
        return [], []
    candidates = db.session.scalars(
        sa.select(Signup).options(selectinload(Signup.bookings)).where(sa.or_(*conditions)).order_by(Signup.id)
    ).all()
    own, mentions = [], []
    for signup in candidates:
        answers = signup.answers or {}
        same_email = signup.email == person.email and person.email
        same_phone = signup.phone == person.phone and person.phone
        if same_email or same_phone or any(person.matches(v) for v in answers.values()):
            own.append(signup)
            continue
        mention = Mention(signup)
        for key, value in answers.items():
            if isinstance(value, list):
                rows = [i for i, row in enumerate(value)
                        if isinstance(row, dict) and any(person.matches(v) for v in row.values())]
                if rows:
                    mention.rows[key] = rows
        if mention.rows:
            mentions.append(mention)
    return own, mentions


def _answer_rows(signup: Signup, only: dict[str, list[int]] | None = None) -> list[tuple[str, str]]:
    """(question, answer as the person gave it); `only` limits to some repeat rows."""
    definition = given_under(signup.form_slug, signup.form_version)
    answers = signup.answers or {}
    out: list[tuple[str, str]] = []
    for key, value in answers.items():
        if only is not None and key not in only:
            continue
        fdef = definition.field(key) if definition else None
        label = fdef.label.da if fdef else key
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            for index, row in enumerate(value):
                if only is not None and index not in only[key]:
                    continue
                for sub_key, sub_value in row.items():
                    sub = next((f for f in fdef.fields if f.key == sub_key), None) if fdef else None
                    question = f"{label} {index + 1}: {sub.label.da if sub else sub_key}"
                    out.append((question, _shown(sub, sub_value)))
            continue
        out.append((label, _shown(fdef, value)))
    return out


def _shown(fdef, value) -> str:
    if value in (None, "", []):
        return ""
    field_type = REGISTRY.get(fdef.type) if fdef else None
    try:
        return field_type.display(fdef, value) if field_type else str(value)
    except (TypeError, ValueError, AttributeError):
        return str(value)


def _seat_in(definition, bucket: str) -> str:
    """The date or group a seat is for, as staff pages name it (Bucket.label), in Danish
    like the rest of the workbook; a form since removed still shows a readable date."""
    place = Bucket.parse(bucket)
    with force_locale("da"):
        if definition is not None:
            return place.label(definition)
        if place.occasion_key is not None:
            return occasion_rules.describe_key(place.occasion_key)
        return place.key or bucket


class SignupData(PersonDataProvider):
    key = "signups"
    title = "Tilmeldinger"
    order = 20

    def find(self, person: Person) -> list[Section]:
        own, mentions = matching_signups(person)
        registry = current_registry()
        answers = Section("Tilmeldinger", (
            Column("Reference", width=11), Column("Formular", width=30),
            Column("Tilmeldt", "datetime"), Column("Afmeldt", "datetime"),
            Column("Personens rolle", width=18), Column("Spørgsmål", width=40),
            Column("Svar", width=50),
        ), key_column=0)  # one sign-up has a row per answer: count sign-ups, not rows
        seats = Section("Pladser", (
            Column("Reference", width=11), Column("Formular", width=30),
            Column("Dato/gruppe", width=20),
            Column("Status", width=12), Column("Pladser", "number"), Column("Oprettet", "datetime"),
            Column("Bekræftet", "datetime"), Column("Afmeldt", "datetime"),
        ))
        for signup, role, only in [*((s, "Tilmeldt", None) for s in own),
                                   *((m.signup, "Nævnt som deltager", m.rows) for m in mentions)]:
            definition = registry.get(signup.form_slug)
            title = definition.title.da if definition else signup.form_slug
            for question, answer in _answer_rows(signup, only):
                answers.rows.append([signup.reference, title, signup.created_at,
                                     signup.cancelled_at, role, question, answer or None])
            if only is None:
                for b in signup.bookings:
                    seats.rows.append([signup.reference, title, _seat_in(definition, b.bucket),
                                       BOOKING_LABELS[b.status.value], b.seats, b.created_at,
                                       b.confirmed_at, b.cancelled_at])
        return [answers, seats]

    def plan(self, person: Person) -> list[tuple[str, int]]:
        own, mentions = matching_signups(person)
        return [(label, n) for label, n in [
            ("Tilmeldinger slettes med alle svar", len(own)),
            ("Pladser og ventelistepladser slettes", sum(len(s.bookings) for s in own)),
            ("Rækker, hvor personen står som deltager på en andens tilmelding, fjernes",
             sum(len(rows) for m in mentions for rows in m.rows.values())),
        ] if n]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        own, mentions = matching_signups(person)
        if not own and not mentions:
            return None
        redactions = []
        for mention in mentions:
            answers = dict(mention.signup.answers)
            for key, indexes in mention.rows.items():
                rows = answers[key]
                redactions.append({"reference": mention.signup.reference, "field": key,
                                   "rows": indexes, "rows_before": len(rows)})
                answers[key] = [row for i, row in enumerate(rows) if i not in indexes]
            mention.signup.answers = answers
        references = [s.reference for s in own]
        removal.delete_signups(own)
        return len(own) + len(redactions), {"references": references, "redactions": redactions}

    def reapply(self, payload: dict) -> int:
        signups = removal.load(list(payload.get("references") or []))
        removal.delete_signups(signups)
        done = len(signups)
        for redaction in payload.get("redactions") or []:
            signup = db.session.scalar(
                sa.select(Signup).where(Signup.reference == redaction["reference"]))
            rows = (signup.answers or {}).get(redaction["field"]) if signup else None
            if not isinstance(rows, list) or len(rows) != redaction["rows_before"]:
                continue  # already redacted (or changed since): never remove someone else's row
            signup.answers = {**signup.answers, redaction["field"]: [
                row for i, row in enumerate(rows) if i not in set(redaction["rows"])]}
            done += 1
        db.session.flush()
        return done


class OutboxData(PersonDataProvider):
    """Mails to the person, about their sign-ups (staff notices too), or that name them."""

    key = "outbox"
    title = "Mails"
    order = 10

    def _messages(self, person: Person) -> list[OutboxMessage]:
        own, _ = matching_signups(person)
        ids = [s.id for s in own]
        conditions = [OutboxMessage.signup_id.in_(ids)] if ids else []
        needles = []
        if person.email:
            # The outbox has no key column: an ASCII part of the address finds candidates in
            # every spelling (and in SQLite's escaped JSON); the exact test is in Python.
            needles.append(person.email)
            anchor = _like(matching.ascii_anchor(person.email))
            conditions += [sa.cast(OutboxMessage.recipients, sa.Text).ilike(anchor, escape="\\"),
                           OutboxMessage.body_text.ilike(anchor, escape="\\")]
        if person.phone:
            needles += [person.phone, format_phone(person.phone)]
            conditions += [OutboxMessage.body_text.like(_like(n), escape="\\")
                           for n in needles[-2:]]
        if not conditions:
            return []
        found = db.session.scalars(
            sa.select(OutboxMessage).where(sa.or_(*conditions)).order_by(OutboxMessage.id))
        keys = [matching.fold(n) for n in needles]
        return [m for m in found if m.signup_id in ids
                or any(person.matches(r) for r in m.recipients or [])
                or any(k in matching.fold(m.body_text or "") for k in keys)]

    def find(self, person: Person) -> list[Section]:
        section = Section("Mails", (
            Column("Oprettet", "datetime"), Column("Type", width=16), Column("Til", width=30),
            Column("Emne", width=40), Column("Status", width=10), Column("Forsøg", "number"),
            Column("Sendt", "datetime"), Column("Tekst", width=60),
        ))
        for m in self._messages(person):
            section.rows.append([m.created_at, kind_label(m.kind), ", ".join(m.recipients or []),
                                 m.subject, state_label(m.status.value),
                                 m.attempts, m.sent_at, m.body_text])
        return [section]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        messages = self._messages(person)
        if not messages:
            return None
        ids = [m.message_id for m in messages]
        self._delete(ids)
        return len(ids), {"message_ids": ids}

    def reapply(self, payload: dict) -> int:
        return self._delete(list(payload.get("message_ids") or []))

    @staticmethod
    def _delete(message_ids: list[str]) -> int:
        """By Message-ID, not row id: a restored database may reuse row ids for new mail."""
        done = 0
        for start in range(0, len(message_ids), 500):
            result = db.session.execute(
                sa.delete(OutboxMessage)
                .where(OutboxMessage.message_id.in_(message_ids[start:start + 500]))
                .execution_options(synchronize_session=False))
            done += result.rowcount or 0
        return done


register(OutboxData())
register(SignupData())
