"""Calendar invitations have a lifecycle (issue 8, section 4): one UID per sign-up and date,
METHOD:CANCEL with that UID and a higher SEQUENCE when it is taken back, an update when it
changes, and the event text in the person's language. Every calendar part is parsed."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.mails import calendar_updates
from intake.mails.calendar_events import CalendarEvent
from intake.signups import changes
from intake.signups.models import Signup
from tests.mails.calendar_support import calendar_events, day
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    FRIDAY,
    NOW,
    cancel_link,
    fair_form,
    friday_form,
    mails_to,
    outbox,
    sign_up,
    text_part,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _cancel_through_link(client, mail, choice: str | None = None):
    path = cancel_link(mail).removeprefix("https://intake.example.dk")
    page = client.get(path)
    assert page.status_code == 200
    form = RenderedForm(page.get_data(as_text=True))
    if choice is not None:
        form.set("hvad", choice)
    return client.post(path, data=form.data())


def test_cancel_through_the_mail_link_takes_the_event_back(client, app, smtp_server, deliver):
    """The issue's example: one Friday, cancelled through the link."""
    sign_up(client, FRIDAY, friday_form(client))
    deliver()
    [confirmation] = mails_to(smtp_server, "ivaerk1@start1.dk")
    [sent] = calendar_events(confirmation)
    assert (sent.method, sent.sequence, sent.status) == ("REQUEST", 0, "CONFIRMED")
    assert _cancel_through_link(client, confirmation).status_code == 303
    deliver()
    cancellation = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    [cancel] = calendar_events(cancellation)
    assert (cancel.method, cancel.uid, cancel.sequence, cancel.status) == (
        "CANCEL",
        sent.uid,
        1,
        "CANCELLED",
    )
    assert cancel.starts_at == sent.starts_at


def test_one_event_per_date_with_its_own_uid_and_the_same_uid_ever_after(
    client, app, smtp_server, deliver
):
    sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05", "2027-03-05"]))
    deliver()
    [confirmation] = mails_to(smtp_server, "ivaerk1@start1.dk")
    sent = {day(e): e for e in calendar_events(confirmation)}
    assert sorted(sent) == ["2026-12-04", "2027-02-05", "2027-03-05"]
    assert len({e.uid for e in sent.values()}) == 3
    assert _cancel_through_link(client, confirmation, "alle").status_code == 303
    deliver()
    cancelled = {day(e): e for e in calendar_events(mails_to(smtp_server, "ivaerk1@start1.dk")[-1])}
    assert {d: (e.method, e.uid, e.sequence) for d, e in cancelled.items()} == {
        d: ("CANCEL", e.uid, 1) for d, e in sent.items()
    }


def test_staff_cancel_sends_cancel(app, smtp_server, deliver):
    from intake.signups import service

    client = app.test_client()
    reference = sign_up(client, FAIR, fair_form(client))
    deliver()
    [sent] = calendar_events(mails_to(smtp_server, "kontakt1@firma1.dk")[0])
    with app.app_context():
        signup = service.find_by_reference(reference)
        service.cancel(app.extensions["intake.forms"].get("netvaerksmesse"), signup)
        db.session.commit()
    deliver()
    [cancel] = calendar_events(mails_to(smtp_server, "kontakt1@firma1.dk")[-1])
    assert (cancel.method, cancel.uid, cancel.sequence) == ("CANCEL", sent.uid, 1)


def test_move_to_another_date_cancels_the_old_event_and_sends_the_new(
    client, app, smtp_server, deliver
):
    reference = sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04"]))
    deliver()
    [first] = calendar_events(mails_to(smtp_server, "ivaerk1@start1.dk")[0])
    with app.app_context():
        form = app.extensions["intake.forms"].get("ivaerksaetterfredag")
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        assert changes.move(form, signup, signup.bookings[0], "occasion:2027-02-05").ok
        db.session.commit()
        # and back again: the first date's UID stands again with a still higher SEQUENCE
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        assert changes.move(form, signup, signup.active_bookings()[0], "occasion:2026-12-04").ok
        db.session.commit()
    deliver()
    moved, back = mails_to(smtp_server, "ivaerk1@start1.dk")[1:]
    out, new = sorted(calendar_events(moved), key=lambda e: e.method)
    assert (out.method, out.uid, out.sequence, day(out)) == ("CANCEL", first.uid, 1, "2026-12-04")
    assert (new.method, new.sequence, day(new)) == (
        "REQUEST",
        0,
        "2027-02-05",
    ) and new.uid != first.uid
    again = {e.method: e for e in calendar_events(back)}
    assert (again["CANCEL"].uid, again["CANCEL"].sequence) == (new.uid, 1)
    assert (again["REQUEST"].uid, again["REQUEST"].sequence) == (first.uid, 2)


def test_english_sign_up_gets_the_event_text_in_english(client, app, smtp_server, deliver):
    client.get("/sprog/en")
    sign_up(client, FRIDAY, friday_form(client))
    deliver()
    [sent] = calendar_events(mails_to(smtp_server, "ivaerk1@start1.dk")[0])
    assert sent.summary == "Network Friday for entrepreneurs at Rugekassen"
    assert sent.description.startswith("Registration HE-") and "Tilmelding" not in sent.description
    # cancelled from another browser, with no language chosen there
    stranger = app.test_client()
    _cancel_through_link(stranger, mails_to(smtp_server, "ivaerk1@start1.dk")[0])
    deliver()
    cancellation = mails_to(smtp_server, "ivaerk1@start1.dk")[-1]
    [cancel] = calendar_events(cancellation)
    assert cancel.summary == sent.summary and cancel.description == sent.description
    assert "Tilmelding" not in cancellation["Subject"] and "Venlig hilsen" not in text_part(
        cancellation
    )


def _publish_fair_moved(app) -> None:
    """Staff move the fair to 10:00 and publish it (intake.formdefs.store), as the editor does."""
    from intake.formdefs import store

    with app.app_context():
        draft = store.get_draft("netvaerksmesse")
        [occasion] = draft.mapping["occasions"]
        assert occasion["start"] == "09:00", "the fair's start as the seed writes it"
        occasion["start"] = "10:00"
        saved = store.save_draft("netvaerksmesse", draft.mapping,
                                 expected_revision=draft.revision, by="anna@hedensted.dk")
        store.publish("netvaerksmesse", expected_revision=saved.revision, by="anna@hedensted.dk")
        db.session.commit()


def test_a_changed_time_in_the_definition_updates_the_event(app, smtp_server, deliver, tmp_path):
    client = app.test_client()
    sign_up(client, FAIR, fair_form(client))
    deliver()
    [sent] = calendar_events(mails_to(smtp_server, "kontakt1@firma1.dk")[0])
    _publish_fair_moved(app)
    with app.app_context():
        calendar_updates.worker_task()
    with app.app_context():
        calendar_updates.worker_task()  # once per published catalogue: no second mail
    deliver()
    update = mails_to(smtp_server, "kontakt1@firma1.dk")[1:]
    assert len(update) == 1 and outbox(app)[-1].kind == "signup_event_changed"
    [changed] = calendar_events(update[0])
    assert (changed.method, changed.uid, changed.sequence) == ("REQUEST", sent.uid, 1)
    assert changed.starts_at.hour == 8  # 10:00 in Copenhagen (CEST) is 08:00 UTC
    with app.app_context():
        assert calendar_updates.send_updates() == 0  # nothing left to tell


def test_erasing_a_sign_up_removes_its_calendar_rows(client, app, smtp_server, deliver):
    from intake.gdpr import removal

    reference = sign_up(client, FRIDAY, friday_form(client, dates=["2026-12-04", "2027-02-05"]))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarEvent)) == 2
        removal.delete_signups(removal.load([reference]))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarEvent)) == 0
