"""An owner's name is public only with their consent (the follow-up form's `consent` field
with purpose `name`), read from their latest submission each time the page is drawn."""

from __future__ import annotations

import re

from tests.publishing.conftest import answer, post_and_confirm, staff_form


def _publish_with_names(staff, seeded, goal_id):
    form = staff_form(staff, seeded["round"])
    form.fill(**{f"g{goal_id}-show_names": "y"})
    form.press("action", "publish")
    assert post_and_confirm(staff, seeded["round"], form).status_code == 303


def test_only_the_consenting_owner_is_named_until_she_withdraws(app, seeded, staff):
    g1 = seeded["g1"]
    answer(app, "anne@example.dk", seeded["round"],
           {g1: {"status": "i_gang"}, seeded["g2"]: {"status": "i_gang"}},
           {"navn_offentligt": True})
    answer(app, "bo@example.dk", seeded["round"], {g1: {"status": "i_gang"}},
           {"navn_offentligt": False})

    page = staff.get(f"/staff/maal/runder/{seeded['round']}/offentliggoerelse")
    assert "1 af 2 målejere har sagt ja til at vise sit navn: Anne Andersen." in (
        page.get_data(as_text=True))
    _publish_with_names(staff, seeded, g1)
    public = app.test_client()
    html = public.get("/erhvervspolitik").get_data(as_text=True)
    assert "Anne Andersen" in html
    assert "Bo Berg" not in html

    # Anne answers again without the tick: her name is gone at once, without staff.
    answer(app, "anne@example.dk", seeded["round"],
           {g1: {"status": "i_gang"}, seeded["g2"]: {"status": "i_gang"}},
           {"navn_offentligt": False})
    html = public.get("/erhvervspolitik").get_data(as_text=True)
    assert "Anne Andersen" not in html and "Bo Berg" not in html


def test_names_box_is_disabled_when_nobody_consented(app, seeded, staff):
    g3 = seeded["g3"]
    answer(app, "carl@example.dk", seeded["round"], {g3: {"status": "udskudt"}})
    html = staff.get(f"/staff/maal/runder/{seeded['round']}/offentliggoerelse").get_data(
        as_text=True)
    assert "Ingen af målejerne (1) har sagt ja til at vise sit navn" in html
    [box] = re.findall(rf'<input[^>]*id="g{g3}-show_names"[^>]*>', html)
    assert "disabled" in box
    # Ticking it anyway (a forged POST) shows no name.
    form = staff_form(staff, seeded["round"])
    form.values[f"g{g3}-show_names"] = ["y"]
    form.press("action", "publish")
    assert post_and_confirm(staff, seeded["round"], form).status_code == 303
    html = app.test_client().get("/erhvervspolitik").get_data(as_text=True)
    assert "Mindre spild i byggeri" in html and "Carl Clausen" not in html
