"""The public pages in DKFDS markup name the configured brand (issue 11): the index's state
badges, the accessibility statement (intake's own, or a link to the one on was.digst.dk), and
every contact sentence with the brand's name, authority and address."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from intake.clock import LOCAL
from tests.support.signups import NOW

OTHER_BRAND = {"BRAND_NAME": "Testby Erhverv", "BRAND_AUTHORITY": "Testby Kommune",
               "BRAND_CONTACT_EMAIL": "erhverv@testby.dk"}


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def main_of(response) -> str:
    """The text of <main> only, so the header and footer do not count."""
    page = response.get_data(as_text=True)
    return text_of_html(page.split("<main", 1)[1].split("</main>", 1)[0])


def text_of_html(markup: str) -> str:
    import html

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_index_marks_each_form_with_a_state_badge(client, frozen_clock):
    page = client.get("/").get_data(as_text=True)
    assert page.count('<span class="badge badge-success">Åben</span>') == 4  # with inspiration
    frozen_clock(datetime(2025, 12, 15, 12, 0, tzinfo=LOCAL))  # before the group form opens
    page = client.get("/").get_data(as_text=True)
    assert '<span class="badge badge-info">Åbner senere</span>' in page


def test_accessibility_statement_is_intakes_own_by_default(client):
    response = client.get("/tilgaengelighed")
    text = main_of(response)
    assert "Hedensted Kommune ønsker, at alle kan bruge tilmeldingerne" in text
    assert "Skriv til erhverv@hedensted.dk." in text
    assert "Læs tilgængelighedserklæringen" not in text
    assert 'href="/tilgaengelighed"' in response.get_data(as_text=True)  # the footer's link


def test_accessibility_statement_points_to_was_when_set(make_app):
    url = "https://www.was.digst.dk/tilmelding-testby-dk"
    client = make_app(BRAND_ACCESSIBILITY_URL=url).test_client()
    page = client.get("/tilgaengelighed").get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert f'<a href="{url}">Læs tilgængelighedserklæringen</a>' in main
    assert page.count(f'href="{url}"') == 2  # the statement page and the footer


def test_pages_name_the_configured_brand(make_app):
    client = make_app(**OTHER_BRAND).test_client()
    index = main_of(client.get("/"))
    assert "Tilmeld dig hos Testby Erhverv" in index and "aktører i Testby Kommune" in index
    privacy = main_of(client.get("/privatliv"))
    assert "Testby Kommune, Testby Erhverv, er dataansvarlig" in privacy
    for path in ("/tilgaengelighed", "/afmeld/not-a-token", "/opfoelgning/mistet-link",
                 "/opfoelgning/not-a-token"):
        text = main_of(client.get(path))
        assert "Hedensted" not in text and "hedensted.dk" not in text, path
    assert "erhverv@testby.dk" in main_of(client.get("/afmeld/not-a-token"))
    assert "Testby Erhverv" in main_of(client.get("/opfoelgning/mistet-link"))


def test_error_page_names_the_configured_brand(make_app):
    app = make_app(**OTHER_BRAND)

    @app.get("/_test/forbidden")
    def forbidden():
        from flask import abort

        abort(403)

    assert "Kontakt Testby Erhverv, hvis du mener" in main_of(app.test_client().get(
        "/_test/forbidden"))
