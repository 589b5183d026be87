"""The audit log's labels and sentences for the meeting pages (intake/staff/meeting_views.py),
added to intake/staff/audit_text.py when the staff blueprint is registered.

A meeting is named by its title, read now; a deleted one by its number only.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.extensions import db

LABELS = {
    "meeting.create": _l("Møde oprettet"),
    "meeting.update": _l("Møde rettet"),
    "meeting.invite": _l("Mødeinvitationer sendt"),
    "meeting.add_guest": _l("Gæst tilføjet til møde"),
    "meeting.cancel": _l("Møde aflyst"),
    "meeting.remind_now": _l("Mødepåmindelser sendt"),
    "meeting.resend": _l("Mødeinvitation sendt igen"),
    "meeting.attendance": _l("Fremmøde registreret"),
    "meeting.minutes": _l("Mødereferat gemt"),
}


def _title(target: str | None) -> str:
    from intake.meetings.models import Meeting

    meeting_id = (target or "").removeprefix("meeting:")
    meeting = db.session.get(Meeting, int(meeting_id)) if meeting_id.isdigit() else None
    return f"«{meeting.title}»" if meeting else _("nr. %(id)s", id=meeting_id)


def _invitee(invitation_id) -> str:
    from intake.meetings.models import MeetingInvitation

    invitation = (db.session.get(MeetingInvitation, invitation_id)
                  if isinstance(invitation_id, int) else None)
    return invitation.recipient_name if invitation is not None else _("en slettet inviteret")


def describe(entry, d: dict) -> str:
    title = _title(entry.target)
    texts = {
        "meeting.create": lambda: _("Oprettede mødet %(meeting)s", meeting=title),
        "meeting.update": lambda: _(
            "Rettede mødet %(meeting)s; %(n)s inviterede fik en opdatering",
            meeting=title, n=d.get("told", 0)),
        "meeting.invite": lambda: _(
            "Sendte invitationer til mødet %(meeting)s til %(n)s medlemmer",
            meeting=title, n=d.get("invited", 0)),
        "meeting.add_guest": lambda: _(
            "Tilføjede %(name)s som gæst til mødet %(meeting)s",
            name=_invitee(d.get("invitation")), meeting=title),
        "meeting.cancel": lambda: _(
            "Aflyste mødet %(meeting)s; %(n)s inviterede fik besked",
            meeting=title, n=d.get("told", 0)),
        "meeting.remind_now": lambda: _(
            "Sendte %(n)s påmindelser om mødet %(meeting)s", n=d.get("sent", 0), meeting=title),
        "meeting.resend": lambda: _(
            "Sendte invitationen til mødet %(meeting)s igen til %(name)s",
            name=_invitee(d.get("invitation")), meeting=title),
        "meeting.attendance": lambda: _(
            "Registrerede fremmøde til mødet %(meeting)s: %(n)s deltog",
            meeting=title, n=d.get("attended", 0)),
        "meeting.minutes": lambda: _("Gemte referatet af mødet %(meeting)s", meeting=title),
    }
    return texts[entry.action]()
