"""Hostile input catalogue: every payload into every field of every public form.

For each sign-up form in the registry, each field the rendered page offers (repeat rows
and the honeypot included) gets each payload, with every other field validly filled. We
then check, everywhere the value can surface: the re-rendered form or receipt, the mails
as the SMTP server received them, the stored answers, and the staff pages and searches.

- no 500, ever; the security headers on every response;
- a payload is shown as text: never as markup, never evaluated as a template;
- nothing stored wrongly: no control or bidi characters, no unknown fields, no
  evaluated templates, no extra mail recipients;
- bodies over the limits get the Danish 413 page.
"""

from __future__ import annotations

import itertools
import json
import re
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.signups.models import Booking, BookingStatus, Signup
from tests.staff.conftest import create_staff, log_in
from tests.support import signups as seed
from tests.support.htmlform import RenderedForm

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "template": "{{7*7}}",
    "template_marker": "{{ 'INTAKE' ~ 'EVALUATED' ~ 31337*3 }}",
    "template_block": "{% print 'INTAKE' ~ 'EVALUATED' ~ 31337*7 %}",
    "crlf_bcc": "Anne\r\nBcc: evil@example.com",
    "nul": "a\x00b",
    "rtl_override": "invoice\u202etxt.exe",
    "long": "A" * 10_000,
}
ACTIVE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
# What the two markers evaluate to. Long and lettered on purpose: a bare number such as
# 94011 also turns up, now and then, inside a random CSRF token or mail link.
EVALUATED = ("INTAKEEVALUATED94011", "INTAKEEVALUATED219359")
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "",
}
BASELINES = {"samarbejdsgruppe": seed.group_form, "netvaerksmesse": seed.fair_form,
             "ivaerksaetterfredag": seed.friday_form, "inspiration": seed.inspiration_form}
SKIP_NAMES = {"csrf_token", "submission_key"}
EXTRA_FIELDS = {
    "status": "confirmed",
    "is_admin": "1",
    "id": "1",
    "signup_id": "1",
    "reference": "HE-AAAAAA",
    "form_slug": "netvaerksmesse",
    "seats": "0",
    "source": "staff",
    "locale": "xx",
}


@pytest.fixture
def app(make_app, smtp_server, frozen_clock):
    frozen_clock(seed.NOW)
    return make_app(SIGNUP_RATE_LIMIT="100000 per minute")


def check_response(response, where: str) -> str:
    assert response.status_code != 500, f"{where}: 500"
    assert response.status_code < 500, f"{where}: {response.status_code}"
    for name, part in SECURITY_HEADERS.items():
        assert part in response.headers.get(name, "\0missing"), f"{where}: header {name}"
    body = response.get_data(as_text=True)
    for active in ACTIVE:
        assert active not in body, f"{where}: markup injected: {active}"
    for marker in EVALUATED:
        assert marker not in body, f"{where}: a template was evaluated"
    assert "Traceback" not in body
    return body


def _walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, str):
        yield value


def check_stored(app) -> list[Signup]:
    with app.app_context():
        signups = db.session.scalars(sa.select(Signup)).all()
        registry = current_registry()
        for signup in signups:
            keys = {f.key for f in registry.get(signup.form_slug).fields}
            assert set(signup.answers) <= keys, (
                f"{signup.reference}: unknown keys {set(signup.answers) - keys}"
            )
            for text in _walk(signup.answers):
                assert not BAD_CHARS.search(text), (
                    f"{signup.reference}: control character stored: {text!r}"
                )
                for marker in EVALUATED:
                    assert marker not in text
            assert signup.source == "public" and signup.locale in ("da", "en")
        db.session.expunge_all()
        return signups


def check_mails(smtp_server, allowed: set[str]) -> None:
    for message in smtp_server.messages:
        assert message["Bcc"] is None, "a Bcc header was injected"
        envelope = {a.strip().lower() for a in message["X-Envelope-To"].split(",")}
        assert envelope <= allowed, f"unexpected recipients {envelope - allowed}"
        assert "evil@example.com" not in str(message["To"]) + str(message["Cc"])
        for part in message.walk():
            if part.get_content_maintype() != "text":
                continue
            content = part.get_content()
            for marker in EVALUATED:
                assert marker not in content, "a template was evaluated in a mail"
            if part.get_content_subtype() == "html":
                for active in ACTIVE:
                    assert active not in content, f"markup injected into an HTML mail: {active}"


def _post(client, url: str, form: RenderedForm, field: str, value) -> object:
    form.values[field] = [value]  # straight into the request, as a hostile client would
    return client.post(url, data=form.data())


def _recipients(app) -> set[str]:
    with app.app_context():
        signups = db.session.scalars(sa.select(Signup)).all()
        allowed = {s.email for s in signups if s.email}
        for form in current_registry().signup_forms():
            allowed |= {a.lower() for a in form.notify}
        for signup in signups:  # the fair's participants are not mailed, but may be listed
            for text in _walk(signup.answers):
                if "@" in text:
                    allowed.add(text.lower())
        return allowed


def test_every_public_sign_up_form_has_a_baseline():
    """A new sign-up form must join this catalogue (add a filler to BASELINES)."""
    from intake import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():  # the shipped files, as checked at start (no database needed)
        slugs = {f.slug for f in current_registry().files.values() if f.kind == "signup"}
    assert slugs <= set(BASELINES), f"no hostile-input baseline for {slugs - set(BASELINES)}"


@pytest.mark.parametrize("slug", sorted(BASELINES))
def test_every_payload_in_every_field(app, smtp_server, deliver, slug):
    client = app.test_client()
    url = f"/f/{slug}"
    fill = BASELINES[slug]
    counter = itertools.count(1)
    names = sorted(RenderedForm(check_response(client.get(url), url)).names - SKIP_NAMES)
    assert len(names) >= 8
    accepted = []
    for name, (label, payload) in itertools.product(names, PAYLOADS.items()):
        form = fill(client, next(counter))
        response = _post(client, url, form, name, payload)
        where = f"{slug}.{name} ← {label}"
        body = check_response(response, where)
        assert response.status_code in (200, 303), f"{where}: {response.status_code}"
        if response.status_code == 200 and name != "hp_website" and 'aria-invalid="true"' in body:
            shown = RenderedForm(body).values.get(name)
            if shown and label not in ("nul", "long"):  # typed data stays, as text
                def same(text: str) -> str:
                    return text.replace("\r\n", "\n").strip("\n")

                assert same(payload) in [same(v) for v in shown], where
        if response.status_code == 303:
            accepted.append(where)
            receipt = client.get(response.headers["Location"])
            assert receipt.status_code == 200, where
            check_response(receipt, f"{where} (receipt)")

    # Invalid UTF-8 in every field: the raw bytes go into the body as they are.
    for name in names:
        form = fill(client, next(counter))
        pairs = [(k, v.encode()) for k, v in form.data().items(multi=True) if k != name] + [
            (name, b"\xff\xfe\xc3(")
        ]
        response = client.post(
            url, data=urlencode(pairs), content_type="application/x-www-form-urlencoded"
        )
        check_response(response, f"{slug}.{name} ← invalid UTF-8")

    signups = check_stored(app)
    assert signups, "the baseline itself signs up"
    assert deliver() > 0
    check_mails(smtp_server, _recipients(app))
    for message in smtp_server.messages:  # text parts carry what people typed, literally
        if "{{7*7}}" in message.get_body(("plain",)).get_content():
            break
    else:
        assert not any("template" in a and "7*7" in a for a in accepted), (
            "{{7*7}} was accepted but not shown"
        )


@pytest.mark.parametrize("slug", sorted(BASELINES))
def test_unknown_fields_and_other_peoples_ids_change_nothing(app, slug):
    client = app.test_client()
    url = f"/f/{slug}"
    form = BASELINES[slug](client, 1)
    for name, value in EXTRA_FIELDS.items():
        form.values[name] = [value]
    response = client.post(url, data=form.data())
    assert response.status_code == 303
    check_response(client.get(response.headers["Location"]), "receipt")
    [signup] = check_stored(app)
    assert signup.form_slug == slug and signup.source == "public"
    with app.app_context():
        statuses = set(db.session.scalars(sa.select(Booking.status)))
    assert statuses <= {BookingStatus.CONFIRMED, BookingStatus.WAITLISTED}

    # Another visitor cannot reach this person's receipt, or use their submission key.
    other = app.test_client()
    assert other.get(response.headers["Location"]).status_code == 404
    stolen = BASELINES[slug](other, 2)
    stolen.values["submission_key"] = [_submission_key(app, signup.reference)]
    answer = other.post(url, data=stolen.data())
    check_response(answer, "stolen key")
    if answer.status_code == 303:
        assert signup.reference not in answer.headers["Location"], (
            "another person's receipt was handed out"
        )
    assert other.get(f"/f/{slug}/kvittering/{signup.reference}").status_code == 404
    assert other.get("/min-tilmelding/not-a-real-token").status_code == 404
    forged = other.get(f"/min-tilmelding/{json.dumps(signup.reference)}.forged")
    assert forged.status_code == 404


def _submission_key(app, reference: str) -> str:
    with app.app_context():
        return db.session.scalar(
            sa.select(Signup.submission_key).where(Signup.reference == reference)
        )


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
@pytest.mark.parametrize(
    "size, parts", [(2 * 1024 * 1024, 1), (0, 1200)], ids=["2MB-body", "1200-parts"]
)
def test_oversized_bodies_get_the_danish_413_page(app, size, parts, encoding):
    client = app.test_client()
    form = seed.group_form(client, 1)
    data = form.data()
    if size:
        data["motivation"] = "A" * size
    for number in range(parts if parts > 1 else 0):
        data.add(f"extra{number}", "x")
    content_type = (
        "multipart/form-data" if encoding == "multipart" else "application/x-www-form-urlencoded"
    )
    response = client.post(seed.GROUP, data=data, content_type=content_type)
    assert response.status_code == 413
    body = check_response(response, "413")
    assert "for stort" in body
    assert check_stored(app) == []


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:evil.example",
        "/%2F%2Fevil.example",
        "javascript:alert(1)",
        "//evil.example/%2e%2e",
        " //evil.example",
    ],
)
def test_open_redirects_in_next_stay_on_the_site(app, target):
    client = app.test_client()
    response = client.get(f"/sprog/en?{urlencode({'next': target})}")
    assert response.status_code == 303
    assert _same_site(response.headers["Location"])

    create_staff(app)
    staff = app.test_client()
    login = log_in(staff, next_url=urlencode({"x": target})[2:])
    check_response(login, "staff login")
    assert login.status_code == 303
    assert _same_site(login.headers["Location"])


def _same_site(location: str) -> bool:
    """A path on this site: no scheme, no host, no protocol-relative //, no backslash."""
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location, (
        location
    )
    return True


def test_staff_views_and_searches_show_payloads_as_text(app):
    """Sign-ups carrying the payloads, then every staff page that lists or shows them."""
    client = app.test_client()
    references = []
    for number, payload in enumerate(
        p for label, p in PAYLOADS.items() if label not in ("nul", "long", "rtl_override")
    ):
        form = seed.group_form(client, number + 10, navn=payload[:100].replace("\r\n", " "),
                               motivation=payload, organisation=payload[:150].replace("\r\n", " "))
        response = client.post(seed.GROUP, data=form.data())
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        references.append(response.headers["Location"].rsplit("/", 1)[-1])
    create_staff(app)
    staff = app.test_client()
    assert log_in(staff).status_code == 303
    pages = [
        "/staff/",
        "/staff/f/",
        "/staff/f/samarbejdsgruppe/",
        "/staff/f/samarbejdsgruppe/tilmeldinger",
        "/staff/f/samarbejdsgruppe/grupper",
        "/staff/post/",
        "/staff/log/",
    ]
    pages += [f"/staff/t/{reference}" for reference in references]
    for page in pages:
        response = staff.get(page)
        assert response.status_code == 200, page
        check_response(response, page)
    for label, payload in PAYLOADS.items():
        for param in ("q", "status", "bucket", "sort", "efter"):
            response = staff.get(
                "/staff/f/samarbejdsgruppe/tilmeldinger?" + urlencode({param: payload})
            )
            body = check_response(response, f"staff search {param} ← {label}")
            assert response.status_code in (200, 400), (param, label, response.status_code)
            assert '<html lang="da"' in body
        find = RenderedForm(
            staff.get("/staff/gdpr/").get_data(as_text=True), form_index=_find_form(staff)
        )
        find.values["q"] = [payload]
        response = staff.post("/staff/gdpr/", data=find.data())
        check_response(response, f"GDPR search ← {label}")
        assert response.status_code in (200, 400)
    check_stored(app)


def _find_form(staff) -> int:
    """Which <form> on the GDPR page is the search (the staff menu holds a logout form first)."""
    html = staff.get("/staff/gdpr/").get_data(as_text=True)
    actions = re.findall(r"<form\b[^>]*\baction=\"([^\"]*)\"", html)
    return actions.index("/staff/gdpr/")
