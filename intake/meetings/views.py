"""The RSVP page of a meeting invitation: /moeder/<token> on the invitee blueprint.

The GET shows the meeting and the answer form (the current answer chosen) and changes
nothing, since mail scanners open links. The POST (CSRF checked here, so an expired page
keeps what was typed) records the answer through `service.answer` under the invitation's
row lock and redirects (303) back. After the RSVP deadline, or for a cancelled meeting, the
page says so and shows the answer without a form. Every kind of bad link gets one "not
valid" page with status 404, counted by the followup blueprint's guessing limit; it links to
/moeder/mistet-link, which leads to the one "Har du mistet linket?" page of every personal
link (intake/followup/views.py lost_link; the job sends the meetings' links too).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from intake.extensions import csrf
from intake.followup import bp
from intake.followup.guessing import INVALID_STATUS, guarded
from intake.invitations import tokens
from intake.invitations.models import InvitationKind
from intake.mails.calendar import Method
from intake.meetings import calendar, mails, service
from intake.meetings.models import MeetingInvitation, RsvpAnswer
from intake.staff.downloads import send_download

ANSWER_VALUES = [a.value for a in RsvpAnswer]


class RsvpForm(FlaskForm):
    answer = RadioField(
        _l("Deltager du?"),
        choices=[SelectChoice(a.value, a.label) for a in RsvpAnswer],
        validators=[InputRequired(_l("Vælg Ja, Nej eller Måske.")),
                    AnyOf(ANSWER_VALUES, message=_l("Vælg Ja, Nej eller Måske."))],
        validate_choice=False,  # AnyOf says it in Danish
    )
    comment = TextAreaField(
        _l("Kommentar (frivillig)"),
        description=_l("Fx om mad eller allergier."),
        validators=[Optional(), Length(max=service.COMMENT_MAX, message=_l(
            "Kommentaren må højst være %(max)d tegn.", max=service.COMMENT_MAX))],
    )


def invalid_link():
    return render_template("meetings/invalid.html"), INVALID_STATUS


def _invitation(token: str) -> MeetingInvitation | None:
    row = tokens.find(token, InvitationKind.MEETING)
    return row.invitation if row is not None else None


@bp.get("/moeder/mistet-link")
def meeting_lost_link():
    """A stable address for a lost meeting link (the "not valid" page links here): 302 to the
    lost-link page, which sends fresh links for rounds and meetings alike. A static segment,
    so it wins over /moeder/<token> and is never counted as a guess."""
    return redirect(url_for(".lost_link"), 302)


@bp.route("/moeder/<token>", methods=["GET", "POST"])
@csrf.exempt  # checked by the form, so an expired page keeps the answer typed
@guarded
def meeting_rsvp(token: str):
    invitation = _invitation(token)
    if invitation is None:
        return invalid_link()
    meeting = invitation.meeting
    status = 200
    if request.method == "POST":
        form = RsvpForm()
        if not meeting.is_rsvp_open:
            status = 409  # closed while the page was open: say so, keep nothing
        elif form.validate():
            chosen = RsvpAnswer(form.answer.data)
            recorded = service.answer(invitation, chosen, form.comment.data or "")
            service.opened(invitation)  # after the lock's re-read, which would undo it
            if recorded:
                flash(_("Tak, dit svar er registreret: %(answer)s.", answer=chosen.label))
            else:
                flash(_("Fristen for at svare er overskredet, så dit svar blev ikke gemt."))
            return redirect(url_for(".meeting_rsvp", token=token), 303)
        else:
            status = 400
    else:
        form = RsvpForm(formdata=None, data={
            "answer": invitation.answer.value if invitation.answer else None,
            "comment": invitation.comment,
        })
    return render_template(
        "meetings/rsvp.html", form=form, meeting=meeting, invitation=invitation, token=token,
        when=mails.when(meeting), deadline=mails.deadline_text(meeting),
    ), status


@bp.get("/moeder/<token>/kalender.ics")
@guarded
def meeting_ics(token: str):
    """The meeting as a calendar file, as the mails carry it (a cancelled one as CANCEL)."""
    invitation = _invitation(token)
    if invitation is None:
        return invalid_link()
    method = Method.CANCEL if invitation.meeting.is_cancelled else Method.REQUEST
    body = calendar.ics(invitation.meeting, invitation, method).encode("utf-8")
    return send_download(body, "moede.ics", "text/calendar; charset=utf-8")
