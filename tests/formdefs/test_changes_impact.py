"""changes_impact.impact: the change report before publishing, against real sign-ups and
bookings (SQLite and PostgreSQL), and notify_booked for the people on a changed date."""

from __future__ import annotations

import copy
import itertools
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from intake.extensions import db
from intake.formdefs.changes import ChangeKind
from intake.formdefs.changes_impact import NotChecked, booked, impact, notify_booked
from intake.formdefs.starters import check
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, CapacityBucket, Signup
from tests.support.signups import FAIR, NOW, fair_form, sign_up

FORMS = Path(__file__).resolve().parents[2] / "forms"
CONFIRMED, WAITING, CANCELLED = (
    BookingStatus.CONFIRMED,
    BookingStatus.WAITLISTED,
    BookingStatus.CANCELLED,
)
_numbers = itertools.count(1)


def seed(name: str) -> dict:
    return yaml.safe_load((FORMS / f"{name}.yaml").read_text(encoding="utf-8"))


def field(mapping: dict, key: str) -> dict:
    return next(f for f in mapping["fields"] if f["key"] == key)


@pytest.fixture
def ctx(app, frozen_clock):
    frozen_clock(NOW)
    with app.test_request_context():
        yield


def add(slug: str, answers: dict, *bookings: tuple) -> Signup:
    """A stored sign-up with bookings (bucket, occasion key, seats, status)."""
    n = next(_numbers)
    signup = Signup(
        reference=f"T{n:07d}",
        form_slug=slug,
        form_version=1,
        answers=answers,
        email=f"p{n}@firma.dk",
        locale="da",
        submission_key=f"key{n}",
        source="public",
        search_text="",  # as if searched for nothing; not what this test is about
    )
    for bucket, key, seats, status in bookings:
        signup.bookings.append(
            Booking(form_slug=slug, bucket=bucket, occasion_key=key, seats=seats, status=status)
        )
    db.session.add(signup)
    db.session.flush()
    return signup


def fair_answers(**extra) -> dict:
    return {
        "firmanavn": "Firma ApS",
        "kontakt_email": "k@firma.dk",
        "deltagere": [{"navn": "A", "email": "a@firma.dk"}],
        **extra,
    }


def test_nothing_collected_nothing_to_report(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["fields"] = [f for f in new["fields"] if f["key"] != "branche"]
    field(new, "firmanavn")["label"] = "Firmanavn"
    assert impact("netvaerksmesse", old, new) == []


def test_a_removed_field_counts_the_answers_that_stay(ctx):
    add("netvaerksmesse", fair_answers(branche="Byggeri"))
    add("netvaerksmesse", fair_answers(branche="Detail"))
    add("netvaerksmesse", fair_answers(branche=""))  # not answered
    add("samarbejdsgruppe", {"branche": "Andet"})  # another form
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["fields"] = [f for f in new["fields"] if f["key"] != "branche"]
    [change] = impact("netvaerksmesse", old, new)
    assert (change.kind, change.field, change.count) == (ChangeKind.FIELD_REMOVED, "branche", 2)
    assert change.text == (
        "Feltet «Branche» (branche) fjernes. Der er 2 svar på det; "
        "svarene bliver gemt, og eksporten viser dem under den gamle tekst "
        "«Branche»."
    )


def test_a_renamed_field_and_a_sub_field_of_a_repeat(ctx):
    add("netvaerksmesse", fair_answers())
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    field(new, "firmanavn")["label"] = {"da": "Firmanavn", "en": "Company"}
    field(new, "deltagere")["fields"] = field(new, "deltagere")["fields"][:1]  # no e-mail
    changes = impact("netvaerksmesse", old, new)
    assert [(c.kind, c.field, c.count) for c in changes] == [
        (ChangeKind.FIELD_RENAMED, "firmanavn", 1),
        (ChangeKind.FIELD_REMOVED, "deltagere.email", 1),
    ]
    assert changes[0].text.startswith(
        "Feltet firmanavn får ny tekst «Firmanavn». Der er 1 svar "
        "på det under den gamle tekst «Virksomhedens"
    )


def test_options_removed_or_relabelled_count_who_chose_them(ctx):
    add("netvaerksmesse", fair_answers(netvaerk=["brancheopdelt", "aldersopdelt"]))
    add("netvaerksmesse", fair_answers(netvaerk=["aldersopdelt"]))
    add("netvaerksmesse", fair_answers(netvaerk=["geografisk"]))
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    options = field(new, "netvaerk")["options"]
    options[0]["label"] = "Branche"
    del options[1]
    options[1]["description"] = "Ny beskrivelse"  # no label change: nothing to report
    changes = impact("netvaerksmesse", old, new)
    assert [(c.kind, c.count) for c in changes] == [
        (ChangeKind.OPTION_RELABELLED, 1),
        (ChangeKind.OPTION_REMOVED, 2),
    ]
    assert changes[1].text.startswith(
        "Svarmuligheden «Aldersopdelt netværk» (aldersopdelt) fjernes fra feltet"
    )
    assert "Den er valgt i 2 svar" in changes[1].text


def test_capacity_lowered_below_seats_taken(ctx):
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 3, CONFIRMED))
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 2, CONFIRMED))
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 3, WAITING))  # no seat
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 3, CANCELLED))
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["capacity"]["seats"] = 5
    assert impact("netvaerksmesse", old, new) == []  # lowered, but not below the 5 taken
    new["capacity"]["seats"] = 4
    [change] = impact("netvaerksmesse", old, new)
    assert (change.kind, change.count) == (ChangeKind.CAPACITY, 5)
    assert change.text == (
        "Hele arrangementet: 4 pladser, men 5 er allerede taget. Ingen mister "
        "sin plads, men ingen nye får plads, før færre end 4 er taget."
    )


def test_a_staff_override_of_seats_stands(ctx):
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 5, CONFIRMED))
    db.session.add(CapacityBucket(form_slug="netvaerksmesse", bucket="form", seats_override=10))
    db.session.flush()
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["capacity"]["seats"] = 2
    assert impact("netvaerksmesse", old, new) == []


def test_capacity_per_option_names_the_group(ctx):
    old = seed("samarbejdsgruppe")
    group = field(old, "gruppe")["options"][0]
    add(
        "samarbejdsgruppe",
        {"gruppe": group["code"]},
        (f"option:{group['code']}", None, 1, CONFIRMED),
    )
    add(
        "samarbejdsgruppe",
        {"gruppe": group["code"]},
        (f"option:{group['code']}", None, 1, CONFIRMED),
    )
    new = copy.deepcopy(old)
    field(new, "gruppe")["options"][0]["capacity"] = 1
    [change] = impact("samarbejdsgruppe", old, new)
    assert (change.kind, change.field, change.count) == (ChangeKind.CAPACITY, "gruppe", 2)
    assert change.text.startswith(f"{group['label']['da']}: 1 plads, men 2 er allerede taget")


def test_counting_seats_another_way_while_people_hold_them(ctx):
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 1, CONFIRMED))
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["capacity"] = {"per": "option", "field": "netvaerk", "seats": 10}
    new["fields"][4]["type"] = "choice"  # netvaerk: per option needs a choice field
    del new["fields"][4]["min"]
    [change] = [c for c in impact("netvaerksmesse", old, new) if c.kind == ChangeKind.CAPACITY]
    assert change.count == 1 and "tælles på en ny måde" in change.text


def test_a_moved_date_with_people_booked_offers_to_tell_them(ctx):
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 1, CONFIRMED))
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 1, WAITING))
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 1, CANCELLED))
    assert booked("netvaerksmesse") == {"2027-10-08": 2}
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["occasions"][0]["date"] = date(2027, 10, 15)
    [change] = impact("netvaerksmesse", old, new)
    assert (change.kind, change.count, change.offers_notice, change.occasion) == (
        ChangeKind.OCCASION_MOVED,
        2,
        True,
        "2027-10-08",
    )
    assert change.text.startswith(
        "Datoen 8. oktober 2027 flyttes til 15. oktober 2027, men 2 tilmeldte har den gamle dato."
    )


def test_a_removed_date_and_a_past_date(ctx):
    old = seed("netvaerksmesse")
    old["occasions"].append(
        {"date": date(2026, 10, 2), "start": "09:00", "end": "12:00", "place": "Rugekassen"}
    )  # before NOW: over
    add("netvaerksmesse", fair_answers(), ("form", "2026-10-02", 1, CONFIRMED))
    add("netvaerksmesse", fair_answers(), ("form", "2027-10-08", 1, CONFIRMED))
    new = copy.deepcopy(old)
    new["occasions"] = [new["occasions"][0]]  # the past date goes: nobody to tell
    assert impact("netvaerksmesse", old, new) == []
    new["occasions"][0]["start"] = "10:00"
    [change] = impact("netvaerksmesse", old, new)
    assert (change.kind, change.count, change.offers_notice) == (
        ChangeKind.OCCASION_CHANGED,
        1,
        True,
    )
    assert change.text == (
        "Tid eller sted ændres for 8. oktober 2027, og 1 tilmeldt har datoen. De kan få "
        "en opdateret kalenderinvitation."
    )


def test_a_monthly_rule_changed_under_booked_fridays(ctx):
    add(
        "ivaerksaetterfredag",
        {"datoer": ["2026-12-04"]},
        ("occasion:2026-12-04", "2026-12-04", 1, CONFIRMED),
    )
    old = seed("ivaerksaetterfredag")
    new = copy.deepcopy(old)
    new["occasions"]["every_month"]["place"] = "Hedensted Centeret"
    [change] = impact("ivaerksaetterfredag", old, new)
    assert (change.kind, change.occasion) == (ChangeKind.OCCASION_CHANGED, "2026-12-04")
    new["occasions"]["every_month"]["weekday"] = "torsdag"
    [change] = impact("ivaerksaetterfredag", old, new)
    assert change.kind == ChangeKind.OCCASION_REMOVED and change.offers_notice
    assert change.text.startswith("Datoen 4. december 2026 fjernes, men 1 tilmeldt har den.")


def test_opening_and_closing(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["opens"] = "2026-12-01 09:00"
    [change] = impact("netvaerksmesse", old, new)
    assert change.kind == ChangeKind.OPENS
    assert change.text == (
        "Tilmeldingen åbner 1. december 2026 kl. 09.00 (før 1. januar 2026 kl. 00.00). "
        "Indtil da kan ingen tilmelde sig."
    )
    new = copy.deepcopy(old)
    new["closes"] = "2026-11-19 12:00"  # before NOW
    [change] = impact("netvaerksmesse", old, new)
    assert change.kind == ChangeKind.CLOSES
    assert change.text == (
        "Tilmeldingen lukker 19. november 2026 kl. 12.00 (før 7. oktober 2027 kl. 12.00). "
        "Det tidspunkt er passeret, så formularen lukker, når den udgives."
    )


def test_a_version_the_checker_refuses_has_no_report(ctx):
    old = seed("netvaerksmesse")
    new = copy.deepcopy(old)
    new["capacity"]["per"] = "hver"
    with pytest.raises(NotChecked):
        impact("netvaerksmesse", old, new)


def test_notify_booked_sends_the_calendar_update(app, client, frozen_clock):
    """A real sign-up through the page holds the fair in its calendar; a new start time sends
    it an update with the calendar part (intake/mails/calendar_updates.py's mail)."""
    frozen_clock(NOW)
    sign_up(client, FAIR, fair_form(client))
    with app.test_request_context():
        old = seed("netvaerksmesse")
        new = copy.deepcopy(old)
        new["occasions"][0]["start"] = "10:00"
        [change] = impact("netvaerksmesse", old, new)
        definition, problems = check(new)
        assert problems == []
        assert notify_booked(definition, [change.occasion]) == 1
        assert notify_booked(definition, [change.occasion]) == 0  # their calendar is current
        db.session.commit()
        kinds = db.session.scalars(sa.select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()
    assert kinds[-1] == "signup_event_changed"


def test_a_followup_counts_the_latest_submitted_answers(app, frozen_clock):
    """A follow-up's answers live in its rounds: per goal for goal_fields, once for fields."""
    from intake.rounds.models import Invitation, Submission
    from tests.support.goals import STAFF_NOW, make_round
    from tests.support.goals import seed as seed_goals

    frozen_clock(STAFF_NOW)
    goals = seed_goals(app)
    round_id = make_round(app)
    with app.test_request_context():
        invitations = db.session.scalars(
            sa.select(Invitation).where(Invitation.round_id == round_id).order_by(Invitation.id)
        ).all()
        first, second = invitations[0], invitations[1]
        for invitation, version, status in (
            (first, 1, "i_gang"),
            (first, 2, "naaet"),
            (second, 1, "i_gang"),
        ):
            db.session.add(
                Submission(
                    invitation_id=invitation.id,
                    version=version,
                    form_version=1,
                    submitted_at=STAFF_NOW,
                    answers={
                        "goals": {
                            str(goals["g1"]): {"status": status},
                            str(goals["g2"]): {"status": "i_gang"},
                        },
                        "general": {"kommentar": f"Version {version}"},
                    },
                )
            )
        db.session.flush()
        old = seed("opfoelgning")
        new = copy.deepcopy(old)
        options = new["goal_fields"][0]["options"]
        next(o for o in options if o["code"] == "i_gang")["label"] = "Undervejs"
        new["fields"] = [f for f in new["fields"] if f["key"] != "kommentar"]
        changes = impact("opfoelgning", old, new)
    assert [(c.kind, c.field, c.count) for c in changes] == [
        (ChangeKind.FIELD_REMOVED, "kommentar", 2),
        (ChangeKind.OPTION_RELABELLED, "goal_fields.status", 3),  # first's version 1 is old
    ]
