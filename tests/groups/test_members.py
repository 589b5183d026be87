"""A group's members, pending and waiting people, organisations and the one person record,
read from sign-ups posted through the public samarbejdsgruppe form."""

from __future__ import annotations

import pytest

from intake import groups
from intake.extensions import db
from intake.goals.models import FocusArea, Sector
from intake.goals.service import upsert_owner
from tests.support.signups import GROUP, NOW, group_form, seats, sign_up


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def test_members_waiting_and_organisations(app, client):
    seats(app, "samarbejdsgruppe", "option:erhvervsliv", 2)
    sign_up(client, GROUP, group_form(client, 1, navn="Åse Berg", organisation="Zeta A/S"))
    sign_up(client, GROUP, group_form(
        client, 2, navn="anders Ager", sektor="kommune", rolle="erhvervsliv-vaekst-klima",
        organisation="Hedensted Kommune", cvr=""))
    sign_up(client, GROUP, group_form(client, 3, navn="Carl Dahl", organisation="zeta A/S"))
    sign_up(client, GROUP, group_form(client, 4, gruppe="rammer", rolle="andet",
                                      rolle_andet="Formand", organisation="Alfa"))
    with app.test_request_context():
        found = groups.members(FocusArea.ERHVERVSLIV)
        assert [m.name for m in found] == ["anders Ager", "Åse Berg"]
        first = found[1]
        assert first.status is groups.MemberStatus.CONFIRMED
        assert first.sector is Sector.ERHVERV and found[0].sector is Sector.KOMMUNE
        assert first.role == "Byggeri" and found[0].role == "Vækst & Klima"
        assert first.email == "person1@firma1.dk" and first.phone
        assert first.member_since == NOW and first.area is FocusArea.ERHVERVSLIV
        assert first.reference.startswith("HE-")
        queue = groups.waiting(FocusArea.ERHVERVSLIV)
        assert [(m.name, m.status, m.member_since) for m in queue] == [
            ("Carl Dahl", groups.MemberStatus.WAITLISTED, None)]
        assert groups.pending(FocusArea.ERHVERVSLIV) == []
        assert groups.members(FocusArea.RAMMER)[0].role == "Formand"
        assert groups.organisations(FocusArea.ERHVERVSLIV) == ["Hedensted Kommune", "Zeta A/S"]
        assert groups.organisations() == ["Alfa", "Hedensted Kommune", "Zeta A/S"]


def test_person_for_is_one_record_per_address(app, client):
    sign_up(client, GROUP, group_form(client, 1, email="Mette@Firma.dk", navn="Mette Holm"))
    with app.test_request_context():
        outside = upsert_owner("M. Holm", "mette@firma.dk", "Gammelt", Sector.ANDRE)
        member = groups.members(FocusArea.ERHVERVSLIV)[0]
        person = groups.person_for(member)
        assert person.id == outside.id
        assert (person.name, person.organisation, person.sector) == (
            "Mette Holm", "Firma 1 ApS", Sector.ERHVERV)
        assert groups.person_for(member).id == person.id
        db.session.commit()
