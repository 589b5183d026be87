"""Staff review a round's results and publish them on /erhvervspolitik (issue 14 §1): one
fieldset per answered goal (public title and description, what is shown), "Gem kladde",
then "Offentliggør" (confirm first) and "Træk tilbage" (confirm first). Reached from the
round's page; role GOALS. The work is intake.publishing.service's."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.publishing import service
from intake.publishing.forms import choices, field_name, publish_form
from intake.publishing.names import consenting, name_keys
from intake.rounds.models import Round
from intake.staff import bp
from intake.staff.audit import record
from intake.staff.auth import current_staff
from intake.staff.forms import ButtonForm
from intake.staff.preview import dry_run, is_confirmed, render_confirmation, still_current
from intake.staff.roles import Role, requires_role
from intake.staff.round_views import round_or_404

# The confirmation page posts the form back as hidden fields, without these.
_NOT_CARRIED = {"csrf_token", "confirm", "preview"}


@bp.record_once
def _audit(state) -> None:
    from intake.publishing import audit
    from intake.staff import audit_text

    audit_text.ACTIONS.update(audit.LABELS)
    audit_text.DESCRIBERS.update(dict.fromkeys(audit.LABELS, audit.describe))
    # The round page says next to its link whether the round is published.
    state.app.jinja_env.globals["publication_of"] = service.publication_of


def _consents(round_: Round, rows) -> dict[int, list]:
    keys = name_keys(round_)
    return {row.goal_id: consenting(round_, row.goal, keys) for row in rows}


def _render(round_: Round, publication, rows, form, consents, status: int = 200):
    for row in rows:  # nobody consented: the box cannot be ticked (and would do nothing)
        if not consents.get(row.goal_id):
            form[field_name(row.goal_id)].form.show_names.render_kw = {"disabled": True}
    return render_template(
        "staff/publish/publish.html", round=round_, publication=publication, rows=rows,
        form=form, consents=consents, field_name=field_name, button=ButtonForm(),
    ), status


@bp.route("/maal/runder/<int:round_id>/offentliggoerelse", methods=["GET", "POST"])
@requires_role(Role.GOALS)
def publication_page(round_id: int):
    round_ = round_or_404(round_id)
    publication = service.publication_of(round_)
    rows = service.rows_for(round_, publication)
    consents = _consents(round_, rows)
    form = publish_form(rows)
    if not form.is_submitted():
        return _render(round_, publication, rows, form, consents)
    if not form.validate():
        return _render(round_, publication, rows, form, consents)
    counts = {goal_id: len(owners) for goal_id, owners in consents.items()}
    chosen = choices(form, rows, counts)
    action = request.form.get("action")
    if action == "save" and not (publication and publication.is_published):
        service.save_draft(round_, chosen)
        record("publication.save", f"round:{round_.id}", {"goals": len(chosen)})
        flash(_("Kladden er gemt. Intet er vist offentligt, før du offentliggør."))
        return redirect(url_for(".publication_page", round_id=round_.id), 303)
    if action not in ("save", "publish"):
        abort(400)
    return _publish(round_, chosen)


def _publish(round_: Round, chosen: dict):
    staff_id = getattr(current_staff(), "id", None)
    preview = dry_run(
        lambda: service.publish(round_, chosen, staff_id),
        lambda publication: [
            (row.public_title, row.is_status_shown, row.is_comment_shown, row.is_names_shown)
            for row in publication.goals
        ],
    )
    shown = preview.result
    preview.lines = [
        _("Status for %(n)s mål fra %(year)s bliver vist på den offentlige side "
          "«Erhvervspolitikkens mål og status» for alle.", n=len(shown), year=round_.period.year),
        _("Kommentarer vises ved %(n)s mål; navne på målejere, der har sagt ja, ved %(m)s mål.",
          n=sum(1 for s in shown if s[2]), m=sum(1 for s in shown if s[3])),
        _("Fritekstsvar fra spørgeskemaet vises ikke."),
    ]
    if not (is_confirmed() and still_current(preview)):
        fields = {k: v for k, v in request.form.items() if k not in _NOT_CARRIED}
        fields["action"] = "publish"
        return render_confirmation(
            title=_("Offentliggør status fra «%(title)s»", title=round_.title),
            preview=preview, fields=fields, danger=False, changed=is_confirmed(),
            back=url_for(".publication_page", round_id=round_.id),
            action=url_for(".publication_page", round_id=round_.id),
            button=_("Ja, offentliggør"),
        )
    publication = service.publish(round_, chosen, staff_id)
    record("publication.publish", f"round:{round_.id}", {"goals": len(publication.goals)})
    flash(_("Status er offentliggjort på den offentlige side."))
    return redirect(url_for(".publication_page", round_id=round_.id), 303)


@bp.post("/maal/runder/<int:round_id>/offentliggoerelse/tilbagetraek")
@requires_role(Role.GOALS)
def withdraw_publication(round_id: int):
    round_ = round_or_404(round_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    publication = service.publication_of(round_)
    if publication is None or not publication.is_published:
        flash(_("Runden er ikke offentliggjort."))
        return redirect(url_for(".publication_page", round_id=round_.id), 303)
    preview = dry_run(lambda: service.withdraw(publication))
    preview.lines = [_(
        "Den offentlige side viser ikke længere status fra «%(title)s». Er en tidligere runde "
        "fra %(year)s offentliggjort, vises den i stedet.",
        title=round_.title, year=round_.period.year)]
    if not (is_confirmed() and still_current(preview)):
        return render_confirmation(
            title=_("Træk offentliggørelsen tilbage"), preview=preview, changed=is_confirmed(),
            back=url_for(".publication_page", round_id=round_.id),
            action=url_for(".withdraw_publication", round_id=round_.id),
            button=_("Ja, træk tilbage"),
        )
    service.withdraw(publication)
    record("publication.withdraw", f"round:{round_.id}")
    flash(_("Offentliggørelsen er trukket tilbage. Intet fra runden vises offentligt."))
    return redirect(url_for(".publication_page", round_id=round_.id), 303)
