"""The consents service (contract C2): `current` filtered by focus area and trade, one per
address; `withdraw_email` logged without the address; what a row takes from the answers;
how long rows are kept; GDPR find, access export and erase."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from intake import clock
from intake.consents import service as consents
from intake.consents.models import Consent, WithdrawnVia
from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.formdefs.types.base import field_type
from intake.gdpr import removal
from intake.gdpr import service as gdpr
from intake.gdpr.person import parse
from intake.signups.models import Signup
from tests.staff.conftest import csrf_of
from tests.support.signups import FAIR, NOW, fair_form, sign_up


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def add(email: str, minutes: int = 0, areas=(), trade: str = "", withdrawn: bool = False,
        **extra) -> Consent:
    row = Consent(email=email, name="", form_slug="netvaerksmesse", form_version=2,
                  field_key="nyheder", wording="Ja tak", lang="da",
                  given_at=NOW + timedelta(minutes=minutes), focus_areas=list(areas),
                  trade=trade, withdrawn_at=NOW if withdrawn else None,
                  withdrawn_via=WithdrawnVia.ANSWER if withdrawn else None, **extra)
    db.session.add(row)
    db.session.flush()
    return row


def test_current_is_one_per_address_newest_first_without_withdrawn(app):
    with app.app_context():
        add("a@x.dk", 1)
        newest_a = add("a@x.dk", 5)
        b = add("b@x.dk", 3)
        add("c@x.dk", 9, withdrawn=True)
        assert consents.current() == [newest_a, b]
        assert consents.is_current_email(" A@X.dk") and not consents.is_current_email("c@x.dk")


def test_current_filters_by_focus_area_and_trade(app):
    with app.app_context():
        work = add("a@x.dk", areas=["arbejdsliv"], trade="Byggeri og anlæg")
        both = add("b@x.dk", areas=["arbejdsliv", "rammer"], trade="Café og restaurant")
        add("c@x.dk", trade="Detail")  # no area named: left out by an area filter
        assert consents.current({"arbejdsliv"}) == [both, work]
        assert consents.current({"rammer", "baeredygtige"}) == [both]
        assert consents.current(trade="BYGGERI") == [work]
        assert consents.current(trade="cafe") == [both]  # accents and case ignored
        assert consents.current(trade="  ") == consents.current()
        assert consents.current({"arbejdsliv"}, trade="anlæg") == [work]
        assert consents.current({"erhvervsliv"}) == []


def test_the_filter_picks_the_matching_consent_of_an_address(app):
    """An address with two current consents passes if either names the area."""
    with app.app_context():
        named = add("a@x.dk", 1, areas=["rammer"])
        add("a@x.dk", 5)
        assert consents.current({"rammer"}) == [named]
        assert len(consents.current()) == 1


def test_withdraw_email_is_immediate_and_logged_without_the_address(app, caplog):
    with app.app_context(), caplog.at_level(logging.INFO, logger="intake.consents"):
        add("anne@firma.dk", 1)
        add("anne@firma.dk", 2)
        add("bo@firma.dk", 3)
        assert consents.withdraw_email("Anne@Firma.dk", WithdrawnVia.UNSUBSCRIBE) == 2
        assert consents.withdraw_email("anne@firma.dk", WithdrawnVia.UNSUBSCRIBE) == 0
        assert [c.email for c in consents.current()] == ["bo@firma.dk"]
        # these rows have no sign-up to be kept with, so withdrawing deletes them
        assert db.session.scalars(sa.select(Consent.id)
                                  .where(Consent.email == "anne@firma.dk")).all() == []
    lines = [r for r in caplog.records if r.name == "intake.consents"]
    assert len(lines) == 2 and all("anne" not in r.getMessage() for r in lines)
    assert "2 row(s)" in lines[0].getMessage()


def test_a_row_takes_focus_areas_trade_and_name_from_the_answers(app):
    with app.app_context():
        groups = current_registry().get("samarbejdsgruppe")
        fair = current_registry().get("netvaerksmesse")
        assert consents.focus_areas(groups, {"gruppe": "rammer", "sektor": "erhverv"}) == [
            "rammer"]
        assert consents.focus_areas(fair, {"netvaerk": ["geografisk"]}) == []
        assert consents.trade({"branche": "  Byggeri "}) == "Byggeri"
        assert consents.trade({}) == ""
        assert consents.person_name(groups, {"navn": "Anne", "organisation": "Firma"}) == "Anne"
        assert consents.person_name(fair, {"firmanavn": "Firma ApS"}) == "Firma ApS"
        # The fair asks no contact name: the participant with the consent's address, if any.
        fair_answers = {"firmanavn": "Firma ApS", "deltagere": [
            {"navn": "Bo Berg", "email": "bo@firma.dk"},
            {"navn": "Anne Holm", "email": "Anne@Firma.dk"}]}
        assert consents.person_name(fair, fair_answers, "anne@firma.dk") == "Anne Holm"
        assert consents.person_name(fair, fair_answers, "kontor@firma.dk") == "Firma ApS"
        assert consents.person_name(fair, fair_answers) == "Firma ApS"


def _sign_up_with_consent(app, n: int = 1) -> str:
    client = app.test_client()
    return sign_up(client, FAIR, fair_form(client, n).set("nyheder", "y"))


def test_a_withdrawn_consent_goes_with_its_sign_up_a_current_one_stays(app):
    first, second = _sign_up_with_consent(app, 1), _sign_up_with_consent(app, 2)
    with app.app_context():
        consents.withdraw_email("kontakt1@firma1.dk", WithdrawnVia.ANSWER)
        removal.delete_signups(removal.load([first, second]))
        db.session.commit()
        (kept,) = db.session.scalars(sa.select(Consent)).all()
        assert kept.email == "kontakt2@firma2.dk" and kept.signup_id is None
        assert kept.is_current
        # withdrawn later, with no sign-up left to keep it with: deleted at once
        assert consents.withdraw_email("kontakt2@firma2.dk", WithdrawnVia.UNSUBSCRIBE) == 1
        db.session.commit()
        assert db.session.scalars(sa.select(Consent)).all() == []


def test_retention_keeps_a_current_consent(app, frozen_clock):
    _sign_up_with_consent(app)
    frozen_clock(NOW + timedelta(days=731))
    with app.app_context():
        gdpr.purge(gdpr.purge_plan())
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Signup.id))) == 0
        (row,) = db.session.scalars(sa.select(Consent)).all()
        assert row.is_current and row.signup_id is None


def test_gdpr_find_access_and_erase_include_consents(app, staff_client):
    _sign_up_with_consent(app, 1)
    _sign_up_with_consent(app, 2)
    with app.app_context():
        consents.withdraw_email("kontakt1@firma1.dk", WithdrawnVia.UNSUBSCRIBE)
        db.session.commit()
        report = gdpr.find(parse("KONTAKT1@firma1.dk"))
        (section,) = [s for s in report.sections if s.title == "Samtykker"]
        (row,) = section.rows
        assert row[:5] == ["Netværksmesse 2027 i Hedensted Centeret", 2, "nyheder",
                           "Ja tak, send mig nyt fra Hedensted Erhverv", "da"]
        assert row[5] == NOW and row[6] == NOW
        assert row[7] == "afmeldingslink i en nyhedsmail" and row[9] == "Byggeri"
    response = staff_client.post("/staff/gdpr/indsigt", data={
        "q": "kontakt1@firma1.dk", "csrf_token": csrf_of(staff_client, "/staff/gdpr/")})
    sheet = load_workbook(io.BytesIO(response.data))["Samtykker"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:4] == ["Formular", "Version", "Spørgsmål", "Ordlyd"]
    assert values[1][3] == "Ja tak, send mig nyt fra Hedensted Erhverv"
    with app.app_context():
        entry = gdpr.erase(parse("kontakt1@firma1.dk"))
        db.session.commit()
        assert entry.counts["consents"] == 1
        assert "kontakt1" not in str(entry.payload)
        assert [c.email for c in db.session.scalars(sa.select(Consent))] == [
            "kontakt2@firma2.dk"]
        assert clock.now() == NOW


def test_a_withdrawn_consent_reads_as_withdrawn_in_the_answers_and_the_workbook(app):
    """Staff mailing from a workbook must not reach someone who unsubscribed: the stored answer
    is marked when the consent is withdrawn, and its first time and wording stay."""
    reference = _sign_up_with_consent(app, 1)
    with app.test_request_context():
        definition = current_registry().get("netvaerksmesse")
        fdef = definition.field("nyheder")
        kind = field_type("consent")
        consents.withdraw_email("kontakt1@firma1.dk", WithdrawnVia.UNSUBSCRIBE)
        db.session.commit()
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        value = signup.answers["nyheder"]
        assert value["given"] is False and value["at"] == NOW.astimezone(clock.UTC).isoformat()
        assert value["wording"] == "Ja tak, send mig nyt fra Hedensted Erhverv"
        assert kind.display(fdef, value).startswith("Nej (trukket tilbage ")
        assert kind.export_maker(fdef, False)(signup.answers) == ["Trukket tilbage", None]
        assert consents.current() == []
