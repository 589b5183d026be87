"""Every staff route checks its role (issue 12 §4): a staff member without it gets the Danish
403 page, for every route in `app.url_map`, whoever registered it. A new staff route with no
`requires_role` fails here unless it is added to ANY_STAFF on purpose."""

from __future__ import annotations

import pytest

from intake.staff.roles import ALL_ROLES, Role, required_role
from tests.staff.conftest import create_staff, csrf_of, log_in
from tests.staff.test_access import _staff_urls

# Any logged-in staff member, whatever their roles.
ANY_STAFF = {"staff.dashboard", "staff.logout", "staff.own_password"}
# No session at all: the login page and the one-time set-password link.
NO_SESSION = {"staff.login", "staff.set_password"}
REFUSED = "Du har ikke adgang til siden"


def _routes(app):
    """(endpoint, method, url, role) for every staff route that needs a role."""
    for endpoint, method, url in _staff_urls(app, "HE-ABC123", 1, 1):
        if endpoint in ANY_STAFF | NO_SESSION:
            continue
        yield endpoint, method, url, required_role(app.view_functions[endpoint])


def _client_with(app, email: str, roles):
    create_staff(app, email=email, roles=roles)
    client = app.test_client()
    assert log_in(client, email=email).status_code == 303
    return client


def _request(client, method: str, url: str, token: str):
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": token})


def test_every_staff_route_names_its_role(app):
    missing = sorted(endpoint for endpoint, _, _, role in _routes(app) if role is None)
    assert missing == [], f"staff routes without requires_role: {missing}"
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints >= ANY_STAFF | NO_SESSION  # the allow-lists name no stale endpoint


@pytest.mark.parametrize("role", list(Role))
def test_a_route_is_refused_without_its_role(app, role):
    """Everything but `role`: each route needing `role` answers 403, before any look-up."""
    client = _client_with(app, f"uden-{role.value}@hedensted.dk", ALL_ROLES - {role})
    token = csrf_of(client)
    checked = 0
    for endpoint, method, url, needed in _routes(app):
        if needed != role:
            continue
        response = _request(client, method, url, token)
        assert response.status_code == 403, (endpoint, method, url, response.status_code)
        assert REFUSED in response.get_data(as_text=True), endpoint
        checked += 1
    assert checked, f"no route needs {role}"


def test_an_account_without_roles_reaches_only_the_any_staff_pages(app):
    client = _client_with(app, "ingen@hedensted.dk", set())
    token = csrf_of(client)
    refused = [
        (endpoint, method)
        for endpoint, method, url, _ in _routes(app)
        if _request(client, method, url, token).status_code != 403
    ]
    assert refused == []
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Vælg i menuen" in page.get_data(as_text=True)


def test_a_route_answers_with_its_role(app):
    client = _client_with(app, "gdpr@hedensted.dk", {Role.GDPR})
    assert client.get("/staff/gdpr/").status_code == 200
    assert client.get("/staff/f/").status_code == 403
    assert client.get("/staff/maal/").status_code == 403


def test_the_menu_shows_only_what_the_account_may_open(app):
    client = _client_with(app, "maal@hedensted.dk", {Role.GOALS})
    page = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/maal/"' in page
    for hidden in ('href="/staff/f/"', 'href="/staff/gdpr/"', 'href="/staff/log', "/staff/konti"):
        assert hidden not in page, hidden
    everything = _client_with(app, "alt@hedensted.dk", ALL_ROLES)
    page = everything.get("/staff/").get_data(as_text=True)
    for shown in ('href="/staff/f/"', 'href="/staff/gdpr/"', 'href="/staff/maal/"', "/staff/konti"):
        assert shown in page, shown
