"""Retention of meeting, form and news invitations (intake/invitations/retention.py): one
just inside its storage time is kept, one just past it is deleted with its links, reminders
and (meetings) RSVP changes; follow-up rounds are left to intake/rounds/retention.py."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from intake.clock import LOCAL, add_local_days, local_date
from intake.extensions import db
from intake.goals.models import Owner, Sector
from intake.goals.service import get_or_create_period
from intake.invitations import retention, tokens
from intake.invitations.form_models import FormInvitation, FormSending
from intake.invitations.models import (
    Invitation,
    InvitationKind,
    LinkToken,
    Reminder,
    TokenPurpose,
)
from intake.meetings.models import (
    Meeting,
    MeetingInvitation,
    MeetingKind,
    RsvpAnswer,
    RsvpChange,
)
from intake.meetings.policy import RETENTION_DAYS as MEETING_DAYS
from intake.news.models import NewsInvitation, NewsSending
from intake.news.policy import LINK_LIFETIME
from intake.rounds.models import Round, RoundInvitation

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=LOCAL)  # when `gdpr purge` runs
FORM = "ivaerksaetterfredag"  # keeps sign-ups 730 days (forms/ivaerksaetterfredag.yaml)
FORM_DAYS = 730
MINUTE = timedelta(minutes=1)


def _extras(invitation: Invitation, at: datetime) -> None:
    """A link and a reminder, as every invitation that went out has."""
    tokens.issue(invitation, TokenPurpose.INVITATION)
    invitation.reminders.append(
        Reminder(local_day=local_date(at), sent_at=at, is_manual=False)
    )


def _meeting(starts_at: datetime, number: int) -> Meeting:
    meeting = Meeting(
        period=get_or_create_period(starts_at.year), kind=MeetingKind.MEETING_1,
        title=f"Møde {number}", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
        rsvp_deadline_at=starts_at - timedelta(days=4), uid=f"retention-{number}@test",
    )
    db.session.add(meeting)
    return meeting


def _meeting_invitation(meeting: Meeting, email: str) -> MeetingInvitation:
    at = meeting.starts_at - timedelta(days=20)
    invitation = MeetingInvitation(
        meeting=meeting, name="Mødegæst", email=email, invited_at=at, created_at=at,
        answer=RsvpAnswer.YES,
    )
    invitation.changes.append(RsvpChange(answer=RsvpAnswer.YES, changed_at=at))
    _extras(invitation, at)
    db.session.add(invitation)
    return invitation


def _form_invitation(sending: FormSending, at: datetime, email: str) -> FormInvitation:
    invitation = FormInvitation(
        sending=sending, name="Skemagæst", email=email, invited_at=at, created_at=at
    )
    _extras(invitation, at)
    db.session.add(invitation)
    return invitation


def _news_invitation(sending: NewsSending, at: datetime, email: str) -> NewsInvitation:
    invitation = NewsInvitation(
        sending=sending, name="Læser", email=email, invited_at=at, created_at=at
    )
    tokens.issue(invitation, TokenPurpose.INVITATION)  # news mails are never reminded
    db.session.add(invitation)
    return invitation


def _old_round_invitation() -> RoundInvitation:
    """A ten-year-old invitation of a round: not this module's to delete."""
    at = NOW - timedelta(days=3650)
    owner = Owner(  # young: the follow-up purge keeps the person record too
        name="Målejer", email="ejer@firma.dk", sector=Sector.ERHVERV, created_at=NOW
    )
    round_ = Round(
        period=get_or_create_period(2016), title="Runde", form_slug="opfoelgning",
        deadline_at=at, contact_name="Kontakt", contact_email="kontakt@example.dk",
        invitation_subject="S", invitation_body="B", reminder_subject="S", reminder_body="B",
    )
    invitation = RoundInvitation(
        round=round_, owner=owner, name="Målejer", email="ejer@firma.dk", created_at=at
    )
    _extras(invitation, at)
    db.session.add(invitation)
    return invitation


def make_history(app) -> dict[str, int]:
    """Per kind one invitation a minute inside its storage time ("<kind>_kept") and one a
    minute past it ("<kind>_old"), each with a link and (but news) a reminder; and an old
    round's invitation ("round"). Returns their ids."""
    meeting_cutoff = add_local_days(NOW, -MEETING_DAYS)
    form_cutoff = add_local_days(NOW, -FORM_DAYS)
    news_cutoff = NOW - LINK_LIFETIME
    with app.app_context():
        sending = FormSending(
            form_slug=FORM, subject="Kom", body="Tekst", deadline_at=form_cutoff,
            created_at=form_cutoff,
        )
        news = NewsSending(subject="Nyt", body="Tekst", created_at=news_cutoff)
        made = {
            "meeting_kept": _meeting_invitation(_meeting(meeting_cutoff + MINUTE, 1), "a@x.dk"),
            "meeting_old": _meeting_invitation(_meeting(meeting_cutoff - MINUTE, 2), "b@x.dk"),
            "form_kept": _form_invitation(sending, form_cutoff + MINUTE, "c@x.dk"),
            "form_old": _form_invitation(sending, form_cutoff - MINUTE, "d@x.dk"),
            "news_kept": _news_invitation(news, news_cutoff + MINUTE, "e@x.dk"),
            "news_old": _news_invitation(news, news_cutoff - MINUTE, "f@x.dk"),
            "round": _old_round_invitation(),
        }
        db.session.commit()
        return {name: invitation.id for name, invitation in made.items()}


def remaining(app) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(sa.select(Invitation.id)))


def counts(app, ids) -> tuple[int, int, int]:
    """Links, reminders and RSVP changes still stored for the invitations `ids`."""
    with app.app_context():
        return tuple(
            db.session.scalar(sa.select(sa.func.count()).where(column.in_(ids)))
            for column in (
                LinkToken.invitation_id, Reminder.invitation_id, RsvpChange.invitation_id
            )
        )


def test_plan_lists_the_invitations_just_past_their_time_kind_by_kind(app):
    made = make_history(app)
    with app.app_context():
        found = retention.plan(NOW.astimezone(LOCAL))
    assert [(kind, ids) for kind, ids, _ in found] == [
        (InvitationKind.MEETING, [made["meeting_old"]]),
        (InvitationKind.FORM, [made["form_old"]]),
        (InvitationKind.NEWS, [made["news_old"]]),
    ]
    oldest = {kind: moment for kind, _, moment in found}
    assert oldest[InvitationKind.MEETING] == add_local_days(NOW, -MEETING_DAYS) - MINUTE
    assert oldest[InvitationKind.NEWS] == NOW - LINK_LIFETIME - MINUTE
    assert retention.total(found) == 3


def test_purge_deletes_them_with_links_reminders_and_rsvp_changes(app):
    made = make_history(app)
    old = [made["meeting_old"], made["form_old"], made["news_old"]]
    kept = [made[name] for name in ("meeting_kept", "form_kept", "news_kept", "round")]
    assert counts(app, old) == (3, 2, 1)
    with app.app_context():
        result = retention.purge(retention.plan(NOW))
        db.session.commit()
    assert result[0] == {"meeting": 1, "form": 1, "news": 1}
    assert [entry["id"] for entry in result[1]["invitations"]] == old
    assert remaining(app) == set(kept)
    assert counts(app, old) == (0, 0, 0)
    assert counts(app, kept) == (4, 3, 1)
    with app.app_context():
        for model in (MeetingInvitation, FormInvitation, NewsInvitation):  # own rows too
            assert not db.session.scalars(sa.select(model.id).where(model.id.in_(old))).all()
        assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 2  # meetings stay


def test_a_form_without_retention_days_keeps_its_invitations(app):
    made = make_history(app)
    with app.app_context():
        db.session.execute(sa.update(FormSending).values(form_slug="uden-opbevaring"))
        db.session.commit()
        kinds = [kind for kind, _, _ in retention.plan(NOW)]
    assert InvitationKind.FORM not in kinds and made["form_old"] in remaining(app)


def test_batches_delete_everything(app):
    make_history(app)
    with app.app_context():
        result = retention.purge(retention.plan(NOW), batch=1)
        db.session.commit()
    assert sum(result[0].values()) == 3
    assert len(remaining(app)) == 4
