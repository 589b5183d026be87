"""Meeting fixtures: members signed up through the public groups form, a meeting in 2027
(Tuesday 2 November, after the October clock change; RSVP deadline Friday 29 October), its
invitations, and the personal links read from the outbox before they are scrubbed."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.goals.models import FocusArea
from intake.outbox.models import OutboxMessage
from tests.support.htmlform import RenderedForm
from tests.support.signups import GROUP, NOW, group_form, sign_up

STARTS = datetime(2027, 11, 2, 17, 0, tzinfo=LOCAL)
ENDS = datetime(2027, 11, 2, 19, 0, tzinfo=LOCAL)
DEADLINE = datetime(2027, 10, 29, 12, 0, tzinfo=LOCAL)
INVITE_AT = datetime(2027, 10, 15, 10, 0, tzinfo=LOCAL)
LINK_RE = re.compile(r"https://intake\.example\.dk/moeder/([A-Za-z0-9_-]{43})")


def add_members(client, frozen_clock, count: int, area: str = "erhvervsliv",
                start: int = 1) -> None:
    """`count` confirmed members of the group, posted through the public form."""
    frozen_clock(NOW)
    role = {} if area == "erhvervsliv" else {"rolle": "andet", "rolle_andet": "Formand"}
    for n in range(start, start + count):
        sign_up(client, GROUP, group_form(client, n, gruppe=area, **role))


def meeting_data(**changes):
    from intake.meetings.models import MeetingKind
    from intake.meetings.service import MeetingData

    values = {
        "kind": MeetingKind.MEETING_1, "focus_area": FocusArea.ERHVERVSLIV,
        "title": "1. møde i Det gode erhvervsliv", "starts_at": STARTS, "ends_at": ENDS,
        "host_name": "Firma 1 ApS", "address": "Søndergade 1, 8722 Hedensted",
        "agenda": "Velkomst\nMålene for 2028", "rsvp_deadline_at": DEADLINE,
    }
    values.update(changes)
    return MeetingData(**values)


def make_meeting(app, **changes) -> int:
    from intake.goals import service as goals
    from intake.meetings import service

    with app.app_context():
        period = goals.get_or_create_period(2027)
        meeting = service.create(period, meeting_data(**changes))
        db.session.commit()
        return meeting.id


def invite(app, frozen_clock, meeting_id: int, at: datetime = INVITE_AT) -> int:
    from intake.meetings import service
    from intake.meetings.models import Meeting

    frozen_clock(at)
    with app.test_request_context():
        sent = service.invite_members(db.session.get(Meeting, meeting_id))
        db.session.commit()
        return sent


def links(app, kind: str = "meeting_invited") -> dict[str, str]:
    """The latest personal link of each recipient in the stored mails of `kind`."""
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).all()
        found = {}
        for row in rows:
            match = LINK_RE.search(row.body_text)
            if match:
                found[row.recipients[0]] = match.group(1)
        return found


def page(client, token: str, status: int = 200):
    response = client.get(f"/moeder/{token}")
    assert response.status_code == status, response.status_code
    return response


def rsvp_form(client, token: str) -> RenderedForm:
    return RenderedForm(page(client, token).get_data(as_text=True))


@pytest.fixture
def invited(app, client, frozen_clock):
    """Two members invited to a planned meeting; returns (meeting id, {email: token})."""
    add_members(client, frozen_clock, 2)
    meeting_id = make_meeting(app)
    assert invite(app, frozen_clock, meeting_id) == 2
    return meeting_id, links(app)
