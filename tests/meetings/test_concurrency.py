"""Two answers from the same link at the same moment (two tabs, a double click on two
devices): both are recorded, one after the other under the invitation's row lock, no 500,
and the invitation's answer is the later one."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.meetings.models import MeetingInvitation, RsvpAnswer
from tests.meetings.conftest import INVITE_AT, rsvp_form


def test_two_answers_at_once_are_both_recorded_in_order(app, frozen_clock, invited):
    _, tokens = invited
    token = tokens["person1@firma1.dk"]
    frozen_clock(INVITE_AT + timedelta(days=1))
    rounds = 3
    statuses: list[int] = []
    lock = threading.Lock()
    for _ in range(rounds):
        posts = []
        for answer, comment in (("ja", "Fra telefonen"), ("nej", "Fra computeren")):
            client = app.test_client()  # each its own session and CSRF token
            form = rsvp_form(client, token).fill(answer=answer, comment=comment)
            posts.append((client, form.data()))
        start = threading.Barrier(len(posts))

        def post(client, data, start=start) -> None:
            start.wait()
            status = client.post(f"/moeder/{token}", data=data).status_code
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=post, args=pair) for pair in posts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert statuses == [303] * (2 * rounds)
    with app.app_context():
        invitation = db.session.scalar(sa.select(MeetingInvitation).where(
            MeetingInvitation.email == "person1@firma1.dk"))
        changes = invitation.changes
        assert len(changes) == 2 * rounds
        assert [c.id for c in changes] == sorted(c.id for c in changes)
        assert [c.changed_at for c in changes] == sorted(c.changed_at for c in changes)
        assert {c.answer for c in changes} == {RsvpAnswer.YES, RsvpAnswer.NO}
        assert (invitation.answer, invitation.comment) == (changes[-1].answer,
                                                           changes[-1].comment)
