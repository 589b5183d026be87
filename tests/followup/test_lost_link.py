"""'Har du mistet dit link?': the same answer for known and unknown addresses, rate-limited,
a new link by mail through the outbox."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import open_form
from tests.support.goals import DEADLINE, links_in, make_round, open_link


def _ask(client, email, ip="192.0.2.10"):
    form = open_form(client, "/opfoelgning/mistet-link")
    form.fill(email=email)
    return client.post(
        "/opfoelgning/mistet-link", data=form.data(), environ_base={"REMOTE_ADDR": ip}
    )


def test_known_and_unknown_addresses_get_the_same_answer(
    app, seeded, frozen_clock, smtp_server, deliver
):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    deliver()
    [old] = links_in(smtp_server.messages, to="bo@example.dk")
    before = len(smtp_server.messages)
    client = app.test_client()
    known = _ask(client, "Bo@Example.dk")
    unknown = _ask(client, "nobody@example.dk")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert deliver() == 1
    new_mail = smtp_server.messages[before:]
    assert [m["To"] for m in new_mail] == ["bo@example.dk"]
    [new] = links_in(new_mail)
    assert new != old
    assert "Opfølgning efterår 2027" in new_mail[0].get_body(("plain",)).get_content()
    # Both links work: asking for a new one cannot be used to lock someone out.
    assert open_link(app.test_client(), new).status_code == 303
    assert open_link(app.test_client(), old).status_code == 303


def test_no_link_for_a_closed_round(app, seeded, frozen_clock, smtp_server, deliver):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    deliver()
    frozen_clock(DEADLINE + timedelta(days=20))  # past deadline and grace
    before = len(smtp_server.messages)
    assert _ask(app.test_client(), "bo@example.dk").status_code == 200
    assert deliver() == 0 and len(smtp_server.messages) == before


def test_invalid_address_is_explained(app, seeded):
    response = _ask(app.test_client(), "ikke en adresse")
    assert response.status_code == 200
    assert "Skriv en gyldig e-mailadresse" in response.get_data(as_text=True)


def test_rate_limited_per_ip_and_per_address(app, seeded, frozen_clock):
    frozen_clock(DEADLINE - timedelta(days=5))
    make_round(app)
    client = app.test_client()
    codes = [_ask(client, f"person{i}@example.dk").status_code for i in range(6)]
    assert codes == [200] * 5 + [429]
    # Per address, from many IPs: three a day.
    codes = [_ask(client, "anne@example.dk", ip=f"198.51.100.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
