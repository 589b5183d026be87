"""Preview: the draft as the public will see it, under a "Forhåndsvisning" banner, with the
public form template and the one builder of respondent forms. A test sign-up is validated
like a real one but never stored; its confirmation goes to the staff member alone, through
the outbox."""

from __future__ import annotations

from flask import flash, get_template_attribute, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from intake.formdefs.builder import build_form_class
from intake.public.opening import window
from intake.signups import availability
from intake.staff import audit, bp
from intake.staff.editor.common import draft_or_404, forms_role, me, store

PREVIEW_REFERENCE = "PREVIEW"


def draft_definition(draft):
    """The draft as a FormDef, or (None, the checker's problems)."""
    from intake.formdefs.loader import load_mapping

    definition, problems = load_mapping(draft.mapping, f"{draft.slug} (kladde)")
    return definition, problems


def _fresh_fields(definition, form, seats) -> Markup:
    """The fields rendered every time: the public page's cache is per published version,
    and a draft changes under the same version number."""
    macro = get_template_attribute("public/_fields.html", "render_field")
    return Markup("\n").join(
        macro(definition, fdef, form[fdef.key] if fdef.has_input else None, seats)
        for fdef in definition.fields
    )


@bp.route("/skemaer/<slug>/forhaandsvisning", methods=["GET", "POST"])
@forms_role
def editor_preview(slug: str):
    draft = draft_or_404(slug)
    definition, problems = draft_definition(draft)
    if definition is None or definition.kind != "signup":
        return render_template(
            "staff/editor/preview_broken.html",
            draft=draft,
            problems=store().check(draft.mapping),
            is_followup=definition is not None,
        ), 200
    form = build_form_class(definition)()
    if form.validate_on_submit() and not form.is_bot():
        _mail_staff(definition, form.answers())
        audit.record("form.preview_signup", f"form:{slug}")
        flash(
            _(
                "Prøvetilmeldingen var gyldig. Den er ikke gemt; bekræftelsen er sendt til "
                "%(email)s alene.",
                email=me(),
            )
        )
        return redirect(url_for("staff.editor_preview", slug=slug), 303)
    state = window(definition)
    return render_template(
        "staff/editor/preview.html",
        definition=definition,
        form=form,
        draft=draft,
        seats=availability.seats_left(definition, form.occasions),
        window=state,
        form_fields=_fresh_fields,
    )


def _mail_staff(definition, answers: dict) -> None:
    """The confirmation the person would get, to the staff member only; nothing stored but
    the outbox row (no sign-up, no booking, no calendar event)."""
    from flask_babel import force_locale

    from intake.mails.rendering import render_body
    from intake.outbox.service import add, prepare
    from intake.signups import mails
    from intake.signups.models import Signup

    signup = Signup(
        reference=PREVIEW_REFERENCE,
        form_slug=definition.slug,
        form_version=definition.version,
        answers=answers,
        locale="da",
        email=me(),
    )
    signup.bookings = []
    with force_locale("da"):
        context = mails._signup_context(definition, signup)  # noqa: SLF001 (same mail)
        subject, intro = mails._confirmation_texts(definition, context)  # noqa: SLF001
        context["intro"] = intro
        text, html = render_body("signup_received", **context)
    subject = _("[Forhåndsvisning] %(subject)s", subject=subject or definition.title.da)
    add(prepare("signup_received", [me()], subject, text, html))
