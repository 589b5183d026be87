"""Danish names for the outbox's message kinds and states, for staff pages and the GDPR
access workbook (the codes themselves stay in the database)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MAIL_KINDS = {
    "signup_received": _l("Bekræftelse af tilmelding"),
    "signup_cancelled": _l("Besked om afmelding"),
    "signup_promoted": _l("Besked om plads fra ventelisten"),
    "signup_moved": _l("Besked om flytning"),
    "signup_dates_cancelled": _l("Besked om afmeldt dato"),
    "signup_event_changed": _l("Besked om nyt tidspunkt eller sted"),
    "signup_approved": _l("Besked om godkendt tilmelding"),
    "signup_declined": _l("Besked om afvist tilmelding"),
    "signup_changed": _l("Besked om ændret tilmelding"),
    "signup_links_resent": _l("Links til Min tilmelding sendt igen"),
    "staff_notified": _l("Besked til medarbejdere"),
    "staff_account_created": _l("Link til ny medarbejderkonto"),
    "followup_invitation": _l("Invitation til opfølgning"),
    "followup_reminder": _l("Påmindelse om opfølgning"),
    "followup_new_link": _l("Nyt personligt link"),
    "form_invited": _l("Invitation til skema med personligt link"),
    "form_reminded": _l("Påmindelse om skema"),
    "meeting_invited": _l("Invitation til møde"),
    "meeting_changed": _l("Besked om ændret møde"),
    "meeting_cancelled": _l("Besked om aflyst møde"),
    "meeting_reminded": _l("Påmindelse om svar på mødeinvitation"),
    "meeting_reminder_attending": _l("Påmindelse om møde i morgen"),
    "meeting_new_link": _l("Nye personlige links til møder"),
    "news_message": _l("Nyhed til dem, der har sagt ja tak"),
}

MAIL_STATES = {
    "queued": _l("I kø"),
    "sending": _l("Sendes"),
    "sent": _l("Sendt"),
    "retrying": _l("Prøver igen"),
    "failed": _l("Mislykket"),
}


def kind_label(kind: str) -> str:
    """The Danish name of a message kind; the code itself for a kind added later."""
    label = MAIL_KINDS.get(kind)
    return str(label) if label is not None else kind


def state_label(state: str) -> str:
    label = MAIL_STATES.get(state)
    return str(label) if label is not None else state
