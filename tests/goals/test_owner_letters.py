"""Goal owners are found by their address however it was typed or imported (issue 8, part 3):
case and Unicode form (NFD, pasted on a Mac) never make a second owner or a missed look-up."""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa

from intake.extensions import db
from intake.goals import service as goals
from intake.goals.importer import COLUMNS
from intake.goals.models import Owner, Sector
from intake.rounds import service as rounds
from tests.support.goals import make_round, seed


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_owner_look_up_and_upsert_match_every_spelling(app):
    with app.app_context():
        first = goals.upsert_owner(nfd("Åse Ærø"), nfd("Kontakt@Åbyg.DK"), "Østergaard Byg ApS",
                                   Sector.ERHVERV)
        db.session.commit()
        assert first.email == "kontakt@åbyg.dk" and first.name == "Åse Ærø"
        for spelling in ("kontakt@åbyg.dk", "KONTAKT@ÅBYG.DK", nfd("kontakt@åbyg.dk"),
                         " Kontakt@Åbyg.dk "):
            assert goals.find_owner(spelling) is first, spelling
        again = goals.upsert_owner("Åse Ærø", "KONTAKT@ÅBYG.DK", "Østergaard Byg ApS",
                                   Sector.ERHVERV)
        db.session.commit()
        assert again is first
        assert db.session.scalar(sa.select(sa.func.count(Owner.id))) == 1
        assert goals.email_taken(nfd("kontakt@åbyg.dk"))


def test_lost_link_finds_the_owner_typed_decomposed(app):
    seed(app)
    make_round(app)
    with app.app_context():
        owner = goals.find_owner("anne@example.dk")
        rounds.change_email(owner, nfd("Anne@Åbyg.DK"))
        db.session.commit()
        assert owner.email == "anne@åbyg.dk"
        invitations = rounds.open_invitations_for_email(nfd("ANNE@ÅBYG.DK"))
        assert [i.owner_id for i in invitations] == [owner.id]


def test_an_import_made_on_a_mac_matches_headers_labels_and_owners(app, staff):
    """Excel on a Mac may store "Fokusområde" decomposed; the owner already exists in NFC."""
    from tests.goals.test_import import _period, _upload, _xlsx

    _period(app)
    with app.app_context():
        known = goals.upsert_owner("Åse Ærø", "kontakt@åbyg.dk", "", Sector.ERHVERV)
        db.session.commit()
        known_id = known.id
    headers = [nfd(title).upper() for _, title in COLUMNS]
    response = _upload(staff, _xlsx([
        ["1", nfd("DET GODE ERHVERVSLIV"), nfd("Flere lærlinge på Åbyg"), None, None, None, None,
         nfd("Åse Ærø"), nfd("KONTAKT@ÅBYG.DK"), nfd("Østergaard Byg ApS"), nfd("Erhverv")],
    ], headers=headers))
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    with app.app_context():
        owners = db.session.scalars(sa.select(Owner)).all()
        assert [(o.id, o.email, o.organisation) for o in owners] == [
            (known_id, "kontakt@åbyg.dk", "Østergaard Byg ApS")]
        assert [g.title for g in owners[0].goals] == ["Flere lærlinge på Åbyg"]
