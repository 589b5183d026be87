"""The brand logo in an HTML mail: a PNG rides along as an inline part (RFC 2387
multipart/related, referred to by `cid:` from the HTML, RFC 2392), never as a remote image,
which mail clients block and which would tell a server when the mail is read.

An SVG logo is left out of mails (Outlook, Gmail and most other clients do not show SVG);
the header band then shows the organisation's name (templates/mail/_layout.html).

The bytes are the ones the site serves (the start-up manifest of intake/branding/assets.py).
Whether a mail refers to the logo is decided when it is rendered; the part is added when the
outbox builds the message (intake/outbox/transport.py), so the stored row stays text only.
"""

from __future__ import annotations

import secrets
import struct
from dataclasses import dataclass
from email.message import Message
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart

from flask import current_app

from intake.branding import assets, current_brand

CID = "brand-logo@intake"
HEIGHT = 48  # shown height in CSS px; a 2x PNG stays sharp on a retina screen
MAX_WIDTH = 280  # of the 600 px mail, less the padding


@dataclass(frozen=True)
class MailLogo:
    """The PNG (`data`) and its shown size in CSS px, from the PNG's IHDR chunk."""

    cid: str
    width: int
    height: int
    data: bytes


def current_logo() -> MailLogo | None:
    """The configured logo when it is a PNG, else None (no logo, or an SVG). Computed once
    per app."""
    cached = current_app.extensions.get("intake.mail_logo", False)
    if cached is False:
        cached = current_app.extensions["intake.mail_logo"] = _from_brand()
    return cached


def _from_brand() -> MailLogo | None:
    brand = current_brand()
    if brand.logo_mimetype != "image/png":
        return None
    manifest = current_app.extensions["intake.assets"]
    data = manifest.by_logical[assets.logo_filename(brand)].body
    # PNG: 8-byte signature, then IHDR (length, type, width, height as big-endian uint32).
    width, height = struct.unpack(">II", data[16:24])
    scale = min(1.0, HEIGHT / height, MAX_WIDTH / width)
    return MailLogo(CID, max(1, round(width * scale)), max(1, round(height * scale)), data)


def relate(message: Message, html: str | None) -> None:
    """Turn the HTML part of `message` (Flask-Mail's multipart/alternative) into a
    multipart/related of the HTML and the logo, when the HTML refers to the logo. A mail
    rendered with a PNG logo but sent after the setting changed keeps its alt text."""
    logo = current_logo()
    if logo is None or not html or f"cid:{logo.cid}" not in html:
        return
    for part in message.walk():
        if part.get_content_type() != "multipart/alternative":
            continue
        children = part.get_payload()
        for index, child in enumerate(children):
            if child.get_content_type() == "text/html":
                related = MIMEMultipart("related", type="text/html")
                related.set_boundary(f"=_intake_{secrets.token_hex(16)}")
                related.attach(child)
                image = MIMEImage(logo.data, "png")
                image.add_header("Content-ID", f"<{logo.cid}>")
                image.add_header("Content-Disposition", "inline", filename="logo.png")
                related.attach(image)
                children[index] = related
                return
