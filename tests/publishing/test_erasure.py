"""A goal owner's words leave the public page with the owner: GDPR erasure from the staff
pages, retention (`flask gdpr purge`) and `flask gdpr reapply-deletions` after a restore
empty and hide every published comment that still holds one of the owner's
`offentlig_kommentar` answers, and log it by row ids without the text."""

from __future__ import annotations

import io
import json
from datetime import datetime

import openpyxl
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.gdpr import logfile, service
from intake.gdpr.models import DeletionLog, DeletionReason
from intake.gdpr.person import parse
from intake.publishing.models import PublishedGoal
from tests.publishing.conftest import answer, post_and_confirm, staff_form
from tests.support.forms_on_page import form_posting_to

ANNE_G1 = "Vi har ansat tre nye lærlinge hos Jobcenter Anne i år."
ANNE_G2 = "Annes plan for bymidten: otte nye boliger ved torvet."
CARL_G3 = "Carl fortæller om genbrug af mursten på byggepladserne."
# Staff kept Anne's words inside their own text (other case, spaces and line breaks).
STAFF_G2 = "Fra kommunen:\r\nannes plan for  bymidten: otte nye boliger ved torvet.\r\nMere følger."
LATER = datetime(2033, 1, 10, 3, 0, tzinfo=LOCAL)  # the 2027 round's 5 years have passed


def _public(client, url="/erhvervspolitik") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _publish(app, seeded, staff) -> None:
    """Anne answers goals 1 and 2 with public comments, Carl goal 3; staff show all three
    comments, goal 2's edited around Anne's words, and publish (confirm first)."""
    g1, g2, g3 = seeded["g1"], seeded["g2"], seeded["g3"]
    answer(app, "anne@example.dk", seeded["round"], {
        g1: {"status": "i_gang", "fremdrift": "40", "offentlig_kommentar": ANNE_G1},
        g2: {"status": "naaet", "fremdrift": "100", "offentlig_kommentar": ANNE_G2},
    })
    answer(app, "carl@example.dk", seeded["round"], {
        g3: {"status": "i_gang", "offentlig_kommentar": CARL_G3},
    })
    form = staff_form(staff, seeded["round"])
    form.fill(**{f"g{g}-show_comment": "y" for g in (g1, g2, g3)},
              **{f"g{g2}-comment": STAFF_G2})
    form.press("action", "publish")
    assert post_and_confirm(staff, seeded["round"], form).status_code == 303
    html = _public(app.test_client())
    assert ANNE_G1 in html and "Mere følger." in html and CARL_G3 in html


def _comments(app) -> dict[int, tuple[str, bool]]:
    with app.app_context():
        return {row.goal_id: (row.comment, row.is_comment_shown)
                for row in db.session.scalars(sa.select(PublishedGoal))}


def _search(staff, query: str) -> str:
    page = staff.get("/staff/gdpr/").get_data(as_text=True)
    form = form_posting_to(page, "/staff/gdpr/")
    form.fill(q=query)
    response = staff.post("/staff/gdpr/", data=form.data())
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _assert_anne_taken_down(app, seeded) -> None:
    comments = _comments(app)
    assert comments[seeded["g1"]] == ("", False)
    assert comments[seeded["g2"]] == ("", False)  # staff's edit kept her words: it goes too
    assert comments[seeded["g3"]] == (CARL_G3, True)
    html = _public(app.test_client())
    for words in ("lærlinge hos Jobcenter Anne", "otte nye boliger", "Mere følger."):
        assert words not in html
    assert CARL_G3 in html and "Flere lærepladser" in html  # the rest stays published


def _assert_log_has_no_text(entry: DeletionLog) -> list[dict]:
    stored = json.dumps([entry.counts, entry.payload], ensure_ascii=False)
    for text in ("lærlinge", "bymidten", "Anne", "anne@example.dk", "Mere følger"):
        assert text not in stored
    return entry.payload["goal_owners"]["published_comments"]


def test_erasing_an_owner_takes_their_words_off_the_public_page(app, seeded, staff):
    _publish(app, seeded, staff)

    # Find: the published comments are the person's data, in the page and the workbook.
    found = _search(staff, "anne@example.dk")
    assert "Offentlig kommentar" in found and "Mere følger." in found
    form = form_posting_to(found, "/staff/gdpr/indsigt")
    workbook = openpyxl.load_workbook(
        io.BytesIO(staff.post("/staff/gdpr/indsigt", data=form.data()).data))
    sheet = workbook["Offentlig kommentar"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[1], r[3]) for r in rows] == [("Flere lærepladser", "Ja"),
                                            ("Bosætning i bymidten", "Ja")]
    assert rows[0][2] == ANNE_G1 and "otte nye boliger ved torvet." in rows[1][2]
    assert CARL_G3 not in json.dumps(rows, ensure_ascii=False, default=str)

    # The preview names each goal whose comment goes.
    preview = staff.post("/staff/gdpr/slet", data=form_posting_to(found, "/staff/gdpr/slet").data())
    html = preview.get_data(as_text=True)
    for title in ("Flere lærepladser", "Bosætning i bymidten"):
        assert (f"Offentlig kommentar til målet «{title}» fjernes fra den offentlige side: 1"
                in html)
    assert "Mindre spild i byggeri" not in html
    assert _comments(app)[seeded["g1"]] == (ANNE_G1, True)  # the preview changed nothing

    confirm = form_posting_to(html, "/staff/gdpr/slet")
    confirm.fill(confirm="y")
    assert staff.post("/staff/gdpr/slet", data=confirm.data()).status_code == 303
    _assert_anne_taken_down(app, seeded)
    with app.app_context():
        entry = db.session.scalar(sa.select(DeletionLog))
        ids = {row.goal_id: row.id for row in db.session.scalars(sa.select(PublishedGoal))}
        taken = _assert_log_has_no_text(entry)
        assert sorted(item["id"] for item in taken) == sorted([ids[seeded["g1"]],
                                                               ids[seeded["g2"]]])
        assert {item["goal_id"] for item in taken} == {seeded["g1"], seeded["g2"]}
        mirrored = logfile.path().read_text(encoding="utf-8")
    assert "lærlinge" not in mirrored and "bymidten" not in mirrored

    # Staff opening the publication again: nothing of Anne's is filled back in.
    form = staff_form(staff, seeded["round"])
    assert form.values[f"g{seeded['g1']}-comment"][0].strip() == ""
    assert form.values[f"g{seeded['g2']}-comment"][0].strip() == ""
    assert f"g{seeded['g1']}-show_comment" not in form.values


def test_reapply_deletions_after_a_restore_takes_the_comments_down_again(
    app, seeded, staff, runner
):
    _publish(app, seeded, staff)
    with app.app_context():
        entry = service.erase(parse("anne@example.dk"))
        line = service.as_line(entry)
        db.session.rollback()  # as if a backup from before the erasure had been restored
    assert _comments(app)[seeded["g1"]] == (ANNE_G1, True)
    assert ANNE_G1 in _public(app.test_client())
    with app.app_context():
        log = logfile.path()
        log.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")

    result = runner.invoke(args=["gdpr", "reapply-deletions"])
    assert result.exit_code == 0, result.output
    assert "1 manglende linjer lagt tilbage" in result.output
    _assert_anne_taken_down(app, seeded)
    again = runner.invoke(args=["gdpr", "reapply-deletions"])  # twice is safe
    assert again.exit_code == 0, again.output
    _assert_anne_taken_down(app, seeded)


def test_retention_takes_the_owners_words_off_the_public_page(
    app, seeded, staff, runner, frozen_clock
):
    _publish(app, seeded, staff)
    frozen_clock(LATER)
    dry = runner.invoke(args=["gdpr", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert ("opfølgning: 3 offentlige kommentarer, der stadig indeholder de afidentificerede "
            "målejeres ord, tømmes og fjernes fra den offentlige side") in dry.output
    assert ANNE_G1 in _public(app.test_client(), "/erhvervspolitik/2027")

    result = runner.invoke(args=["gdpr", "purge"])
    assert result.exit_code == 0, result.output
    assert all(comment == ("", False) for comment in _comments(app).values())
    html = _public(app.test_client(), "/erhvervspolitik/2027")
    for words in (ANNE_G1, "otte nye boliger", CARL_G3, "Mere følger."):
        assert words not in html
    assert "Flere lærepladser" in html  # the goals stay published, without the comments
    with app.app_context():
        entries = db.session.scalars(sa.select(DeletionLog)).all()
        [entry] = [e for e in entries if "goal_owners" in e.payload]
        assert entry.reason == DeletionReason.RETENTION
        assert len(_assert_log_has_no_text(entry)) == 3


def test_a_short_answer_takes_down_its_own_goals_comment_only(app, seeded, staff):
    """"Ja." is Anne's comment on goal 1, and by chance inside Carl's on goal 3: only goal 1's
    goes. A text of 20 characters or more goes wherever staff put it."""
    g1, g2, g3 = seeded["g1"], seeded["g2"], seeded["g3"]
    answer(app, "anne@example.dk", seeded["round"], {
        g1: {"status": "i_gang", "offentlig_kommentar": "Ja."},
        g2: {"status": "i_gang", "offentlig_kommentar": ANNE_G2},
    })
    answer(app, "carl@example.dk", seeded["round"], {
        g3: {"status": "i_gang", "offentlig_kommentar": "Ja. " + CARL_G3},
    })
    form = staff_form(staff, seeded["round"])
    form.fill(**{f"g{g}-show_comment": "y" for g in (g1, g2, g3)})
    form.press("action", "publish")
    assert post_and_confirm(staff, seeded["round"], form).status_code == 303
    with app.app_context():
        service.erase(parse("anne@example.dk"))
        db.session.commit()
    comments = _comments(app)
    assert comments[g1] == ("", False) and comments[g2] == ("", False)
    assert comments[g3] == ("Ja. " + CARL_G3, True)

    # Staff copied Bo's longer words (about goal 1) into goal 3's comment: they go there too.
    bo_words = "Berg Byg giver hver lærling en mentor."
    answer(app, "bo@example.dk", seeded["round"], {
        g1: {"status": "i_gang", "offentlig_kommentar": bo_words},
    })
    form = staff_form(staff, seeded["round"])
    form.fill(**{f"g{g3}-comment": f"Ja. {CARL_G3} {bo_words}"})
    form.press("action", "publish")
    assert post_and_confirm(staff, seeded["round"], form).status_code == 303
    assert _comments(app)[g3][1] is True
    with app.app_context():
        service.erase(parse("bo@example.dk"))
        db.session.commit()
    assert _comments(app)[g3] == ("", False)
