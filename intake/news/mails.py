"""The news mail, one function per event: `news_message` (the sending's own subject and text
to one person who consented, issue 14 §4). It renders templates/mail/news_message.txt,
.html and .subject.txt (intake/mails/rendering.py) in the consent's language and is queued by
the engine's `linkmail.enqueue_with_link`, so the stored copy loses its link once sent.

Every news mail carries its way out twice (RFC 8058, GDPR art. 7(3)): a visible "Afmeld
nyheder" link, and the headers `List-Unsubscribe: <https://…/nyheder/afmeld/<token>>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail client can unsubscribe with one
POST. RFC 8058 §3.1 requires an HTTPS URI for the one-click header, so it is left out when
PUBLIC_BASE_URL is plain http (a development machine); the link and List-Unsubscribe stay.

The staff-written subject and text are plain text, never compiled as a template.
"""

from __future__ import annotations

from flask_babel import force_locale, format_date
from markupsafe import Markup, escape

from intake.clock import local_date
from intake.i18n import date_pattern
from intake.invitations.linkmail import enqueue_with_link
from intake.links import public_url
from intake.mails.rendering import render_body, render_subject
from intake.news import sheets
from intake.news.models import NewsInvitation, NewsSending
from intake.outbox.models import OutboxMessage

KIND = "news_message"
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058 §3.1, the header's and the POST's value


def unsubscribe_url(token: str) -> str:
    """The absolute link `<PUBLIC_BASE_URL>/nyheder/afmeld/<token>`."""
    return public_url("followup.news_unsubscribe", token=token)


def list_headers(link: str) -> dict[str, str]:
    """List-Unsubscribe (RFC 2369 §3.2), and RFC 8058's one-click header for an https link."""
    headers = {"List-Unsubscribe": f"<{link}>"}
    if link.startswith("https://"):
        headers["List-Unsubscribe-Post"] = ONE_CLICK
    return headers


def paragraphs(text: str) -> list[Markup]:
    """Plain text to HTML paragraphs: blank lines part them, single line breaks stay."""
    blocks = [block for block in text.replace("\r\n", "\n").strip().split("\n\n") if block]
    return [Markup("<br>\n").join(escape(line) for line in block.split("\n"))
            for block in blocks]


def consent_given(invitation: NewsInvitation) -> tuple[str, str] | None:
    """(form title, date in the current locale) of the consent the mail is sent under."""
    from intake.invitations.form_mails import form_title

    consent = invitation.consent
    if consent is None:
        return None
    day = format_date(local_date(consent.given_at), date_pattern("d. MMMM y"))
    return form_title(consent.form_slug), day


def context(sending: NewsSending, invitation: NewsInvitation, link: str,
            sheet: sheets.Sheet | None) -> dict:
    """What the templates need."""
    given = consent_given(invitation)
    return {
        "subject": sending.subject, "text": sending.body.strip(), "title": sending.subject,
        "paragraphs": paragraphs(sending.body), "sheet": sheet,
        "form_title": given[0] if given else "", "given_on": given[1] if given else "",
        "link": link,
    }


def news_message(invitation: NewsInvitation, token: str,
                 sheet: sheets.Sheet | None = None) -> OutboxMessage:
    """The sending's subject and text to one person, with their unsubscribe link for
    `token`, in the language they consented in; `sheet`: the sending's inspiration sheet
    (`sheets.find(sending.sheet_id)`, looked up once per sending by the caller)."""
    link = unsubscribe_url(token)
    with force_locale(invitation.locale or "da"):
        values = context(invitation.sending, invitation, link, sheet)
        text, html = render_body(KIND, **values)
        subject = render_subject(KIND, **values)
    return enqueue_with_link(KIND, [invitation.recipient_email], subject, text, html,
                             headers=list_headers(link))
