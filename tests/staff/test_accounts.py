"""Account administration in the browser (issue 12 §4), through the rendered forms: create an
account with a one-time set-password link by mail, change roles, disable and enable; the
rules an administrator cannot break; the own password page."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from intake.extensions import db
from intake.outbox.models import OutboxMessage
from intake.staff.models import AuditEntry, PasswordLink, StaffSession, StaffUser
from intake.staff.roles import Role
from tests.conftest import open_form
from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD, create_staff, log_in, post_form

NEW_EMAIL = "ny.kollega@hedensted.dk"
NEW_PASSWORD = "lilla elefant danser tango"
LINK = re.compile(r"https://intake\.example\.dk(/staff/adgangskode/[A-Za-z0-9_-]+)")


def _create(client, email=NEW_EMAIL, name="Ny Kollega", roles=("forms", "gdpr")):
    return post_form(
        client, "/staff/konti/ny", "/staff/konti/ny", email=email, name=name, roles=list(roles)
    )


def _account(app, email=NEW_EMAIL) -> StaffUser:
    with app.app_context():
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
        db.session.expunge(user)
        return user


def _link_path(app) -> str:
    with app.app_context():
        body = db.session.scalars(
            sa.select(OutboxMessage.body_text)
            .where(OutboxMessage.kind == "staff_account_created")
            .order_by(OutboxMessage.id.desc())
        ).first()
    return LINK.search(body).group(1)


def _set_password(client, path: str, password=NEW_PASSWORD, repeat=None):
    form = open_form(client, path)
    form.fill(password=password, repeat=repeat or password)
    return client.post(path, data=form.data())


def test_an_administrator_creates_an_account_that_sets_its_password_by_link(
    app, staff_client, smtp_server, deliver
):
    response = _create(staff_client)
    assert response.status_code == 303
    user = _account(app)
    assert user.name == "Ny Kollega" and user.roles == {Role.FORMS, Role.GDPR}
    path = _link_path(app)
    assert len(path.rsplit("/", 1)[1]) == 43  # 32 random bytes, base64url
    with app.app_context():  # only the hash is kept
        assert db.session.scalar(sa.select(PasswordLink.token_hash)) != path.rsplit("/", 1)[1]

    deliver()
    mail = smtp_server.messages[-1]
    assert mail["To"] == NEW_EMAIL
    assert "Din konto til administrationen hos Hedensted Erhverv" in mail["Subject"]
    with app.app_context():  # the stored copy loses the link once delivered
        from intake.staff.link_mails import worker_task

        assert worker_task() == 1
        body = db.session.scalar(
            sa.select(OutboxMessage.body_text).where(OutboxMessage.kind == "staff_account_created")
        )
        assert "/staff/adgangskode/" not in body and "[engangslink fjernet]" in body

    newcomer = app.test_client()
    assert newcomer.get(path).status_code == 200
    assert newcomer.get(path).status_code == 200  # a GET changes nothing
    assert log_in(newcomer, NEW_EMAIL, NEW_PASSWORD).status_code == 200  # no password yet
    assert _set_password(newcomer, path).status_code == 303
    assert newcomer.get(path).status_code == 404  # single use
    assert "Linket virker ikke" in newcomer.get(path).get_data(as_text=True)
    assert log_in(newcomer, NEW_EMAIL, NEW_PASSWORD).status_code == 303
    assert newcomer.get("/staff/gdpr/").status_code == 200
    assert newcomer.get("/staff/f/").status_code == 403


def test_the_set_password_page_keeps_the_typing_and_says_what_is_wrong(app, staff_client):
    _create(staff_client)
    path = _link_path(app)
    client = app.test_client()
    response = _set_password(client, path, "kort", "kort")
    assert response.status_code == 422
    assert "mindst 12 tegn" in response.get_data(as_text=True)
    response = _set_password(client, path, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert "De to adgangskoder er ikke ens." in response.get_data(as_text=True)
    assert _set_password(client, path).status_code == 303  # the link still works


def test_an_expired_or_replaced_link_does_not_work(app, staff_client, frozen_clock, now):
    _create(staff_client)
    first = _link_path(app)
    user = _account(app)
    post_form(staff_client, f"/staff/konti/{user.id}", f"/staff/konti/{user.id}/nyt-link")
    second = _link_path(app)
    assert first != second
    client = app.test_client()
    assert client.get(first).status_code == 404
    frozen_clock(now + timedelta(hours=72, seconds=1))
    assert client.get(second).status_code == 404


def test_the_create_form_says_what_is_wrong_next_to_the_field(app, staff_client):
    response = _create(staff_client, email="ikke-en-adresse", name="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv en gyldig e-mailadresse" in page and "Skriv medarbejderens navn." in page
    assert 'value="ikke-en-adresse"' in page
    response = _create(staff_client, email=STAFF_EMAIL.upper())
    assert "Der findes allerede en konto med den e-mailadresse." in response.get_data(as_text=True)


def test_roles_change_and_an_administrator_keeps_their_own(app, staff_client):
    _create(staff_client)
    user = _account(app)
    url = f"/staff/konti/{user.id}"
    response = post_form(staff_client, url, f"{url}/roller", roles=["signups"])
    assert response.status_code == 303
    assert _account(app).roles == {Role.SIGNUPS}
    me = _account(app, STAFF_EMAIL)
    mine = f"/staff/konti/{me.id}"
    response = post_form(staff_client, mine, f"{mine}/roller", roles=["forms", "gdpr"])
    assert response.status_code == 422
    assert "Du kan ikke fjerne din egen administratorrolle." in response.get_data(as_text=True)
    assert Role.ADMIN in _account(app, STAFF_EMAIL).roles
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "staff.roles"))
            == 1
        )
    log = staff_client.get("/staff/log/").get_data(as_text=True)
    assert f"Gav {NEW_EMAIL} rollerne: Tilmeldinger og udtræk" in log


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(app, staff_client):
    create_staff(app, email="kollega@hedensted.dk", roles={Role.GDPR})
    colleague = app.test_client()
    assert log_in(colleague, "kollega@hedensted.dk").status_code == 303
    user = _account(app, "kollega@hedensted.dk")
    url = f"/staff/konti/{user.id}"
    assert post_form(staff_client, url, f"{url}/aktiv").status_code == 303
    assert not _account(app, "kollega@hedensted.dk").is_active
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).where(StaffSession.staff_user_id == user.id)
            )
            == 0
        )
    assert colleague.get("/staff/gdpr/").status_code == 302
    assert log_in(colleague, "kollega@hedensted.dk").status_code == 200
    assert post_form(staff_client, url, f"{url}/aktiv").status_code == 303  # enable again
    assert log_in(colleague, "kollega@hedensted.dk").status_code == 303


def test_an_administrator_cannot_disable_themselves(app, staff_client):
    me = _account(app, STAFF_EMAIL)
    page = staff_client.get(f"/staff/konti/{me.id}").get_data(as_text=True)
    assert f"/staff/konti/{me.id}/aktiv" not in page  # no button for it
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = staff_client.post(f"/staff/konti/{me.id}/aktiv", data={"csrf_token": token})
    assert response.status_code == 422
    assert "Du kan ikke deaktivere din egen konto." in response.get_data(as_text=True)
    assert _account(app, STAFF_EMAIL).is_active


def test_the_list_shows_accounts_with_their_roles(app, staff_client):
    create_staff(app, email="kollega@hedensted.dk", roles={Role.GOALS})
    page = staff_client.get("/staff/konti/").get_data(as_text=True)
    assert "kollega@hedensted.dk" in page and "Mål og opfølgningsrunder" in page
    # One block per account on a phone (DKFDS responsive headers), each cell named by its column.
    assert "table--responsive-headers" in page
    assert '<td data-title="Roller">Mål og opfølgningsrunder</td>' in page


def test_own_password(app, staff_client):
    other = app.test_client()
    assert log_in(other).status_code == 303
    url = "/staff/min-adgangskode"
    response = post_form(
        staff_client,
        url,
        url,
        current="forkert forkert",
        password=NEW_PASSWORD,
        repeat=NEW_PASSWORD,
    )
    assert "Den nuværende adgangskode er forkert." in response.get_data(as_text=True)
    response = post_form(
        staff_client, url, url, current=STAFF_PASSWORD, password=NEW_PASSWORD, repeat=NEW_PASSWORD
    )
    assert response.status_code == 303
    assert staff_client.get("/staff/").status_code == 200  # this browser stays logged in
    assert other.get("/staff/").status_code == 302  # the other session ended
    assert log_in(app.test_client(), password=NEW_PASSWORD).status_code == 303


def test_the_mail_log_never_shows_the_link(app, staff_client):
    _create(staff_client)
    path = _link_path(app)  # still in the queued mail, not yet delivered
    with app.app_context():
        message_id = db.session.scalar(
            sa.select(OutboxMessage.id).where(OutboxMessage.kind == "staff_account_created")
        )
    page = staff_client.get(f"/staff/post/{message_id}").get_data(as_text=True)
    assert path not in page and "[engangslink fjernet]" in page
