"""What every editor view shares: the role check, the draft, saving with the revision check,
and the Danish message when someone else saved first."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from intake.clock import to_local
from intake.staff.auth import current_staff
from intake.staff.roles import Role, requires_role


def forms_role(view: Callable) -> Callable:
    """Every editor route: a logged-in staff member with the forms role."""
    return requires_role(Role.FORMS)(view)


def store():
    from intake.formdefs import store as module

    return module


def me() -> str:
    return current_staff().email


def draft_or_404(slug: str):
    try:
        return store().get_draft(slug)
    except store().UnknownForm:
        abort(404)


def posted_revision(form) -> int | None:
    try:
        return int(form.revision.data)
    except (TypeError, ValueError, AttributeError):
        return None


def save(slug: str, mapping: dict, form) -> tuple[object | None, str | None]:
    """Save the draft if nobody saved since the page was opened: (draft, None), or
    (None, the Danish conflict message) with nothing written."""
    s = store()
    revision = posted_revision(form)
    if revision is None:
        return None, _("Siden mangler sin versionsoplysning. Åbn siden igen.")
    try:
        return s.save_draft(slug, mapping, expected_revision=revision, by=me()), None
    except s.StaleDraft as error:
        return None, stale_message(error)


def stale_message(error) -> str:
    """'medarbejder2@… gemte skemaet kl. 10:42, mens du redigerede …' (the second editor)."""
    who = getattr(error, "updated_by", None) or _("en anden medarbejder")
    when = getattr(error, "updated_at", None)
    if when is not None:
        return _(
            "%(who)s gemte ændringer i skemaet kl. %(at)s, mens du redigerede. Dine "
            "ændringer er ikke gemt, og intet er overskrevet. Det, du skrev, står herunder; "
            "åbn siden igen for at se den nye udgave, og skriv dine ændringer ind der.",
            who=who,
            at=to_local(when).strftime("%H:%M"),
        )
    return _(
        "%(who)s gemte ændringer i skemaet, mens du redigerede. Dine ændringer er ikke "
        "gemt, og intet er overskrevet. Det, du skrev, står herunder; åbn siden igen for "
        "at se den nye udgave, og skriv dine ændringer ind der.",
        who=who,
    )


def back_to_form(slug: str, message: str | None = None):
    if message:
        flash(message)
    return redirect(url_for("staff.editor_form", slug=slug), 303)


def expired(slug: str):
    return back_to_form(slug, _("Siden var udløbet. Prøv igen."))
