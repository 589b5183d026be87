"""News sendings: who a sending reaches, the sending itself, and unsubscribing (issue 14 §4).

Functions flush and never commit; the view (one unit of work) commits once, then the mail
worker is woken. A sending reaches exactly the current NEWS consents that match its filters
(`intake.consents.service.current(areas, trade)`: at most one per e-mail, the newest), so
someone who withdrew, by the link of an earlier mail or on their own sign-up, gets nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from intake.clock import now
from intake.consents import service as consents
from intake.consents.models import WithdrawnVia
from intake.extensions import db
from intake.goals.models import FocusArea
from intake.invitations import tokens
from intake.invitations.models import TokenPurpose
from intake.news import mails, sheets
from intake.news import policy as _policy  # noqa: F401  (registers the NEWS policy)
from intake.news.models import NewsInvitation, NewsSending
from intake.outbox.service import clean_recipient

log = logging.getLogger("intake.news")


@dataclass(frozen=True)
class SendingData:
    """What staff chose. `areas`: FocusArea values (empty: every area); `trade`: text matched
    as a substring, case- and accent-insensitively ("" : any); `sheet_id`: a published
    inspiration sheet to link to, or None."""

    subject: str
    body: str
    areas: tuple[str, ...] = field(default_factory=tuple)
    trade: str = ""
    sheet_id: int | None = None


def recipients(areas: tuple[str, ...] | list[str] | set[str] = (), trade: str = "") -> list:
    """The current NEWS consents a sending with these filters reaches (Consent rows, one per
    e-mail key); an empty filter filters nothing."""
    return list(consents.current(set(areas) or None, trade.strip() or None))


def send(data: SendingData, sent_by: str | None) -> NewsSending:
    """One sending, and one NewsInvitation with its own unsubscribe link and one queued mail
    per matching current consent; the rows go in with one flush at the end (batches). A
    consent whose address is not an e-mail address at all is left out (logged, no address)."""
    moment = now()
    sending = NewsSending(subject=data.subject.strip(), body=data.body, sheet_id=data.sheet_id,
                          areas=sorted(data.areas), trade=data.trade.strip(),
                          created_by=sent_by, created_at=moment, sent_at=moment)
    db.session.add(sending)
    sheet = sheets.find(data.sheet_id)
    count = 0
    for consent in recipients(data.areas, data.trade):
        try:
            clean_recipient(consent.email)
        except ValueError:  # stored before a check refused it: never a reason to fail them all
            log.warning("news: consent %s has no address intake can mail; left out", consent.id)
            continue
        invitation = NewsInvitation(sending=sending, consent=consent, name=consent.name or "",
                                    email=consent.email, locale=consent.lang or "da",
                                    reminder_count=0, created_at=moment, invited_at=moment)
        db.session.add(invitation)
        token = tokens.issue(invitation, TokenPurpose.INVITATION)
        invitation.message = mails.news_message(invitation, token, sheet)
        count += 1
    sending.recipient_count = count
    db.session.flush()
    return sending


def unsubscribe(invitation: NewsInvitation) -> int:
    """Withdraw, at once, every current NEWS consent of the invitation's e-mail (also those
    given on other forms: the person asked to get no more news), note when on the invitation
    and log it without the address. Harmless to repeat; returns how many consents it
    withdrew now. Flushes."""
    count = consents.withdraw_email(invitation.email, WithdrawnVia.UNSUBSCRIBE)
    moment = now()
    invitation.unsubscribed_at = invitation.unsubscribed_at or moment
    invitation.answered_at = invitation.answered_at or moment
    invitation.opened_at = invitation.opened_at or moment
    invitation.last_opened_at = moment
    db.session.flush()
    log.info("news: unsubscribed through invitation %s of sending %s (%d consents withdrawn)",
             invitation.id, invitation.sending_id, count)
    return count


def sendings() -> list[NewsSending]:
    """Every sending, newest first."""
    return list(db.session.scalars(
        sa.select(NewsSending).order_by(NewsSending.created_at.desc(), NewsSending.id.desc())
    ))


def unsubscribed_counts() -> dict[int, int]:
    """Per sending id: how many of its recipients unsubscribed through its mail."""
    rows = db.session.execute(
        sa.select(NewsInvitation.sending_id, sa.func.count())
        .where(NewsInvitation.unsubscribed_at.is_not(None))
        .group_by(NewsInvitation.sending_id)
    )
    return dict(rows.all())


def invitations_of(sending: NewsSending) -> list[NewsInvitation]:
    return list(db.session.scalars(
        sa.select(NewsInvitation).where(NewsInvitation.sending_id == sending.id)
        .options(selectinload(NewsInvitation.message))
        .order_by(NewsInvitation.id)
    ))


def area_labels(values) -> list[str]:
    """FocusArea values to their Danish names (an unknown value as it is)."""
    known = {area.value: area.label for area in FocusArea}
    return [known.get(value, value) for value in values or []]


def consent_counts() -> dict[str, int]:
    """How many current NEWS consents there are in all ("") and per FocusArea value."""
    return consents.counts_by_area()
