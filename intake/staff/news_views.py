"""Staff pages of news to those who asked for it (issue 14 §4): the sendings and the current
consents per focus area (/staff/nyheder), a new sending (subject, text, an optional
published inspiration sheet, filters by focus area and trade) with a confirm-first preview
(how many current consents match, and the mail as it will look), and one sending's
recipients. Role SIGNUPS: the consents come from sign-ups, and the same role sends forms by
personal link (intake/staff/invitation_views.py)."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from intake.extensions import db
from intake.goals.models import FocusArea
from intake.invitations.linkmail import LINK
from intake.news import audit, service, sheets
from intake.news.forms import NewsForm
from intake.news.models import NewsSending
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.auth import current_staff
from intake.staff.preview import (
    CHANGED,
    CONFIRM_FIELD,
    DIGEST_FIELD,
    dry_run,
    is_confirmed,
    still_current,
)
from intake.staff.roles import Role, requires_role

audit.register()
CARRIED = ("subject", "body", "sheet", "trade")
SAMPLE_LINK = r"/\1/…"  # the preview's sample mail shows no token (it was rolled back anyway)


@bp.record_once
def _links(state) -> None:
    from intake.staff.nav import add_link

    add_link(state.app, "staff.news", _l("Nyheder"), 47, "/staff/nyheder")


@bp.get("/nyheder")
@requires_role(Role.SIGNUPS)
def news():
    counts = service.consent_counts()
    return render_template(
        "staff/news/list.html", sendings=service.sendings(),
        unsubscribed=service.unsubscribed_counts(), total=counts[""],
        per_area=[(area.label, counts[area.value]) for area in FocusArea],
        area_labels=service.area_labels,
    )


def _data(form: NewsForm) -> service.SendingData:
    return service.SendingData(
        subject=form.subject.data.strip(), body=form.body.data,
        areas=tuple(form.areas.data or ()), trade=(form.trade.data or "").strip(),
        sheet_id=form.sheet_id,
    )


def _filters(data: service.SendingData) -> str:
    parts = []
    if data.areas:
        names = ", ".join(service.area_labels(data.areas))
        parts.append(_("fokusområderne %(areas)s", areas=names))
    if data.trade:
        parts.append(_("branchen «%(trade)s»", trade=data.trade))
    return _(" og ").join(parts)


def _summary(sending: NewsSending) -> dict:
    """Read in the dry run, before its rollback: the count and the first mail as sent."""
    first = sending.invitations[0].message if sending.invitations else None
    return {
        "count": sending.recipient_count,
        "subject": first.subject if first else "",
        "text": LINK.sub(SAMPLE_LINK, first.body_text) if first else "",
    }


@bp.route("/nyheder/ny", methods=["GET", "POST"])
@requires_role(Role.SIGNUPS)
def news_new():
    """A valid form gets a preview (who and what; nothing is written); the confirmed POST
    sends, unless the preview has changed meanwhile (a consent given or withdrawn)."""
    form = NewsForm()
    if request.form.get("edit") == "1":  # "Ret mailen" on the preview: the form, filled in
        return render_template("staff/news/new.html", form=form)
    if form.validate_on_submit():
        data = _data(form)
        actor = getattr(current_staff(), "email", None)
        preview = dry_run(lambda: service.send(data, actor), summarise=_summary)
        count = preview.result["count"]
        if count == 0:
            form.areas.errors = [*form.areas.errors, _(
                "Ingen, der har sagt ja tak til nyheder, passer til filtrene. Intet er sendt.")
                if data.areas or data.trade else
                _("Ingen har sagt ja tak til nyheder endnu. Intet er sendt.")]
        else:
            preview.lines = [ngettext(
                "%(num)d person, der har sagt ja tak til nyheder, får mailen.",
                "%(num)d personer, der har sagt ja tak til nyheder, får mailen.", count)]
            if data.areas or data.trade:
                preview.lines.append(_("Kun dem, der har valgt %(filters)s.",
                                       filters=_filters(data)))
            if not (is_confirmed() and still_current(preview)):
                return _confirmation(form, data, preview)
            return _send(data, actor)
    status = 422 if form.errors else 200
    return render_template("staff/news/new.html", form=form), status


def _confirmation(form: NewsForm, data: service.SendingData, preview):
    fields = [(name, request.form.get(name, "")) for name in CARRIED]
    fields += [("areas", value) for value in data.areas]
    return render_template(
        "staff/news/confirm.html", preview=preview, sample=preview.result, fields=fields,
        sheet=sheets.find(data.sheet_id), changed=is_confirmed(), changed_message=CHANGED,
        confirm_field=CONFIRM_FIELD, digest_field=DIGEST_FIELD,
    )


def _send(data: service.SendingData, actor: str | None):
    sending = service.send(data, actor)
    record("news.send", f"news:{sending.id}", {
        "recipients": sending.recipient_count, "areas": list(data.areas),
        "trade": data.trade, "sheet": data.sheet_id,
    })
    flash(ngettext("Nyheden er sendt til %(num)d person.", "Nyheden er sendt til %(num)d personer.",
                   sending.recipient_count))
    return redirect(url_for(".news_sending", sending_id=sending.id), 303)


@bp.get("/nyheder/samtykker.xlsx")
@requires_role(Role.SIGNUPS)
def news_consents_xlsx():
    """The current consents as a workbook (intake/news/workbook.py), audited."""
    from intake.clock import local_now
    from intake.news.workbook import workbook
    from intake.staff.downloads import XLSX, send_download

    body = workbook()
    record("news.consents_export", "news:consents", {})
    return send_download(body, f"samtykker-nyheder-{local_now():%Y-%m-%d}.xlsx", XLSX)


@bp.get("/nyheder/<int:sending_id>")
@requires_role(Role.SIGNUPS)
def news_sending(sending_id: int):
    sending = db.session.get(NewsSending, sending_id)
    if sending is None:
        abort(404)
    invitations = service.invitations_of(sending)
    return render_template(
        "staff/news/sending.html", sending=sending, invitations=invitations,
        unsubscribed=sum(1 for inv in invitations if inv.unsubscribed_at),
        areas=service.area_labels(sending.areas), sheet=sheets.find(sending.sheet_id),
        paragraphs=re.split(r"\n\s*\n", sending.body.strip()),
    )
