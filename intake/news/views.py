"""Unsubscribing from news: /nyheder/afmeld/<token> on the invitee blueprint
(intake.followup.bp: no-store, no-referrer, the one limit on guessing links).

- GET shows one button, "Afmeld nyheder", and changes nothing: mail scanners follow links.
- POST unsubscribes at once, with no login and no CSRF token: it is also the one-click POST
  a mail client sends from the List-Unsubscribe-Post header, with the body
  `List-Unsubscribe=One-Click` and no cookie (RFC 8058 §3.2). The button's form posts the
  same body. Every current news consent of the address is withdrawn
  (`intake.consents.service.withdraw_email`, WithdrawnVia.UNSUBSCRIBE), the invitation
  notes when, a line is logged, and the answer is a confirmation page with 200. Repeating it
  is harmless. Someone who can forge the POST must know the link, which is all it takes.
- An unknown, expired, revoked or mistyped link gets the "not valid" page of personal links
  (404), counted by the guessing limit.

The pages speak the visitor's chosen language, and until they choose one the language the
consent was given in.
"""

from __future__ import annotations

from flask import render_template, request, session
from flask_babel import force_locale, get_locale

from intake.extensions import csrf
from intake.followup import bp
from intake.followup.guessing import INVALID_STATUS, guarded
from intake.invitations import tokens
from intake.invitations.models import InvitationKind
from intake.news import mails, service
from intake.news import policy as _policy  # noqa: F401  (registers the NEWS policy)
from intake.news.models import NewsInvitation


def _invitation(token: str) -> NewsInvitation | None:
    row = tokens.find(token, InvitationKind.NEWS)
    return row.invitation if row is not None else None


def _page(template: str, invitation: NewsInvitation | None, status: int = 200, **values):
    """The visitor's chosen language (intake.i18n.select_locale), else the consent's."""
    chosen = session.get("lang") is not None or invitation is None
    locale = str(get_locale()) if chosen else invitation.locale
    with force_locale(locale or "da"):
        return render_template(template, invitation=invitation, **values), status


@bp.route("/nyheder/afmeld/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 §3.2: the one-click POST carries no cookie and no token
@guarded
def news_unsubscribe(token: str):
    invitation = _invitation(token)
    if invitation is None:
        return _page("invitations/invalid.html", None, INVALID_STATUS)  # the common page
    if request.method == "POST":
        service.unsubscribe(invitation)
        return _page("news/unsubscribed.html", invitation)
    from intake.consents import service as consents

    return _page("news/unsubscribe.html", invitation, token=token, one_click=mails.ONE_CLICK,
                 is_subscribed=consents.is_current_email(invitation.email))
