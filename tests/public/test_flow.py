"""The public sign-up flow around the forms: opening hours, duplicates, replays, abuse, errors,
language and who may see a receipt.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from intake.clock import LOCAL
from tests.support.htmlform import RenderedForm
from tests.support.signups import (
    FAIR,
    FRIDAY,
    GROUP,
    NOW,
    field_errors,
    friday_form,
    group_form,
    mails_to,
    outbox,
    post,
    sign_up,
    signups,
    text_of,
)


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def test_index_lists_the_open_forms(client):
    page = client.get("/")
    assert page.status_code == 200
    text = text_of(page)
    assert "Tilmeld dig hos Hedensted Erhverv" in text
    for url, title in [(GROUP, "Tilmelding til en samarbejdsgruppe"), (FAIR, "Netværksmesse 2027"),
                       (FRIDAY, "Netværksfredag for iværksættere")]:
        assert f'href="{url}"' in page.get_data(as_text=True)
        assert title in text


# --- opening and closing times --------------------------------------------------------------------

def test_before_opening_the_page_says_when(client, app, frozen_clock):
    frozen_clock(datetime(2025, 12, 15, 12, 0, tzinfo=LOCAL))
    page = client.get(GROUP)
    assert page.status_code == 200
    text = text_of(page)
    assert "Tilmeldingen er endnu ikke åben. Den åbner 1. januar 2026 kl. 00.00." in text
    assert "Den lukker 31. december 2027 kl. 23.59." in text
    assert "<form" not in page.get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]
    assert f'href="{GROUP}"' not in client.get("/").get_data(as_text=True)


def test_after_closing_the_page_says_so_and_refuses_posts(client, app, frozen_clock):
    form = RenderedForm(client.get(FAIR).get_data(as_text=True))  # opened while still open
    frozen_clock(datetime(2027, 10, 7, 12, 0, tzinfo=LOCAL))
    text = text_of(client.get(FAIR))
    assert "Tilmeldingen er lukket. Den lukkede 7. oktober 2027 kl. 12.00." in text
    assert "erhverv@hedensted.dk" in text
    response = client.post(FAIR, data=form.data())
    assert "Tilmeldingen er lukket" in text_of(response)
    assert signups(app) == []
    assert "Tilmeldingen er lukket." in text_of(client.get("/"))


def test_just_before_closing_is_still_open(client, app, frozen_clock):
    frozen_clock(datetime(2027, 10, 7, 11, 59, tzinfo=LOCAL))
    assert "Tilmeldingen lukker 7. oktober 2027 kl. 12.00." in text_of(client.get(FAIR))


# --- one sign-up per person, per submission -------------------------------------------------------

def test_same_email_twice_is_already_signed_up(client, app):
    sign_up(client, GROUP, group_form(client, 1))
    other = app.test_client()
    response = post(other, GROUP, group_form(other, 2, email="Person1@FIRMA1.dk"))
    assert response.status_code == 200
    assert "allerede tilmeldt" in field_errors(response)["email"]
    assert "allerede tilmeldt" in text_of(response).split("error-summary", 1)[1]
    # typed data stays
    assert RenderedForm(response.get_data(as_text=True)).values["navn"] == ["Person 2"]
    assert len(signups(app)) == 1


def test_same_email_may_join_another_group(client, app):
    # Seats are per group, and one person (e.g. from Hedensted Erhverv) may sit in several.
    sign_up(client, GROUP, group_form(client, 1))
    sign_up(client, GROUP, group_form(client, 1, gruppe="rammer", rolle="andet", rolle_andet="X"))
    assert len(signups(app)) == 2


def test_same_email_on_another_date_is_a_new_sign_up(client, app):
    sign_up(client, FRIDAY, friday_form(client, 1, dates=["2026-12-04"]))
    response = post(client, FRIDAY, friday_form(client, 1, dates=["2026-12-04"]))
    assert "allerede tilmeldt" in field_errors(response)["datoer"]
    sign_up(client, FRIDAY, friday_form(client, 1, dates=["2027-03-05"]))
    assert len(signups(app)) == 2


def test_double_submit_and_replay_make_one_sign_up_and_one_mail(client, app, smtp_server, deliver):
    form = group_form(client)
    first = post(client, GROUP, form)
    second = post(client, GROUP, form)  # double click
    third = post(client, GROUP, form)  # refresh / replayed POST
    assert first.status_code == second.status_code == third.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == third.headers["Location"]
    assert len(signups(app)) == 1
    deliver()
    assert len(mails_to(smtp_server, "person1@firma1.dk")) == 1
    assert len([m for m in outbox(app) if m.kind == "signup_received"]) == 1


def test_after_cancelling_the_same_email_may_sign_up_again(client, app):
    from intake.signups.service import cancel_token

    sign_up(client, GROUP, group_form(client, 1))
    with app.app_context():
        from intake.extensions import db
        from intake.signups.models import Signup

        token = cancel_token(db.session.query(Signup).one())
    page = client.get(f"/min-tilmelding/{token}")
    client.post(f"/min-tilmelding/{token}", data=RenderedForm(page.get_data(as_text=True)).data())
    assert "er afmeldt" in text_of(client.get(f"/min-tilmelding/{token}"))  # the link still answers
    sign_up(client, GROUP, group_form(client, 1))
    assert [s.is_cancelled for s in signups(app)] == [True, False]


def test_cancel_post_without_token_asks_again(client, app):
    from intake.signups.service import cancel_token

    sign_up(client, GROUP, group_form(client, 1))
    with app.app_context():
        from intake.extensions import db
        from intake.signups.models import Signup

        token = cancel_token(db.session.query(Signup).one())
    response = client.post(f"/afmeld/{token}", data={}, follow_redirects=True)
    assert response.status_code == 200 and "Siden var udløbet" in text_of(response)
    assert signups(app)[0].is_cancelled is False


def test_each_page_load_is_a_new_submission(client, app):
    sign_up(client, GROUP, group_form(client, 1))
    sign_up(client, GROUP, group_form(client, 2))
    assert len(signups(app)) == 2


def test_tampered_submission_key_is_replaced(client, app):
    form = group_form(client)
    form.values["submission_key"] = ["<script>"]
    sign_up(client, GROUP, form)
    assert len(signups(app)[0].submission_key) == 32


# --- anti-automation and bounded input ------------------------------------------------------------

def test_honeypot_looks_like_success_but_stores_nothing(client, app):
    form = group_form(client)
    form.values["hp_website"] = ["http://spam.example"]
    response = post(client, GROUP, form)
    assert response.status_code == 200
    assert "Vi har modtaget din tilmelding." in text_of(response)
    assert signups(app) == [] and outbox(app) == []


def test_rate_limit_answers_with_a_danish_page(make_app):
    app = make_app(SIGNUP_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for n in (1, 2):
        assert post(client, GROUP, group_form(client, n)).status_code == 303
    response = post(client, GROUP, group_form(client, 3))
    assert response.status_code == 429
    assert "Vent et minut" in text_of(response)  # the form comes back filled in (test_rate_limits)
    assert RenderedForm(response.get_data(as_text=True)).values["navn"] == ["Person 3"]
    assert client.get(GROUP).status_code == 200  # reading is never limited
    assert len(signups(app)) == 2


def test_body_over_one_megabyte_gets_a_danish_413(client, app):
    form = group_form(client, motivation="x" * (1024 * 1024 + 10))
    response = post(client, GROUP, form)
    assert response.status_code == 413
    assert "Det, du sendte, er for stort" in text_of(response)
    assert signups(app) == []


def test_csrf_token_missing_keeps_the_answers(client, app):
    form = group_form(client)
    form.values.pop("csrf_token")
    response = post(client, GROUP, form)
    assert response.status_code == 200
    assert "Siden var udløbet" in text_of(response)
    assert RenderedForm(response.get_data(as_text=True)).values["navn"] == ["Person 1"]
    assert signups(app) == []


@pytest.mark.parametrize("url", ["/f/findes-ikke", "/f/findes-ikke/privatliv", "/noget/andet",
                                 "/f/%00", "/f/samarbejdsgruppe/kvittering/HE-AAAAAA"])
def test_unknown_pages_get_a_danish_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Siden findes ikke" in text_of(response)


def test_wrong_method_is_a_danish_405(client):
    response = client.put(GROUP)
    assert response.status_code == 405
    assert "Handlingen er ikke tilladt" in text_of(response)


@pytest.mark.parametrize("query", ["?navn=%00", "?x=%ff%fe", "?" + "a=1&" * 500])
def test_odd_query_strings_never_break_the_page(client, query):
    assert client.get(GROUP + query).status_code == 200


def test_undecodable_body_is_not_a_500(client, app):
    form = group_form(client)
    body = "&".join(f"{k}={v}" for k, v in form.data().items(multi=True) if k not in ("navn",))
    response = client.post(
        GROUP, data=body + "&navn=%ff%fe%00", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 303, 400)
    assert signups(app) == [] or "\x00" not in signups(app)[0].answers["navn"]


# --- language -------------------------------------------------------------------------------------

def test_language_switch_to_english_and_back(client):
    response = client.get(f"/sprog/en?next={GROUP}")
    assert response.status_code == 303 and response.headers["Location"].endswith(GROUP)
    page = client.get(GROUP).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert (
        "Join a collaboration group" in page
        and "Which collaboration group do you want to join?" in page
    )
    assert "The good working life" in page
    client.get(f"/sprog/da?next={GROUP}")
    page = client.get(GROUP).get_data(as_text=True)
    assert '<html lang="da">' in page and "Tilmelding til en samarbejdsgruppe" in page


def test_english_sign_up_is_remembered(client, app):
    client.get("/sprog/en")
    sign_up(client, GROUP, group_form(client))
    assert signups(app)[0].locale == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_language_switch_never_leaves_the_site(client, target):
    response = client.get("/sprog/en", query_string={"next": target})
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_unknown_language_is_ignored(client):
    client.get("/sprog/xx")
    assert '<html lang="da">' in client.get(GROUP).get_data(as_text=True)


# --- receipts -------------------------------------------------------------------------------------

def test_receipt_only_for_the_browser_that_signed_up(client, app):
    reference = sign_up(client, GROUP, group_form(client))
    url = f"{GROUP}/kvittering/{reference}"
    assert client.get(url).status_code == 200
    stranger = app.test_client()
    response = stranger.get(url)
    assert response.status_code == 404
    assert "Person 1" not in response.get_data(as_text=True)


def test_receipt_under_another_form_is_404(client, app):
    reference = sign_up(client, GROUP, group_form(client))
    assert client.get(f"{FAIR}/kvittering/{reference}").status_code == 404


def test_privacy_notice_per_form(client):
    text = text_of(client.get(f"{GROUP}/privatliv"))
    for part in ("Hedensted Kommune", "art. 6", "1.095 dage", "Datatilsynet", "dpo@hedensted.dk"):
        assert part in text
    assert client.get("/privatliv").status_code == 200
    assert client.get("/tilgaengelighed").status_code == 200
    assert "Tilgængelighedserklæring" in text_of(client.get(GROUP))
