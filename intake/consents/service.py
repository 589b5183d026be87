"""Consents given on forms: recorded from the answers, read for news sendings, withdrawn
(contract C2, issue 14 §4). Like every service it flushes and never commits.

Where the rows come from: `record(definition, signup)` runs after every stored or changed
answer of a sign-up (intake.signups.service.submit and intake.signups.edits.change, so the
public form, Min tilmelding, form invitations and staff-made sign-ups all pass it). Only
`consent` fields with purpose "news" make rows; purpose "name" (a follow-up's "my name may be
shown") is read live from the answers by intake.publishing.

What a row holds besides the consent itself (the filters of a news sending), from the same
sign-up's answers at the time of the answer:
- `focus_areas`: the FocusArea values (intake.goals.models) among the option codes answered in
  the form's top-level `choice` and `multichoice` fields (a form whose options are the focus
  areas, like samarbejdsgruppe, names them; other codes are ignored), in FocusArea order;
- `trade`: the answer of a top-level field with key `branche`, "" when there is none;
- `email`: the sign-up's e-mail key (Signup.email); without one no row is made (there is no
  one to send news to); `name`: the first answered name field (`navn` or autocomplete name,
  else the company: `firmanavn` / autocomplete organization).
A changed answer that keeps the box ticked updates these on the current row (news follow the
latest answers); unticking withdraws it (WithdrawnVia.ANSWER). Cancelling a sign-up does not
withdraw: the consent is a separate choice. GDPR erase deletes the rows (intake.consents.gdpr).

How long a row is kept: a current consent is its own legal basis (GDPR art. 6(1)(a)) and is
kept while it is current, also after its sign-up is deleted by the form's retention (then its
`signup_id` is NULL). A withdrawn consent is kept as the record of what was given and withdrawn
as long as its sign-up is, and deleted with it (the `before_delete` listener below: retention
purge, erase, staff deletion); one withdrawn after its sign-up is gone is deleted at once.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from intake import matching
from intake.clock import now
from intake.consents.models import Consent, ConsentPurpose, WithdrawnVia
from intake.extensions import db
from intake.formdefs.schema import FormDef
from intake.formdefs.types.consent import (
    NEWS,
    consent_fields,
    given_at,
    is_given,
    keep_earlier,
    purpose,
    withdrawn,
)
from intake.goals.models import FocusArea
from intake.signups.models import Signup

log = logging.getLogger("intake.consents")

WITHDRAWN_VIA_LABELS = {
    WithdrawnVia.UNSUBSCRIBE: _l("afmeldingslink i en nyhedsmail"),
    WithdrawnVia.ANSWER: _l("af personen selv (fjernede krydset eller Afmeld nyheder)"),
    WithdrawnVia.STAFF: _l("af en medarbejder på personens anmodning"),
}

TRADE_KEY = "branche"
NAME_MAX, TRADE_MAX = 200, 200


# -- from the answers --------------------------------------------------------------------

def focus_areas(definition: FormDef, answers: dict | None) -> list[str]:
    """FocusArea values among the answered codes of top-level choice/multichoice fields."""
    picked: set[str] = set()
    for fdef in definition.fields:
        if fdef.type not in ("choice", "multichoice"):
            continue
        value = (answers or {}).get(fdef.key)
        codes = value if isinstance(value, list) else [value]
        picked |= {str(code) for code in codes if code is not None}
    return [area.value for area in FocusArea if area.value in picked]


def trade(answers: dict | None) -> str:
    """The answer of the field `branche`, stripped; "" when not asked or not answered."""
    value = (answers or {}).get(TRADE_KEY)
    return value.strip()[:TRADE_MAX] if isinstance(value, str) else ""


def _is_person(fdef) -> bool:
    return fdef.type == "text" and (fdef.key == "navn" or fdef.autocomplete == "name")


def person_name(definition: FormDef, answers: dict | None, email: str | None = None) -> str:
    """The person's name if the form asked it; else the name in the repeat row (a fair's
    participants) whose e-mail is `email`, the address the consent is for; else the
    company's; "" when none."""
    answers = answers or {}
    people = [f for f in definition.fields if _is_person(f)]
    companies = [f for f in definition.fields if matching.is_name_field(f) and f not in people]
    candidates = [answers.get(f.key) for f in people]
    if email:
        key = matching.email_key(email)
        for repeat in (f for f in definition.fields if f.type == "repeat"):
            names = [f.key for f in repeat.fields if _is_person(f)]
            mails = [f.key for f in repeat.fields if f.type == "email"]
            for row in answers.get(repeat.key) or []:
                if isinstance(row, dict) and any(
                        isinstance(row.get(m), str) and matching.email_key(row[m]) == key
                        for m in mails):
                    candidates += [row.get(n) for n in names]
    candidates += [answers.get(f.key) for f in companies]
    for value in candidates:
        if isinstance(value, str) and value.strip():
            return value.strip()[:NAME_MAX]
    return ""


# -- recording ---------------------------------------------------------------------------

def _current_of(signup_id: int, field_key: str | None = None) -> list[Consent]:
    query = sa.select(Consent).where(
        Consent.signup_id == signup_id, Consent.purpose == ConsentPurpose.NEWS,
        Consent.withdrawn_at.is_(None))
    if field_key is not None:
        query = query.where(Consent.field_key == field_key)
    return list(db.session.scalars(query.order_by(Consent.id)))


def record(definition: FormDef, signup: Signup, is_new: bool = False) -> list[Consent]:
    """Bring the sign-up's news consents in line with its answers (see the module docstring);
    returns the rows made or withdrawn. `is_new`: the sign-up was just made, so it holds no
    consent yet (no look-up). Flushes, unless the form asks no news consent."""
    fields = consent_fields(definition.fields, NEWS)
    if not fields:  # most forms: nothing to read or write on the sign-up path
        return []
    answers = signup.answers or {}
    touched: list[Consent] = []
    areas, typed, name = focus_areas(definition, answers), trade(answers), None
    for fdef in fields:
        value = answers.get(fdef.key)
        held = _current_of(signup.id, fdef.key) if signup.id is not None and not is_new else []
        if not is_given(value):
            touched += [_withdraw(row, WithdrawnVia.ANSWER) for row in held]
            continue
        if name is None:
            name = person_name(definition, answers, signup.email)
        if held:
            for row in held:  # the filters follow the latest answers
                row.focus_areas, row.trade, row.name = areas, typed, name
                if signup.email:
                    row.email = signup.email
            continue
        if not signup.email:
            continue
        row = Consent(
            purpose=ConsentPurpose.NEWS, email=signup.email, name=name,
            form_slug=definition.slug, form_version=signup.form_version or definition.version,
            field_key=fdef.key, wording=str(value.get("wording") or fdef.label.da),
            lang="en" if value.get("lang") == "en" else "da",
            given_at=given_at(value) or now(), signup_id=signup.id, focus_areas=areas,
            trade=typed,
        )
        db.session.add(row)
        touched.append(row)
    db.session.flush()
    return touched


def keep_given(definition: FormDef, signup: Signup, answers: dict) -> dict:
    """`answers` (a changed answer of `signup`) with each consent still ticked put back as
    first given (intake.formdefs.types.consent.keep_earlier), unless it is a news consent
    withdrawn since: ticking that again gives it afresh, with the new time. A new dict."""

    def still_current(fdef) -> bool:
        return purpose(fdef) != NEWS or bool(_current_of(signup.id, fdef.key))

    return keep_earlier(definition.fields, signup.answers, answers, keep=still_current)


# -- reading -----------------------------------------------------------------------------

def plain(text: str) -> str:
    """Case- and accent-insensitive key (intake.matching.fold without combining marks):
    "Café" and "CAFE" both give "cafe"."""
    decomposed = unicodedata.normalize("NFD", matching.fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def current(areas: set[str] | None = None, trade: str | None = None) -> list[Consent]:
    """The current news consents, at most one per e-mail key (the newest given among those
    that pass the filters), newest first.

    `areas`: FocusArea values; a consent passes if it names one of them (one naming none is
    left out when the filter is given). `trade`: text that must occur in `Consent.trade`,
    compared by `plain` (case and accents ignored); empty or None: no filter."""
    wanted_trade = plain(trade) if trade and trade.strip() else None
    rows = db.session.scalars(
        sa.select(Consent).where(Consent.purpose == ConsentPurpose.NEWS,
                                 Consent.withdrawn_at.is_(None))
        .order_by(Consent.given_at.desc(), Consent.id.desc()))
    seen: set[str] = set()
    result = []
    for row in rows:
        if row.email in seen:
            continue
        if areas and not set(row.focus_areas or []) & set(areas):
            continue
        if wanted_trade is not None and wanted_trade not in plain(row.trade or ""):
            continue
        seen.add(row.email)
        result.append(row)
    return result


def counts_by_area() -> dict[str, int]:
    """Addresses (e-mail keys) with a current news consent: in all under "", and per FocusArea
    value those whose consent names it, as `len(current({area}))` would give, in one query."""
    rows = db.session.execute(
        sa.select(Consent.email, Consent.focus_areas).where(
            Consent.purpose == ConsentPurpose.NEWS, Consent.withdrawn_at.is_(None))).all()
    counts = {"": len({email for email, _areas in rows})}
    for area in FocusArea:
        counts[area.value] = len({email for email, areas in rows if area.value in (areas or [])})
    return counts


def current_of_email(email: str) -> list[Consent]:
    """The current news consents of this address (compared by e-mail key), oldest first."""
    return list(db.session.scalars(
        sa.select(Consent).where(
            Consent.email == matching.email_key(email), Consent.purpose == ConsentPurpose.NEWS,
            Consent.withdrawn_at.is_(None)).order_by(Consent.id)))


def is_current_email(email: str) -> bool:
    """Does this address (any spelling: compared by e-mail key) hold a current news consent?"""
    return db.session.scalar(
        sa.select(sa.func.count(Consent.id)).where(
            Consent.email == matching.email_key(email), Consent.purpose == ConsentPurpose.NEWS,
            Consent.withdrawn_at.is_(None))
    ) > 0


def of_signup(signup: Signup) -> list[Consent]:
    """Every news consent row of the sign-up (current and withdrawn), oldest first."""
    return list(db.session.scalars(
        sa.select(Consent).where(Consent.signup_id == signup.id,
                                 Consent.purpose == ConsentPurpose.NEWS).order_by(Consent.id)))


def current_of_signup(signup: Signup) -> list[Consent]:
    """The sign-up's current news consents."""
    return _current_of(signup.id)


def withdrawn_via_label(via: WithdrawnVia | None) -> str:
    """How a consent was withdrawn, in words ("" while current)."""
    return str(WITHDRAWN_VIA_LABELS.get(via, "")) if via else ""


# -- withdrawing -------------------------------------------------------------------------

def _withdraw(row: Consent, via: WithdrawnVia, moment: datetime | None = None) -> Consent:
    row.withdrawn_at, row.withdrawn_via = moment or now(), via
    if row.signup_id is None:  # its sign-up is gone: nothing left to keep it with
        db.session.delete(row)
        return row
    _mark_answer(row)
    return row


def _mark_answer(row: Consent) -> None:
    """The sign-up's stored answer says the consent is withdrawn (intake.formdefs.types.consent
    `withdrawn`), so a workbook or staff page reading the answers never shows a withdrawn
    consent as "Ja": staff mailing from a workbook must not reach someone who unsubscribed."""
    signup = row.signup
    if signup is None:
        return
    answers = dict(signup.answers or {})
    value = answers.get(row.field_key)
    if value is None:  # unticked on a changed answer: the record of what was given stays
        value = {"given": True, "at": row.given_at.astimezone(UTC).isoformat(),
                 "wording": row.wording, "lang": row.lang}
    if is_given(value):
        answers[row.field_key] = withdrawn(value, row.withdrawn_at)
        signup.answers = answers


def withdraw_email(email: str, via: WithdrawnVia) -> int:
    """Withdraw every current news consent of this address (by e-mail key), at once; flushes
    and logs one INFO line on `intake.consents` (never the address). Returns how many."""
    rows = current_of_email(email)
    moment = now()
    for row in rows:
        _withdraw(row, via, moment)
    db.session.flush()
    log.info("news consent withdrawn: %d row(s), via %s", len(rows), via.value)
    return len(rows)


@sa.event.listens_for(Signup, "before_delete")
def _withdrawn_go_with_their_signup(_mapper, connection, target: Signup) -> None:
    """A deleted sign-up takes its withdrawn consents along (module docstring); its current
    ones stay, their `signup_id` set to NULL by the foreign key."""
    connection.execute(sa.delete(Consent.__table__).where(
        Consent.signup_id == target.id, Consent.withdrawn_at.is_not(None)))
