"""Behind a proxy: a forged Host or X-Forwarded-* header never changes a link or a limit key."""

from __future__ import annotations

import re

import pytest

from tests.conftest import open_form, submit
from tests.support.drills import DRILL_FORMS
from tests.support.htmlform import RenderedForm

FORGED = {
    "Host": "evil.example",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Proto": "http",
    "X-Forwarded-Port": "6666",
    "X-Forwarded-Prefix": "/evil",
    "Forwarded": "host=evil.example;proto=http",
}
URL = re.compile(r"(?:https?:)?//[^\s\"'<>]+")


@pytest.fixture(params=[0, 1], ids=["no-proxy", "one-proxy"])
def proxied_app(make_app, smtp_server, request):
    hops = request.param
    return make_app(FORMS_DIR=str(DRILL_FORMS), PROXY_FIX_X_FOR=hops, PROXY_FIX_X_PROTO=hops)


def test_forged_host_headers_never_reach_a_mail_link(proxied_app, smtp_server, deliver):
    client = proxied_app.test_client()
    page = client.get("/f/drill", headers=FORGED, base_url="http://evil.example")
    assert page.status_code == 200
    assert "evil" not in page.get_data(as_text=True)
    form = RenderedForm(page.get_data(as_text=True))
    form.fill(navn="Anne", email="anne@example.dk")
    response = client.post("/f/drill", data=form.data(), headers=FORGED, base_url="http://evil.example")

    assert response.status_code == 303
    assert "evil" not in response.headers["Location"]
    assert deliver() == 2
    assert len(smtp_server.messages) == 2
    for message in smtp_server.messages:
        for part in message.walk():
            if part.get_content_maintype() != "text":
                continue
            content = part.get_content()
            assert "evil" not in content and ":6666" not in content  # digits alone: tokens
            links = URL.findall(content)
            for link in links:
                assert link.startswith("https://intake.example.dk/"), link
    cancel_links = [
        u
        for m in smtp_server.messages
        for u in URL.findall(m.get_body(("plain",)).get_content())
        if "/min-tilmelding/" in u
    ]
    assert cancel_links, "the confirmation carries a cancel link"


def test_x_forwarded_for_is_ignored_without_a_configured_proxy(make_app):
    """Otherwise anybody could pick a fresh address per request and never be limited."""
    app = make_app(FORMS_DIR=str(DRILL_FORMS), SIGNUP_POST_RATE_LIMIT="2 per minute")
    client = app.test_client()
    statuses = []
    for number in range(3):
        form = open_form(client, "/f/drill")
        statuses.append(client.post("/f/drill", data=form.data(),
                                    headers={"X-Forwarded-For": f"10.0.0.{number}"}).status_code)
    assert statuses == [200, 200, 429]


def test_with_one_proxy_the_client_address_comes_from_its_header(make_app):
    app = make_app(
        FORMS_DIR=str(DRILL_FORMS), SIGNUP_POST_RATE_LIMIT="2 per minute", PROXY_FIX_X_FOR=1
    )
    client = app.test_client()

    def post(address: str) -> int:
        form = open_form(client, "/f/drill")
        return client.post(
            "/f/drill", data=form.data(), headers={"X-Forwarded-For": address}
        ).status_code

    assert [post("10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert post("10.0.0.2") == 200  # another person behind the same proxy is not blocked
    # A client that prepends its own value cannot escape: only the proxy's last hop counts.
    assert post("192.0.2.99, 10.0.0.1") == 429


def test_receipt_redirect_is_relative(make_app):
    app = make_app(FORMS_DIR=str(DRILL_FORMS))
    client = app.test_client()
    form = open_form(client, "/f/drill")
    form.fill(navn="Bo", email="bo@example.dk")
    response = submit(client, "/f/drill", form)
    assert response.headers["Location"].startswith("/f/drill/kvittering/")
