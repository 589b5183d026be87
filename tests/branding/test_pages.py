"""A configured brand shows on the pages without code (issue 11): the name or the logo in the
header, the contact details and the accessibility statement's address in the footer, and the
primary colour in the served stylesheet (the virk.dk colour #0059b3 and its shades gone)."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from intake.branding.assets import SVG_CSP
from intake.branding.stylesheet import VIRK_SHADES, shades

WAS = "https://www.was.digst.dk/intake-vejle-dk"
BRAND = {
    "BRAND_NAME": "Vejle Erhverv",
    "BRAND_AUTHORITY": "Vejle Kommune",
    "BRAND_PRIMARY_COLOUR": "#7a1f1f",
    "BRAND_CONTACT_EMAIL": "erhverv@vejle.dk",
    "BRAND_CONTACT_PHONE": "76 81 00 00",
    "BRAND_CONTACT_ADDRESS": "Skolegade 1, 7100 Vejle",
    "BRAND_ACCESSIBILITY_URL": WAS,
}


class Links(HTMLParser):
    """Every tag with its attributes, and the text of the header and footer."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.region: list[str] = []
        self.text = {"header": "", "footer": ""}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("header", "footer"):
            self.region.append(tag)

    def handle_endtag(self, tag):
        if tag in ("header", "footer") and self.region:
            self.region.pop()

    def handle_data(self, data):
        if self.region:
            self.text[self.region[-1]] += " " + " ".join(data.split())


def parse(response) -> Links:
    assert response.status_code == 200, response.status_code
    parser = Links()
    parser.feed(response.get_data(as_text=True))
    return parser


def stylesheet_url(page: Links) -> str:
    [href] = [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "stylesheet"]
    return href


def test_default_brand_is_hedensted_erhverv_with_a_text_mark(client):
    page = parse(client.get("/"))
    assert "Hedensted Erhverv" in page.text["header"]
    assert "Hedensted Kommune" in page.text["header"]
    assert "erhverv@hedensted.dk" in page.text["footer"]
    assert not [a for t, a in page.tags if t == "img"]  # no logo shipped: a text mark
    hrefs = [a.get("href") for t, a in page.tags if t == "a"]
    assert "/tilgaengelighed" in hrefs  # intake's own statement


def test_configured_name_contact_and_accessibility_url(make_app):
    client = make_app(**BRAND).test_client()
    page = parse(client.get("/"))
    assert "Vejle Erhverv" in page.text["header"] and "Vejle Kommune" in page.text["header"]
    assert "Hedensted" not in page.text["header"] + page.text["footer"]
    for shown in (
        "Vejle Erhverv, Vejle Kommune",
        "Skolegade 1, 7100 Vejle",
        "erhverv@vejle.dk",
        "+45 76 81 00 00",
    ):
        assert shown in page.text["footer"], shown
    hrefs = [a.get("href") for t, a in page.tags if t == "a"]
    assert "mailto:erhverv@vejle.dk" in hrefs and "tel:+4576810000" in hrefs
    assert WAS in hrefs and "/tilgaengelighed" not in hrefs


def test_stylesheet_in_the_configured_colour(make_app):
    client = make_app(**BRAND).test_client()
    css = client.get(stylesheet_url(parse(client.get("/")))).get_data(as_text=True)
    for virk in VIRK_SHADES:
        assert virk not in css.lower(), virk
    primary, dark, darker = shades("#7a1f1f")
    assert primary in css and dark in css  # (the built subset uses no "darker" rule)
    assert (dark, darker) == ("#641919", "#4e1414")  # 82 % and 64 % of each channel


def test_default_stylesheet_keeps_the_virk_colour(client):
    css = client.get(stylesheet_url(parse(client.get("/")))).get_data(as_text=True)
    assert "#0059b3" in css.lower()


def test_stylesheet_urls_name_hashed_files_that_exist(client):
    url = stylesheet_url(parse(client.get("/")))
    css = client.get(url).get_data(as_text=True)
    targets = re.findall(r'url\("([^"]+)"\)', css)
    assert any(t.endswith(".woff2") for t in targets)
    base = url.rsplit("/", 1)[0]
    for target in targets:
        if target.startswith("data:"):
            continue
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", target), target
        resolved = Path(base, target).as_posix()
        resolved = re.sub(r"[^/]+/\.\./", "", resolved)
        assert client.get(resolved).status_code == 200, resolved


def _png(path: Path) -> Path:
    Image.new("RGB", (160, 48), "#7a1f1f").save(path, format="PNG")
    return path


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_logo_in_the_header_under_a_hashed_name(make_app, tmp_path, kind):
    logo = tmp_path / f"logo.{kind}"
    if kind == "png":
        _png(logo)
    else:
        logo.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
            '<rect width="10" height="10" fill="#7a1f1f"/></svg>'
        )
    client = make_app(**BRAND, BRAND_LOGO=f"logo.{kind}").test_client()
    page = parse(client.get("/"))
    [img] = [a for t, a in page.tags if t == "img"]
    assert img["alt"] == "Vejle Erhverv"
    assert re.fullmatch(rf"/static/brand/logo\.[0-9a-f]{{12}}\.{kind}", img["src"]), img["src"]
    response = client.get(img["src"], headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = response.get_data()
    if kind == "svg":
        assert response.mimetype == "image/svg+xml"
        assert response.headers["Content-Security-Policy"] == SVG_CSP
        assert "sandbox" in SVG_CSP and "default-src 'none'" in SVG_CSP
        assert response.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(body)
    else:
        assert response.mimetype == "image/png"
        assert "Content-Encoding" not in response.headers  # PNG is compressed already
    assert body == logo.read_bytes()
