"""The goal owner's mails, one function per event, named after it: `owner_invited`,
`owner_reminded` and `owner_new_link` each render templates/mail/<event>.txt, .html and
.subject.txt (intake/mails/rendering.py) and queue the mail in the outbox (kinds
followup_invitation, followup_reminder, followup_new_link, as stored).

The subject and body of invitations and reminders are staff-written templates stored on the
round, rendered in Jinja's sandbox with a fixed set of values; an owner's or goal's text is
passed in as a value and never compiled, so `{{ 7*7 }}` in a goal title stays text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from string import Template

from flask_babel import force_locale, format_datetime
from jinja2 import TemplateSyntaxError, meta
from markupsafe import Markup, escape

from intake.formdefs.templating import MAIL_ENV
from intake.goals.models import Goal
from intake.links import public_url
from intake.mails.rendering import render_body, render_subject
from intake.outbox.models import OutboxMessage
from intake.rounds.models import Invitation, Round
from intake.rounds.scrub import enqueue_with_link

# Values a round's mail templates may use.
TEMPLATE_VALUES = {
    "navn": "målejerens navn",
    "runde": "rundens titel",
    "periode": "året, fx 2027",
    "frist": "fristen, fx 'fredag 1. oktober 2027 kl. 12.00'",
    "maal": "målejerens mål, ét pr. linje",
    "link": "det personlige link",
    "kontakt": "kontaktperson og e-mail",
}

def with_organisation(default: str, organisation: str) -> str:
    """A default text above with the sender's name (the brand, README "Branding") filled in;
    `$organisation` is filled once, when staff start a round, and stays editable text."""
    return Template(default).safe_substitute(organisation=organisation)


DEFAULT_INVITATION_SUBJECT = "{{ runde }}: hvordan går det med dine mål?"
DEFAULT_INVITATION_BODY = """Kære {{ navn }}

$organisation følger op på samarbejdsgruppernes mål for {{ periode }}. Du er målejer for:

{{ maal }}

Fortæl os, hvordan det går, via dit personlige link:
{{ link }}

Du kan gemme en kladde og komme tilbage, og du kan rette dine svar indtil {{ frist }}.
Linket er personligt, så send det ikke videre.

Har du spørgsmål, så skriv til {{ kontakt }}.

Venlig hilsen
$organisation
"""
DEFAULT_REMINDER_SUBJECT = "Påmindelse: {{ runde }} – fristen er {{ frist }}"
DEFAULT_REMINDER_BODY = """Kære {{ navn }}

Vi mangler stadig dine svar om disse mål:

{{ maal }}

Svar via dit personlige link senest {{ frist }}:
{{ link }}

Har du allerede gemt en kladde, ligger den klar, når du åbner linket.

Venlig hilsen
$organisation
"""


def template_problems(source: str, must_have_link: bool = True) -> list[str]:
    """Danish messages for a staff-written template: syntax, unknown values, missing link."""
    try:
        names = meta.find_undeclared_variables(MAIL_ENV.parse(source))
    except TemplateSyntaxError as error:
        return [f"Skabelonen har en fejl på linje {error.lineno}: {error.message}"]
    problems = [
        f"'{{{{ {name} }}}}' er ikke en kendt værdi (brug {', '.join(TEMPLATE_VALUES)})"
        for name in sorted(names - TEMPLATE_VALUES.keys())
    ]
    if must_have_link and "link" not in names:
        problems.append("Teksten skal indeholde {{ link }}, ellers kan målejeren ikke svare.")
    return problems


def deadline_text(round_: Round) -> str:
    return format_datetime(round_.deadline_at, "EEEE d. MMMM y 'kl.' HH.mm")


@lru_cache(maxsize=64)
def _compiled(source: str):
    """Staff templates are compiled once per text, not once per owner (a round has hundreds)."""
    return MAIL_ENV.from_string(source)


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def render(event: str, round_: Round, subject_source: str, body_source: str,
           invitation: Invitation, goals: list[Goal], link: str) -> Rendered:
    """The staff-written subject and body, with the owner's values, wrapped in the event's
    templates (the .txt and .subject.txt pass them on as they are; the .html makes
    paragraphs with the link clickable)."""
    with force_locale("da"):
        values = {  # only plain values: an owner's or goal's text is never compiled
            "navn": invitation.owner.name,
            "runde": round_.title,
            "periode": str(round_.period.year),
            "frist": deadline_text(round_),
            "maal": "\n".join(f"- {goal.title}" for goal in goals) or "- (ingen mål registreret)",
            "link": link,
            "kontakt": f"{round_.contact_name} ({round_.contact_email})",
        }
        written = {"subject": _compiled(subject_source).render(values),
                   "text": _compiled(body_source).render(values)}
        text, html = render_body(event, **written, title=written["subject"],
                                 paragraphs=_paragraphs(written["text"], link))
        subject = render_subject(event, **written)
    return Rendered(subject, text, html)


def _paragraphs(text: str, link: str) -> list[Markup]:
    """Plain text to HTML paragraphs; the personal link becomes the one clickable link."""
    anchor = Markup('<a href="{0}">{0}</a>').format(link)
    result = []
    for block in text.strip().split("\n\n"):
        html = escape(block).replace(escape(link), anchor)
        result.append(Markup("<br>\n").join(html.split("\n")))  # parts of escaped Markup
    return result


def _link(token: str) -> str:
    return public_url("followup.open_link", token=token)


def owner_invited(invitation: Invitation, goals: list[Goal], token: str) -> OutboxMessage:
    """The round's invitation, with the owner's goals and the personal link for `token`."""
    round_ = invitation.round
    mail = render("owner_invited", round_, round_.invitation_subject, round_.invitation_body,
                  invitation, goals, _link(token))
    return enqueue_with_link("followup_invitation", [invitation.owner.email], mail.subject,
                             mail.text, mail.html)


def owner_reminded(invitation: Invitation, goals: list[Goal], token: str) -> OutboxMessage:
    """The round's reminder to an owner who has not answered, with a fresh personal link."""
    round_ = invitation.round
    mail = render("owner_reminded", round_, round_.reminder_subject, round_.reminder_body,
                  invitation, goals, _link(token))
    return enqueue_with_link("followup_reminder", [invitation.owner.email], mail.subject,
                             mail.text, mail.html)


def owner_new_link(email: str, entries: list[tuple[Invitation, str]]) -> OutboxMessage:
    """'Har du mistet dit link?': one mail with a fresh link for each open round."""
    with force_locale("da"):
        context = {
            "entries": [(inv.round, deadline_text(inv.round), _link(token))
                        for inv, token in entries],
            "name": entries[0][0].owner.name,
        }
        text, html = render_body("owner_new_link", **context)
        subject = render_subject("owner_new_link", **context)
    return enqueue_with_link("followup_new_link", [email], subject, text, html)
