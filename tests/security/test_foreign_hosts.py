"""No response names a host other than the site's own (issue 11): nothing is fetched from a
CDN, a font service or a tracker, on any page a person or staff member can reach.

Every GET route of the url_map is rendered with fixture data (a sign-up, its receipt and
cancel link, a follow-up round with a personal link, a logged-in staff account with every
role). For each response:
- the Content-Security-Policy names no host: only quoted keywords ('self', 'none', …) and
  `data:`;
- HTML loads nothing from another host: no `src`, `srcset`, `action`, `formaction`,
  `poster`, `<link href>`, `<base href>` or CSS `url()` with another host;
- an `<a href>` to another site is allowed only for `brand.accessibility_url` (the statement
  on was.digst.dk), besides `mailto:` and `tel:`;
- a redirect stays on the site;
- every stylesheet served has no url() to another host.

The site's own hosts are the test client's (localhost) and PUBLIC_BASE_URL's, the address
that mails and links are built from.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from intake.extensions import db
from tests.conftest import ROOT
from tests.meetings.conftest import make_meeting
from tests.staff.conftest import create_staff
from tests.support import signups
from tests.support.goals import STAFF_NOW, issue_token, login, make_round, open_link, seed

WAS = "https://www.was.digst.dk/intake-hedensted-dk"
OWN_HOSTS = {"localhost", "intake.example.dk"}
FORMS = ("samarbejdsgruppe", "netvaerksmesse", "ivaerksaetterfredag", "opfoelgning")
LOADS = {"src", "srcset", "action", "formaction", "poster", "data", "background"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", re.I)
CSP_KEYWORD = re.compile(r"^'[a-z-]+'$")


def foreign(url: str) -> bool:
    """True when `url` names a host that is not the site's (a relative URL never does)."""
    url = url.strip()
    if url.lower().startswith("data:"):
        return False
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return True  # javascript:, ftp:, blob: … are never what a page should load
    return bool(parts.netloc) and parts.hostname not in OWN_HOSTS


class Refs(HTMLParser):
    """Every URL a page would load or link to, as (what, url)."""

    def __init__(self):
        super().__init__()
        self.loads: list[tuple[str, str]] = []
        self.anchors: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in LOADS:
                urls = (
                    [c.strip().split(" ")[0] for c in value.split(",")]
                    if name == "srcset"
                    else [value]
                )
                self.loads.extend((f"<{tag} {name}>", url) for url in urls)
            elif name == "style":
                self.loads.extend((f"<{tag} style>", m[1]) for m in CSS_URL.findall(value))
        if tag in ("link", "base") and "href" in values:
            self.loads.append((f"<{tag} href>", values["href"]))
        if tag in ("a", "area") and "href" in values:
            self.anchors.append(values["href"])
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.loads.extend(("<style>", m[1]) for m in CSS_URL.findall(data))


def csp_problems(policy: str) -> list[str]:
    problems = []
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        for source in sources:
            if not (CSP_KEYWORD.match(source) or source == "data:"):
                problems.append(f"{name} {source}")
    return problems


def html_problems(html: str) -> tuple[list[str], list[str]]:
    """(foreign loads, foreign anchors) of one page; also the stylesheets it links."""
    refs = Refs()
    refs.feed(html)
    loads = [f"{what} {url}" for what, url in refs.loads if foreign(url)]
    anchors = [
        url
        for url in refs.anchors
        if foreign(url) and url != WAS and not url.startswith(("mailto:", "tel:"))
    ]
    return loads, anchors


@pytest.fixture
def site(make_app, frozen_clock, tmp_path):
    """One app with fixture data for every audience, and a client for each."""
    forms = tmp_path / "forms"
    forms.mkdir()
    for slug in FORMS:
        shutil.copy(ROOT / "forms" / f"{slug}.yaml", forms)
    frozen_clock(signups.NOW)
    app = make_app(
        FORMS_DIR=str(forms), BRAND_ACCESSIBILITY_URL=WAS, BRAND_CONTACT_PHONE="79 75 50 00"
    )
    public = app.test_client()
    reference = signups.sign_up(public, signups.GROUP, signups.group_form(public))
    signups.sign_up(public, signups.FRIDAY, signups.friday_form(public))
    from intake.outbox.models import OutboxMessage

    with app.app_context():
        texts = db.session.scalars(sa.select(OutboxMessage.body_text)).all()
        message_id = db.session.scalar(sa.select(sa.func.min(OutboxMessage.id)))
    found = (re.search(r"/(?:min-tilmelding|afmeld)/([^\s/]+)", t) for t in texts)
    cancel_token = next(m.group(1) for m in found if m)

    frozen_clock(STAFF_NOW)
    account_id = create_staff(app)
    seeded = seed(app)
    round_id = make_round(app)
    staff = login(app)
    owner = app.test_client()
    token = issue_token(app, "anne@example.dk", round_id)
    assert open_link(owner, token).status_code in (200, 302, 303)
    from intake.rounds.models import Invitation

    with app.app_context():
        invitation_id = db.session.scalar(sa.select(sa.func.min(Invitation.id)))
    values = {
        "slug": "samarbejdsgruppe",
        "reference": reference,
        "lang": "en",
        "account_id": account_id,
        "goal_id": seeded["g1"],
        "year": seeded["year"],
        "round_id": round_id,
        "invitation_id": invitation_id,
        "message_id": message_id,
        "address": "navn",
        "section": "generelt",
        "meeting_id": make_meeting(app),
        "area": "arbejdsliv",
        "file_id": 1,  # no such file: the staff 404 page
        "sending_id": 1,  # no such sending: the staff 404 page
        "sheet_id": 1,  # no such inspiration sheet: the 404 pages
    }
    tokens = {
        "public.cancel": cancel_token,
        "public.mine_page": cancel_token,
        "public.mine_change": cancel_token,
        "followup.open_link": issue_token(app, "bo@example.dk", round_id),
        "followup.form_invitation": "A" * 43,  # the one "not valid" page
        "followup.meeting_rsvp": "A" * 43,  # the one "not valid" page
        "followup.meeting_ics": "A" * 43,
        "followup.news_unsubscribe": "A" * 43,  # the one "not valid" page
        "staff.set_password": "ukendt",
    }
    return app, {"public": public, "staff": staff, "owner": owner}, values, tokens


def urls(app, values: dict, tokens: dict):
    """(client name, url) for every GET route but static files, with sample arguments."""
    from flask import url_for

    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        arguments = {}
        for name, converter in rule._converters.items():
            if hasattr(converter, "items"):  # any(…)
                arguments[name] = sorted(converter.items)[0]
            elif name == "token":
                arguments[name] = tokens[rule.endpoint]
            else:
                arguments[name] = values[name]
        with app.test_request_context():
            url = url_for(rule.endpoint, **arguments)
        who = (
            "staff"
            if rule.rule.startswith("/staff")
            else ("owner" if rule.rule.startswith("/opfoelgning") else "public")
        )
        yield who, url
    yield "public", "/staff/login"  # the login page as a stranger sees it
    yield "public", "/f/findes-ikke"  # an error page
    yield "public", f"{signups.GROUP}/kvittering/{values['reference']}"


def test_no_response_references_another_host(site):
    app, clients, values, tokens = site
    problems, stylesheets, pages = [], set(), 0
    for who, url in urls(app, values, tokens):
        response = clients[who].get(url)
        body = response.get_data(as_text=response.mimetype in ("text/html", "text/css"))
        response.close()  # a streamed download ends its request here, as a browser's would
        where = f"{who} GET {url} ({response.status_code})"
        assert response.status_code < 500, where
        problems += [
            f"{where}: CSP {p}"
            for p in csp_problems(response.headers.get("Content-Security-Policy", ""))
        ]
        location = response.headers.get("Location")
        if location and foreign(location):
            problems.append(f"{where}: redirect to {location}")
        if response.mimetype != "text/html":
            continue
        pages += response.status_code == 200
        html = body
        loads, anchors = html_problems(html)
        problems += [f"{where}: loads {x}" for x in loads]
        problems += [f"{where}: links to {x}" for x in anchors]
        stylesheets.update(
            urljoin(url, href)
            for href in re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
        )
    assert pages >= 35, pages  # the walk reached the pages, not just log-in redirects
    assert stylesheets
    for href in sorted(stylesheets):
        response = clients["public"].get(href)
        assert response.status_code == 200 and response.mimetype == "text/css", href
        problems += [
            f"{href}: CSP {p}"
            for p in csp_problems(response.headers.get("Content-Security-Policy", ""))
        ]
        css = response.get_data(as_text=True)
        problems += [f"{href}: url({u})" for _, u in CSS_URL.findall(css) if foreign(u)]
    assert problems == []


def test_every_stylesheet_and_svg_served_names_no_other_host(app, client):
    manifest = app.extensions["intake.assets"]
    checked = 0
    for logical, asset in manifest.by_logical.items():
        if not logical.endswith((".css", ".svg")):
            continue
        response = client.get(f"/static/{asset.name}")
        assert response.status_code == 200, logical
        text = response.get_data(as_text=True)
        assert [u for _, u in CSS_URL.findall(text) if foreign(u)] == [], logical
        # An SVG names its XML namespace (not a load); nothing else may be a full address.
        addresses = set(re.findall(r"""(?:https?:)?//[^\s"'()<>]+""", text))
        assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, (
            logical,
            addresses,
        )
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize(
    ("url", "is_foreign"),
    [
        ("/static/css/intake.css", False),
        ("fonts/x.woff2", False),
        ("https://intake.example.dk/afmeld/x", False),
        ("http://localhost/f/x", False),
        ("data:image/png;base64,AAAA", False),
        ("https://cdn.example.com/dkfds.css", True),
        ("//fonts.googleapis.com/css", True),
        ("javascript:alert(1)", True),
    ],
)
def test_what_counts_as_another_host(url, is_foreign):
    assert foreign(url) is is_foreign


def test_the_checks_catch_a_cdn_a_font_service_and_a_tracker():
    """The parser sees each way a page could load from elsewhere (the test is not vacuous)."""
    html = (
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<script src="//cdn.example.com/x.js"></script>'
        '<img srcset="/a.png 1x, https://img.example.com/b.png 2x" alt="">'
        '<form action="https://forms.example.com/post"><button formaction="http://x.dk/">'
        "</button></form>"
        '<a href="https://tracker.example.com/">x</a><a href="' + WAS + '">ok</a>'
        '<a href="mailto:erhverv@hedensted.dk">ok</a><a href="tel:+4579755000">ok</a>'
        "<style>body{background:url(https://img.example.com/bg.png)}</style>"
    )
    loads, anchors = html_problems(html)
    assert len(loads) == 6 and anchors == ["https://tracker.example.com/"]
    assert csp_problems("default-src 'self'; img-src 'self' data:; sandbox") == []
    assert csp_problems("default-src 'self' https://cdn.example.com; font-src *") == [
        "default-src https://cdn.example.com",
        "font-src *",
    ]
