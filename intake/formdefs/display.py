"""Answers as a person reads them: the receipt, the mails and the staff detail page."""

from __future__ import annotations

from intake.formdefs.schema import FormDef
from intake.formdefs.types import REGISTRY


def readable(definition: FormDef, answers: dict, fields=None) -> list[tuple[str, str]]:
    """`fields` picks another list than the form's own, e.g. a follow-up's goal_fields."""
    rows = []
    for fdef in definition.fields if fields is None else fields:
        if not fdef.has_input or fdef.key not in answers:
            continue
        value = answers.get(fdef.key)
        if value in (None, "", []):
            continue
        rows.append((str(fdef.label), REGISTRY[fdef.type].display(fdef, value)))
    return rows


def template_values(definition: FormDef, answers: dict) -> dict[str, str]:
    """Each answer by key, as display text, for the staff-written mail templates."""
    values = {}
    for fdef in definition.fields:
        if fdef.has_input:
            value = answers.get(fdef.key)
            values[fdef.key] = (
                REGISTRY[fdef.type].display(fdef, value) if value not in (None, []) else ""
            )
    return values


def condition_hint(definition: FormDef, condition) -> str:
    """'Only if you answered «Erhverv» to «Sektor»', for people who browse without JavaScript."""
    from flask_babel import gettext as _

    parts = []
    for name, values in condition.terms:
        fdef = definition.field(name)
        if fdef is None:
            continue
        shown = [REGISTRY[fdef.type].display(fdef, v) for v in sorted(values)]
        parts.append(
            _("«%(values)s» til «%(label)s»", values="» / «".join(shown), label=str(fdef.label))
        )
    return _("Besvares kun, hvis du har svaret %(parts)s.", parts=_(" og ").join(parts))


def contact_address(definition: FormDef | None) -> str:
    """The address a person writes to about this form: the first e-mail address in its privacy
    contact (every sign-up form has one, GDPR art. 13), else the first staff notify address,
    else the mail sender's. Used where a page or mail says whom to contact."""
    import re

    from intake.outbox.addresses import configured_sender

    texts = [definition.privacy.contact.da] if definition is not None and definition.privacy else []
    texts += list(definition.notify) if definition is not None else []
    for text in texts:
        match = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text or "")
        if match:
            return match.group(0)
    # The sender by the parser the start-up check used: a quoted display name may hold
    # an "@" or a "<…>" of its own, which a search of the raw setting would pick up.
    return configured_sender().address
