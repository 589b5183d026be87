"""The engine's tokens, reminders and GDPR provider, through a follow-up round's invitations
(the kind enum has no test-only member; the reminder rules are every kind's, issue 13 §3)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.gdpr.person import parse
from intake.gdpr.providers import provider
from intake.invitations import reminders, tokens
from intake.invitations.models import Invitation, InvitationKind, LinkToken, TokenPurpose
from intake.rounds.models import Invitation as RoundInvitation
from intake.rounds.models import Round
from tests.support.goals import forms_dir, make_round, seed

DEADLINE = datetime(2027, 11, 2, 12, 0, tzinfo=LOCAL)  # winter time began 31 October


@pytest.fixture
def app(make_app, tmp_path):
    """An app with only the follow-up form (as tests/rounds have it)."""
    return make_app(FORMS_DIR=str(forms_dir(tmp_path)))


@pytest.fixture
def seeded(app):
    return seed(app)


@pytest.fixture
def started(app, seeded, frozen_clock):
    frozen_clock(datetime(2027, 10, 20, 10, 0, tzinfo=LOCAL))
    return make_round(app, deadline=DEADLINE)


def _first(email: str = "anne@example.dk") -> RoundInvitation:
    return db.session.scalars(
        sa.select(RoundInvitation).where(RoundInvitation.owner.has(email=email))
    ).one()


def test_a_round_invitation_is_an_engine_invitation(app, started):
    with app.app_context():
        invitation = _first()
        assert invitation.kind == InvitationKind.ROUND and invitation.person is invitation.owner
        assert invitation.recipient_email == "anne@example.dk"
        assert db.session.get(Invitation, invitation.id) is invitation  # polymorphic load
        assert invitation.submitted_at is None and not invitation.is_answered


def test_a_token_finds_only_its_own_kind_and_dies_with_its_invitation(app, started):
    with app.app_context():
        invitation = _first()
        raw = tokens.issue(invitation, TokenPurpose.INVITATION)
        db.session.commit()
        row = tokens.find(raw, InvitationKind.ROUND)
        assert row is not None and row.invitation is invitation
        assert db.session.scalar(sa.select(LinkToken.token_hash).where(LinkToken.id == row.id)
                                 ) == tokens.hash_token(raw)
        assert tokens.find(raw, InvitationKind.MEETING) is None  # another kind's page
        assert tokens.by_id(row.id, InvitationKind.FORM) is None
        assert tokens.find(raw[:-1], InvitationKind.ROUND) is None  # malformed
        assert tokens.find(raw[:-1] + ("a" if raw[-1] != "a" else "b"),
                           InvitationKind.ROUND) is None  # unknown
        invitation.revoked_at = invitation.invited_at  # staff withdrew the invitation
        db.session.flush()
        assert tokens.find(raw, InvitationKind.ROUND) is None
        assert tokens.by_id(row.id, InvitationKind.ROUND) is None


def test_a_token_dies_at_the_policys_link_deadline(app, started, frozen_clock):
    with app.app_context():
        raw = tokens.issue(_first(), TokenPurpose.INVITATION)
        db.session.commit()
        until = db.session.get(Round, started).link_valid_until
    frozen_clock(until - timedelta(seconds=1))
    with app.app_context():
        assert tokens.find(raw, InvitationKind.ROUND) is not None
    frozen_clock(until)
    with app.app_context():
        assert tokens.find(raw, InvitationKind.ROUND) is None


def test_reminders_stay_at_nine_local_across_the_october_change(app, started, frozen_clock):
    """Reminder days [7, 2] before 2 November: 26 October (summer time) and 31 October, the
    day winter time begins; both at 09.00 in Copenhagen, walked hour by hour."""
    sent = []
    moment = datetime(2027, 10, 20, 11, 0, tzinfo=LOCAL)
    while moment < DEADLINE:
        frozen_clock(moment)
        with app.app_context():
            count = reminders.send_due()
        if count:
            sent.append((moment.astimezone(LOCAL).strftime("%d/%m %H.%M"), count))
        moment += timedelta(hours=1)
    assert sent == [("26/10 09.00", 3), ("31/10 09.00", 3)]


def test_a_revoked_invitation_gets_no_reminder(app, started, frozen_clock):
    frozen_clock(datetime(2027, 10, 26, 9, 30, tzinfo=LOCAL))
    with app.app_context():
        invitation = _first()
        invitation.revoked_at = datetime(2027, 10, 25, 9, 0, tzinfo=LOCAL)
        db.session.commit()
        assert reminders.send_due() == 2  # bo and carl
        assert reminders.send_now([_first()]) == 0
        assert _first().reminder_count == 0


def test_manual_reminders_obey_the_same_rules(app, started, frozen_clock):
    with app.app_context():
        # Invited today: nobody is reminded on the day of their invitation.
        assert reminders.send_now([_first()]) == 0
    frozen_clock(datetime(2027, 10, 22, 10, 0, tzinfo=LOCAL))
    with app.app_context():
        assert reminders.send_now([_first()]) == 1
        assert reminders.send_now([_first()]) == 0  # not twice on one local day
        db.session.commit()
        invitation = _first()
        assert invitation.reminder_count == 1 and invitation.reminders[0].is_manual
        assert invitation.tokens[-1].purpose == TokenPurpose.REMINDER


def test_gdpr_finds_and_erases_invitations_without_a_person_record(app, started):
    with app.app_context():
        invitation = _first()
        # As if its person record were gone: only the invitation's own name and e-mail left.
        invitation.person = None
        invitation.name, invitation.email = "Anne And", "anne@example.dk"
        db.session.commit()
        gdpr = provider("invitations")
        [section] = gdpr.find(parse("Anne@Example.dk"))
        assert section.rows[0][:3] == ["Opfølgning", "Anne And", "anne@example.dk"]
        assert gdpr.plan(parse("anne@example.dk"))[0][1] == 1
        assert gdpr.find(parse("bo@example.dk")) == []
        count, payload = gdpr.erase(parse("anne@example.dk"))
        assert count >= 2 and payload["invitations"][0]["id"] == invitation.id
        db.session.commit()
        assert db.session.get(Invitation, payload["invitations"][0]["id"]) is None
        assert gdpr.reapply(payload) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(
            sa.table("followup_invitations"))) == 2
