"""The audit entries of news sendings in Danish: a short label (the log's filter) and one
sentence each, added to intake/staff/audit_text.py's tables when the staff views are
imported. Target "news:<sending id>"; the details hold the count and the filters, never an
address, so the log names no recipient."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.staff import audit_text

LABELS = {
    "news.send": _l("Nyhed sendt"),
    "news.consents_export": _l("Samtykker til nyheder hentet"),
}


def _send(entry, d: dict) -> str:
    from intake.extensions import db
    from intake.news.models import NewsSending

    sending_id = (entry.target or "").removeprefix("news:")
    sending = db.session.get(NewsSending, int(sending_id)) if sending_id.isdigit() else None
    subject = f"«{sending.subject}»" if sending is not None else _("en nyhed")
    return _("Sendte %(subject)s til %(n)s, der har sagt ja tak til nyheder (udsendelse "
             "%(sending)s)", subject=subject, n=d["recipients"], sending=sending_id)


SENTENCES = {
    "news.send": _send,
    "news.consents_export": lambda e, d: _(
        "Hentede regnearket over dem, der har sagt ja tak til nyheder"),
}


def register() -> None:
    for code, label in LABELS.items():
        audit_text.ACTIONS.setdefault(code, label)
    for code, sentence in SENTENCES.items():
        audit_text.DESCRIBERS.setdefault(code, sentence)
