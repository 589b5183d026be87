"""Mails carry the configured branding in their HTML part (issue 11): a header band in the
brand colour with the organisation's name, or its PNG logo as an inline CID part (never a
remote image; an SVG logo is left out), a footer with the contact details, and a table layout
with inline styles for Outlook, Gmail and Apple Mail. The plain-text part says the same.

Each mail is sent through the outbox to a real SMTP server (aiosmtpd) and parsed with the
standard library's `email` package, as a mail client would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from intake.mails.logo import CID
from intake.outbox.delivery import deliver_due
from tests.support import signups
from tests.support.signups import GROUP, NOW, group_form, mails_to, sign_up

ROOT = Path(__file__).resolve().parents[2]
MAIL_TEMPLATES = ROOT / "templates" / "mail"
# What could make a mail client fetch something from a server.
REMOTE = re.compile(r"""(?:src|background|srcset)\s*=\s*["']?\s*(?:https?:)?//|url\(""", re.I)


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def _png(path: Path, size=(200, 60)) -> Path:
    Image.new("RGB", size, "#123456").save(path, format="PNG")
    return path


def deliver(app) -> None:
    """The mail worker of this app (the `deliver` fixture would use the default `app`)."""
    with app.app_context():
        while deliver_due():
            pass


def _confirmation(app, smtp_server):
    client = app.test_client()
    reference = sign_up(client, GROUP, group_form(client))
    deliver(app)
    [mail] = mails_to(smtp_server, "person1@firma1.dk")
    return reference, mail


def html_part(mail) -> str:
    return signups.html_part(mail).replace("\r\n", "\n")


def text_part(mail) -> str:
    return signups.text_part(mail).replace("\r\n", "\n")


def _parts(mail, content_type: str) -> list:
    return [part for part in mail.walk() if part.get_content_type() == content_type]


def test_default_brand_in_the_html_part_with_the_text_part_kept(make_app, smtp_server):
    app = make_app()
    reference, mail = _confirmation(app, smtp_server)
    html, text = html_part(mail), text_part(mail)
    assert '<html lang="da">' in html
    band = re.search(r'<td style="[^"]*background-color: #0059b3;[^"]*">([^<]*)</td>', html)
    assert band and band.group(1) == "Hedensted Erhverv"  # the name, white on the brand colour
    assert "color: #ffffff" in band.group(0)
    # The footer: the contact details.
    assert "<strong>Hedensted Erhverv</strong>, Hedensted Kommune" in html
    assert 'href="mailto:erhverv@hedensted.dk"' in html
    # Layout tables are marked as such for screen readers; 600 px at most; inline styles only.
    layout = re.findall(r"<table[^>]*>", html)
    data_tables = [tag for tag in layout if 'role="presentation"' not in tag]
    assert len(layout) == 4 and len(data_tables) == 1  # 2 + Outlook's 600 px + the answers
    assert "<!--[if mso]>" in html
    assert "max-width: 600px" in html
    assert "<style" not in html and "<link" not in html and "<script" not in html
    assert "<img" not in html and not REMOTE.search(html)  # no logo configured: no image
    assert not _parts(mail, "multipart/related") and not _parts(mail, "image/png")
    # The plain-text part is still there and says the same.
    assert reference in text and "Venlig hilsen\nHedensted Erhverv" in text
    assert "<" not in text


def test_configured_name_colour_contact_and_png_logo(make_app, smtp_server, tmp_path):
    logo = _png(tmp_path / "logo.png")
    app = make_app(
        BRAND_NAME="Vejle Erhverv",
        BRAND_AUTHORITY="Vejle Kommune",
        BRAND_PRIMARY_COLOUR="#7A1F1F",
        BRAND_CONTACT_EMAIL="erhverv@vejle.dk",
        BRAND_CONTACT_PHONE="76 81 00 00",
        BRAND_CONTACT_ADDRESS="Skolegade 1, 7100 Vejle",
        BRAND_LOGO=str(logo),
    )
    reference, mail = _confirmation(app, smtp_server)
    html, text = html_part(mail), text_part(mail)
    assert "#7a1f1f" in html and "#0059b3" not in html
    assert "<strong>Vejle Erhverv</strong>, Vejle Kommune" in html
    assert "Skolegade 1, 7100 Vejle" in html
    assert 'href="mailto:erhverv@vejle.dk"' in html and 'href="tel:+4576810000"' in html
    assert "Venlig hilsen<br>Vejle Erhverv" in html and "Venlig hilsen\nVejle Erhverv" in text
    # The logo: an inline part referred to by cid:, scaled to 48 px high (200x60 -> 160x48).
    [img] = re.findall(r"<img[^>]*>", html)
    assert f'src="cid:{CID}"' in img and 'alt="Vejle Erhverv"' in img
    assert 'width="160"' in img and 'height="48"' in img
    assert not REMOTE.search(html)
    [related] = _parts(mail, "multipart/related")
    assert related.get_param("type") == "text/html"
    html_child, image = related.iter_parts()
    assert html_child.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png" and image["Content-ID"] == f"<{CID}>"
    assert image.get_content_disposition() == "inline"
    assert image.get_payload(decode=True) == logo.read_bytes()
    # The related part sits in the alternative, beside the text part (RFC 2046, 2387).
    [alternative] = _parts(mail, "multipart/alternative")
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain",
        "multipart/related",
    ]
    assert reference in text


def test_an_svg_logo_is_left_out_of_mails(make_app, smtp_server, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    app = make_app(BRAND_NAME="Vejle Erhverv", BRAND_LOGO=str(logo))
    _, mail = _confirmation(app, smtp_server)
    html = html_part(mail)
    assert "<img" not in html and "cid:" not in html and "svg" not in html.lower()
    assert re.search(r'background-color: #0059b3;[^"]*">Vejle Erhverv</td>', html)
    assert not _parts(mail, "multipart/related") and not _parts(mail, "image/svg+xml")


def test_staff_notification_and_english_mail_are_branded(make_app, smtp_server):
    app = make_app(BRAND_NAME="Vejle Erhverv", BRAND_CONTACT_EMAIL="erhverv@vejle.dk")
    client = app.test_client()
    client.get("/sprog/en?next=/")
    sign_up(client, GROUP, group_form(client))
    deliver(app)
    [person] = mails_to(smtp_server, "person1@firma1.dk")
    assert '<html lang="en">' in html_part(person)
    assert "Kind regards\nVejle Erhverv" in text_part(person)
    [staff] = [m for m in smtp_server.messages if "person1@firma1.dk" not in m["X-Envelope-To"]]
    assert ">Vejle Erhverv</td>" in html_part(staff) and "mailto:erhverv@vejle.dk" in html_part(
        staff
    )


def test_every_html_mail_uses_the_branded_layout_and_no_hard_coded_organisation():
    for path in sorted(MAIL_TEMPLATES.iterdir()):
        source = path.read_text(encoding="utf-8")
        source_without_comments = re.sub(r"<!--.*?-->", "", source)
        for fixed in ("Hedensted", "hedensted.dk"):
            assert fixed not in source, f"{path.name}: {fixed} (use brand.name, brand.email)"
        if path.suffix == ".html" and not path.name.startswith("_"):
            assert re.match(r'\{% extends "mail/(_layout|_owner_letter)\.html" %\}', source), (
                path.name
            )
        if path.suffix == ".html":
            unstyled = r"<(p|li|td|th|a|h2|ul|table)\b(?![^>]*style=)"
            assert not re.search(unstyled, source_without_comments), (
                f"{path.name}: an element without inline style (mail clients drop <style>)"
            )


def test_follow_up_invitation_is_branded_with_the_link_clickable(
    make_app, smtp_server, frozen_clock, tmp_path
):
    from tests.support.goals import STAFF_NOW, forms_dir, make_round, seed

    frozen_clock(STAFF_NOW)
    logo = _png(tmp_path / "logo.png", size=(96, 96))
    app = make_app(
        FORMS_DIR=str(forms_dir(tmp_path)), BRAND_NAME="Vejle Erhverv", BRAND_LOGO=str(logo)
    )
    seed(app)
    make_round(app)
    deliver(app)
    [mail] = mails_to(smtp_server, "carl@example.dk")
    html = html_part(mail)
    assert 'href="https://intake.example.dk/opfoelgning/' in html
    assert 'width="48" height="48"' in html and f'src="cid:{CID}"' in html
    [image] = _parts(mail, "image/png")
    assert image["Content-ID"] == f"<{CID}>"
    assert "Vejle Erhverv" in html and "/opfoelgning/" in text_part(mail)
