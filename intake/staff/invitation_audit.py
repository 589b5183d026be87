"""The audit entries of invitations to a form in Danish: a short label (the log's filter) and
one sentence each, added to intake/staff/audit_text.py's tables when the views are imported.
Targets: "form:<slug>" (a sending), "sending:<id>", "invitation:<id>"; the details hold ids
and counts only, so an erased person is never named by the log."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.staff import audit_text

LABELS = {
    "form_invitation.send": _l("Personlige links sendt"),
    "form_invitation.remind_now": _l("Påmindelser om skema sendt"),
    "form_invitation.resend": _l("Personligt link sendt igen"),
    "form_invitation.withdraw": _l("Invitation til skema tilbagekaldt"),
}


def _slug(entry) -> str:
    target = entry.target or ""
    return target[len("form:"):] if target.startswith("form:") else target


def _send(entry, d: dict) -> str:
    text = _("Sendte skemaet %(slug)s med personlige links til %(n)s personer (udsendelse "
             "%(sending)s)", slug=_slug(entry), n=d["invited"], sending=d["sending"])
    if d.get("skipped"):
        text += "; " + _("%(n)s var allerede inviteret", n=d["skipped"])
    return text


SENTENCES = {
    "form_invitation.send": _send,
    "form_invitation.remind_now": lambda e, d: _(
        "Sendte en påmindelse til %(n)s, der ikke havde svaret (udsendelse %(sending)s)",
        n=d["sent"], sending=(e.target or "").removeprefix("sending:")),
    "form_invitation.resend": lambda e, d: _(
        "Sendte et nyt personligt link (udsendelse %(sending)s)", sending=d["sending"]),
    "form_invitation.withdraw": lambda e, d: _(
        "Tilbagekaldte en invitation (udsendelse %(sending)s); %(n)s links virker ikke længere",
        sending=d["sending"], n=d["links"]),
}


def register() -> None:
    for code, label in LABELS.items():
        audit_text.ACTIONS.setdefault(code, label)
    for code, sentence in SENTENCES.items():
        audit_text.DESCRIBERS.setdefault(code, sentence)
