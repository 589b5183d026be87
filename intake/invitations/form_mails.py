"""The mails of an invitation to a form, one function per event: `form_invited` (the
staff-written text of the sending, with the personal link) and `form_reminded` (a fixed
reminder with a fresh link). Each renders templates/mail/<event>.txt, .html and
.subject.txt (intake/mails/rendering.py) and is queued by the engine's
`linkmail.enqueue_with_link`, so the stored copy loses its link once sent.

The staff-written subject and body are compiled in Jinja's sandbox with a fixed set of
values; a person's name is passed in as a value and never compiled, so `{{ 7*7 }}` typed as
a name stays text.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from string import Template

from flask_babel import force_locale, format_datetime
from jinja2 import TemplateSyntaxError, meta
from markupsafe import Markup, escape

from intake.formdefs.registry import current_registry
from intake.formdefs.templating import MAIL_ENV
from intake.invitations.form_models import FormInvitation
from intake.invitations.linkmail import enqueue_with_link
from intake.links import public_url
from intake.mails.rendering import render_body, render_subject
from intake.outbox.models import OutboxMessage

KIND_INVITED = "form_invited"
KIND_REMINDED = "form_reminded"

# Values a sending's subject and text may use.
TEMPLATE_VALUES = {
    "navn": "modtagerens navn",
    "skema": "skemaets titel",
    "frist": "fristen, fx 'fredag 1. oktober 2027 kl. 12.00'",
    "link": "det personlige link",
}
DEFAULT_SUBJECT = "Invitation: {{ skema }}"
DEFAULT_BODY = """Hej {{ navn }}

$organisation inviterer dig til at svare på «{{ skema }}».

Brug dit personlige link. Dit navn og din e-mail er allerede udfyldt:
{{ link }}

Svar senest {{ frist }}. Du kan rette dit svar, indtil skemaet lukker.
Linket er personligt, så send det ikke videre.

Venlig hilsen
$organisation
"""


def default_body(organisation: str) -> str:
    """The default text with the sender's name (the brand) filled in; stays editable."""
    return Template(DEFAULT_BODY).safe_substitute(organisation=organisation)


def template_problems(source: str, must_have_link: bool) -> list[str]:
    """Danish messages for a staff-written subject or text: syntax, unknown values, no link."""
    try:
        names = meta.find_undeclared_variables(MAIL_ENV.parse(source))
    except TemplateSyntaxError as error:
        return [f"Teksten har en fejl på linje {error.lineno}: {error.message}"]
    problems = [
        f"'{{{{ {name} }}}}' er ikke en kendt værdi (brug {', '.join(TEMPLATE_VALUES)})"
        for name in sorted(names - TEMPLATE_VALUES.keys())
    ]
    if must_have_link and "link" not in names:
        problems.append("Teksten skal indeholde {{ link }}, ellers kan modtageren ikke svare.")
    return problems


def deadline_text(moment: datetime) -> str:
    """"fredag 1. oktober 2027 kl. 12.00" in the current locale (Copenhagen time)."""
    return format_datetime(moment, "EEEE d. MMMM y 'kl.' HH.mm")


def form_title(slug: str) -> str:
    definition = current_registry().get(slug)
    return str(definition.title) if definition is not None else slug


def link_for(token: str) -> str:
    """The absolute personal link `<PUBLIC_BASE_URL>/inviteret/<token>`."""
    return public_url("followup.form_invitation", token=token)


@lru_cache(maxsize=64)
def _compiled(source: str):
    return MAIL_ENV.from_string(source)


def _paragraphs(text: str, link: str) -> list[Markup]:
    """Plain text to HTML paragraphs; the personal link becomes the one clickable link."""
    anchor = Markup('<a href="{0}">{0}</a>').format(link)
    result = []
    for block in text.strip().split("\n\n"):
        html = escape(block).replace(escape(link), anchor)
        result.append(Markup("<br>\n").join(html.split("\n")))
    return result


def _values(invitation: FormInvitation, link: str) -> dict[str, str]:
    sending = invitation.sending
    return {
        "navn": invitation.recipient_name,
        "skema": form_title(sending.form_slug),
        "frist": deadline_text(sending.deadline_at),
        "link": link,
    }


def form_invited(invitation: FormInvitation, token: str) -> OutboxMessage:
    """The sending's own subject and text to one person, with the link for `token`."""
    sending = invitation.sending
    link = link_for(token)
    with force_locale("da"):
        values = _values(invitation, link)
        written = {"subject": _compiled(sending.subject).render(values),
                   "text": _compiled(sending.body).render(values)}
        text, html = render_body(KIND_INVITED, **written, title=written["subject"],
                                 paragraphs=_paragraphs(written["text"], link))
        subject = render_subject(KIND_INVITED, **written)
    return enqueue_with_link(KIND_INVITED, [invitation.recipient_email], subject, text, html)


def form_reminded(invitation: FormInvitation, token: str) -> OutboxMessage:
    """A reminder to someone who has not answered, with a fresh personal link."""
    link = link_for(token)
    with force_locale("da"):
        values = _values(invitation, link)
        context = {"name": values["navn"], "title": values["skema"],
                   "deadline": values["frist"], "link": link}
        text, html = render_body(KIND_REMINDED, **context)
        subject = render_subject(KIND_REMINDED, **context)
    return enqueue_with_link(KIND_REMINDED, [invitation.recipient_email], subject, text, html)
