"""Meeting use cases: create, change, invite, cancel, RSVP answers, attendance and minutes.

Services flush and never commit; the view (or worker task) commits once, and the outbox
sends the mails after that commit. Calendar rules (RFC 5546): a meeting keeps one UID; an
update of time, place or agenda on an invited meeting, and a cancellation, raise SEQUENCE by
one and go to everyone invited (intake/meetings/calendar.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa

from intake import matching
from intake.clock import now
from intake.extensions import db
from intake.goals.models import FocusArea, Owner, Period, Sector
from intake.goals.service import find_owner, upsert_owner
from intake.invitations import reminders, tokens
from intake.invitations.models import TokenPurpose
from intake.meetings import calendar, mails
from intake.meetings.models import (
    Meeting,
    MeetingInvitation,
    MeetingKind,
    MeetingState,
    RsvpAnswer,
    RsvpChange,
)

# The details that are in everyone's calendar: a change to one of them on an invited meeting
# sends an update (the issue's "time, place or agenda"; the title is the event's SUMMARY).
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "host_name", "address", "agenda")
COMMENT_MAX = 500  # characters of an RSVP comment


@dataclass
class MeetingData:
    """What staff fill in. Times aware; `focus_area` None only for a joint meeting."""

    kind: MeetingKind
    focus_area: FocusArea | None
    title: str
    starts_at: datetime
    ends_at: datetime
    host_name: str
    address: str
    agenda: str
    rsvp_deadline_at: datetime


def _check(data: MeetingData) -> None:
    if data.ends_at <= data.starts_at:
        raise ValueError("a meeting must end after it starts")
    if data.rsvp_deadline_at > data.starts_at:
        raise ValueError("the RSVP deadline must be before the meeting starts")


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.kind = data.kind
    meeting.focus_area = None if data.kind == MeetingKind.JOINT else data.focus_area
    meeting.title = data.title.strip()
    meeting.starts_at, meeting.ends_at = data.starts_at, data.ends_at
    meeting.host_name = data.host_name.strip()
    meeting.address = data.address.strip()
    meeting.agenda = data.agenda.strip()
    meeting.rsvp_deadline_at = data.rsvp_deadline_at


def create(period: Period, data: MeetingData) -> Meeting:
    """A planned meeting (nobody invited yet) with a new UID, SEQUENCE 0. Raises ValueError
    when it ends before it starts or the RSVP deadline is after its start."""
    _check(data)
    meeting = Meeting(period=period, state=MeetingState.PLANNED, uid=calendar.new_uid(),
                      sequence=0, minutes="", created_at=now())
    _apply(meeting, data)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def data_of(meeting: Meeting) -> MeetingData:
    """The meeting's details as `MeetingData` (for a staff form's defaults)."""
    return MeetingData(**{f.name: getattr(meeting, f.name) for f in fields(MeetingData)})


def narrows_audience(meeting: Meeting, data: MeetingData) -> bool:
    """True if `data` would leave out a group whose members were already sent the invitation
    (another group, or one group instead of all): those people hold an invitation to a
    meeting that is no longer theirs, so `update` refuses it; staff cancel and make a new one.
    Widening (a group's meeting made joint) is allowed: `invite_members` adds the rest."""
    if meeting.state != MeetingState.INVITED:
        return False
    after = FocusArea if data.kind == MeetingKind.JOINT else {data.focus_area}
    return not set(areas_of(meeting)) <= set(after)


def update(meeting: Meeting, data: MeetingData) -> list[str]:
    """Apply the new details; returns the names of the MeetingData fields that changed.

    On an invited meeting, a change of time, place (host, address), agenda or title raises
    SEQUENCE by one and mails everyone invited an update (`meeting_changed`: what changed,
    a fresh RSVP link, the event with the same UID, METHOD:REQUEST). A group's meeting made
    joint changes nobody's invitation: `invite_members` then adds the other groups' members.
    Raises ValueError for a cancelled meeting, details `create` refuses, or a change that
    `narrows_audience`.
    """
    if meeting.is_cancelled:
        raise ValueError("a cancelled meeting cannot be changed")
    _check(data)
    if narrows_audience(meeting, data):
        raise ValueError("the invited groups cannot be left out; cancel and make a new meeting")
    old = data_of(meeting)
    _apply(meeting, data)
    new = data_of(meeting)
    changed = [f.name for f in fields(MeetingData) if getattr(old, f.name) != getattr(new, f.name)]
    sent = [name for name in changed if name in CALENDAR_FIELDS]
    if sent and meeting.state == MeetingState.INVITED:
        meeting.sequence += 1
        meeting.changed_at = now()
        before = {name: getattr(old, name) for name in sent}
        for invitation in invited(meeting):
            token = tokens.issue(invitation, TokenPurpose.UPDATE)
            invitation.message = mails.meeting_changed(invitation, token, before)
    db.session.flush()
    return changed


def invited(meeting: Meeting) -> list[MeetingInvitation]:
    """Everyone who has been sent the invitation and not withdrawn: the meeting's mails go
    to them."""
    return [inv for inv in meeting.invitations if inv.is_live]


def areas_of(meeting: Meeting) -> list[FocusArea]:
    """The groups whose members are invited: every group for a joint meeting."""
    if meeting.kind == MeetingKind.JOINT:
        return list(FocusArea)
    return [meeting.focus_area] if meeting.focus_area is not None else []


def _by_email(meeting: Meeting) -> dict[str, MeetingInvitation]:
    return {matching.email_key(inv.recipient_email): inv for inv in meeting.invitations
            if inv.recipient_email}


def _send_invitation(invitation: MeetingInvitation, moment: datetime) -> None:
    token = tokens.issue(invitation, TokenPurpose.INVITATION)
    invitation.invited_at = moment
    invitation.message = mails.meeting_invited(invitation, token)


def invite_members(meeting: Meeting) -> int:
    """Invite the group's confirmed members (every group's for a joint meeting), and any
    guest added before; those already invited are skipped. State → INVITED. Returns how many
    invitations were sent. Raises ValueError for a cancelled meeting."""
    from intake import groups

    if meeting.is_cancelled:
        raise ValueError("a cancelled meeting cannot be invited to")
    moment = now()
    known = _by_email(meeting)
    for area in areas_of(meeting):
        for member in groups.members(area):
            key = matching.email_key(member.email)
            if not key or key in known:
                continue
            person = groups.person_for(member)
            known[key] = _new_invitation(meeting, person, is_guest=False)
    sent = 0
    for invitation in meeting.invitations:
        if invitation.invited_at is None and invitation.revoked_at is None:
            _send_invitation(invitation, moment)
            sent += 1
    meeting.state = MeetingState.INVITED
    meeting.invited_at = meeting.invited_at or moment
    db.session.flush()
    return sent


def _new_invitation(meeting: Meeting, person: Owner, is_guest: bool) -> MeetingInvitation:
    invitation = MeetingInvitation(
        person=person, name=person.name, email=person.email, locale="da", is_guest=is_guest,
        comment="", reminder_count=0, created_at=now(),
    )
    meeting.invitations.append(invitation)
    return invitation


def add_guest(meeting: Meeting, name: str, email: str, organisation: str = "",
              sector: Sector | None = None) -> MeetingInvitation:
    """Someone staff add who is not a member. One person record per e-mail (an existing
    record keeps its organisation and sector unless new ones are given). On an invited
    meeting the invitation is mailed at once; on a planned one with `invite_members`.
    An address already invited returns that invitation. Raises ValueError for a cancelled
    meeting."""
    if meeting.is_cancelled:
        raise ValueError("a cancelled meeting cannot be invited to")
    existing = _by_email(meeting).get(matching.email_key(email))
    if existing is not None:
        return existing
    known = find_owner(email)
    person = upsert_owner(
        name, email,
        organisation or (known.organisation if known else ""),
        sector or (known.sector if known else Sector.ANDRE),
    )
    invitation = _new_invitation(meeting, person, is_guest=True)
    if meeting.state == MeetingState.INVITED:
        _send_invitation(invitation, now())
    db.session.flush()
    return invitation


def cancel(meeting: Meeting) -> int:
    """Cancel: SEQUENCE + 1 and METHOD:CANCEL (`meeting_cancelled`) to everyone invited;
    returns how many were mailed (0 if it was already cancelled). Links keep working and say
    the meeting is cancelled; no reminder goes out for it."""
    if meeting.is_cancelled:
        return 0
    moment = now()
    meeting.state = MeetingState.CANCELLED
    meeting.cancelled_at = moment
    people = invited(meeting)
    if people:
        meeting.sequence += 1
        meeting.changed_at = moment
    for invitation in people:
        invitation.message = mails.meeting_cancelled(invitation)
    db.session.flush()
    return len(people)


def lock(invitation: MeetingInvitation) -> None:
    """Take the invitation's row lock (PostgreSQL; a SQLite writer is alone) and re-read it,
    so two answers from the same link at once are recorded one after the other."""
    db.session.refresh(invitation, with_for_update=True)


def answer(invitation: MeetingInvitation, answer: RsvpAnswer, comment: str) -> bool:
    """Record an answer (first or changed) under the invitation's row lock: the latest on the
    invitation, every one as an `RsvpChange`. False, recording nothing, once the RSVP
    deadline has passed or the meeting is cancelled. `comment` is cut to COMMENT_MAX."""
    lock(invitation)
    meeting = invitation.meeting
    db.session.refresh(meeting)
    if not meeting.is_rsvp_open:
        return False
    moment = now()
    comment = (comment or "").strip()[:COMMENT_MAX]
    invitation.answer, invitation.comment, invitation.answered_at = answer, comment, moment
    invitation.changes.append(RsvpChange(answer=answer, comment=comment, changed_at=moment))
    db.session.flush()
    return True


def opened(invitation: MeetingInvitation) -> None:
    """Note that the person used their link (on a POST only: a GET changes nothing). Call
    after `answer`, whose locked re-read would drop it."""
    moment = now()
    invitation.opened_at = invitation.opened_at or moment
    invitation.last_opened_at = moment


def set_attendance(meeting: Meeting, attended_ids: set[int]) -> None:
    """Staff's register after the meeting: every invitation in `attended_ids` attended, every
    other one did not."""
    for invitation in meeting.invitations:
        invitation.attended = invitation.id in attended_ids
    db.session.flush()


def set_minutes(meeting: Meeting, text: str) -> None:
    """The meeting's minutes or decisions, as plain text."""
    meeting.minutes = (text or "").strip()
    db.session.flush()


def answers_by_sector(meeting: Meeting) -> dict[Sector | None, dict[RsvpAnswer | None, int]]:
    """Counts of the latest answers of everyone invited, by the person's sector (None: no
    person record) and answer (None: not answered). Only keys that occur."""
    result: dict[Sector | None, dict[RsvpAnswer | None, int]] = defaultdict(Counter)
    for invitation in invited(meeting):
        sector = invitation.person.sector if invitation.person is not None else None
        result[sector][invitation.answer] += 1
    return {sector: dict(counts) for sector, counts in result.items()}


def meetings_of(period: Period) -> list[Meeting]:
    """The period's meetings by start time."""
    return list(db.session.scalars(
        sa.select(Meeting).where(Meeting.period_id == period.id)
        .order_by(Meeting.starts_at, Meeting.id)
    ))


def attendance_by_email(area: FocusArea) -> dict[str, int]:
    """How many meetings of the group (its own and joint meetings) each person attended, by
    e-mail key. Only attendance staff registered as attended counts."""
    rows = db.session.execute(
        sa.select(MeetingInvitation)
        .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
        .where(
            MeetingInvitation.attended.is_(True),
            Meeting.state != MeetingState.CANCELLED,
            sa.or_(Meeting.focus_area == area, Meeting.kind == MeetingKind.JOINT),
        )
    ).scalars()
    counts: Counter[str] = Counter()
    for invitation in rows:
        if invitation.recipient_email:
            counts[matching.email_key(invitation.recipient_email)] += 1
    return dict(counts)


def resend(invitation: MeetingInvitation) -> None:
    """Send the invitation again with a fresh link and the event as it stands (current
    SEQUENCE). Raises ValueError for a cancelled meeting or a withdrawn invitation."""
    if invitation.meeting.is_cancelled or invitation.revoked_at is not None:
        raise ValueError("nothing to resend")
    if invitation.meeting.state == MeetingState.PLANNED:
        raise ValueError("the meeting has not been sent yet")
    _send_invitation(invitation, invitation.invited_at or now())
    db.session.flush()


def remind_now(meeting: Meeting) -> int:
    """Staff's "remind now": a reminder to everyone invited who has not answered, by the
    engine's rules (never twice a day, not on the day of the invitation, at most the
    policy's maximum). Returns how many were sent. Flushes."""
    if meeting.is_cancelled or not meeting.is_rsvp_open:
        return 0
    return reminders.send_now([inv for inv in invited(meeting) if not inv.is_answered])


def _live_invitations_for_email(email: str) -> list[MeetingInvitation]:
    """For 'Har du mistet dit link?': the address's invitations to meetings still to come,
    soonest first. An invitation counts when it was sent and not withdrawn, its meeting is
    invited (not planned, not cancelled) and has not started. The address is matched by its
    e-mail key (intake.matching.email_key) against the person record's address, or the
    invitation's own for one without a record. Empty for an unknown or empty address."""
    key = matching.email_key(email or "")
    if not key:
        return []
    rows = db.session.scalars(
        sa.select(MeetingInvitation)
        .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
        .outerjoin(Owner, Owner.id == MeetingInvitation.person_id)
        .where(
            sa.or_(Owner.email == key, MeetingInvitation.email == key),
            MeetingInvitation.invited_at.is_not(None),
            MeetingInvitation.revoked_at.is_(None),
            Meeting.state == MeetingState.INVITED,
            Meeting.starts_at > now(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [inv for inv in rows if matching.email_key(inv.recipient_email) == key]


def send_lost_links(email: str) -> int:
    """'Har du mistet dit link?' for meetings (run by the FOLLOWUP_LOST_LINK job, beside the
    rounds' links, intake/rounds/lost_link.py): a fresh RSVP link (TokenPurpose.LOST_LINK)
    for every invitation of the address to a meeting still to come (sent, not
    withdrawn, meeting invited and not started), all in ONE mail (`meeting_new_link`) to the
    person's address. Earlier links keep working. Returns how many links were sent; 0, with
    nothing written or queued, for an unknown address or one with no meeting to come.
    Flushes."""
    invitations = _live_invitations_for_email(email)
    if not invitations:
        return 0
    entries = [(inv, tokens.issue(inv, TokenPurpose.LOST_LINK)) for inv in invitations]
    mails.meeting_new_link(invitations[0].recipient_email, entries)
    db.session.flush()
    return len(entries)
