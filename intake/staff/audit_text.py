"""The audit log in Danish for staff: one sentence per entry, made from its structured data.

Entries keep their codes and details as stored (`signup.cancel`, `{"promoted": [...]}`);
only the page reads them out: "Afmeldte tilmelding HE-ABC123 (Det gode arbejdsliv)". Names
come from the form definitions (option and date labels) and from the rows the entry points
at, read now; a row that has since been deleted or erased is named by its kind alone, so
the log never brings erased personal data back. An action added later without a sentence
here is still shown, with its details as readable "key: value" text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.outbox.kinds import kind_label
from intake.staff.models import AuditEntry

ACTIONS = {
    "signup.create": _l("Tilmelding oprettet"),
    "signup.cancel": _l("Tilmelding afmeldt"),
    "signup.cancel_date": _l("Dato afmeldt"),
    "signup.promote": _l("Rykket op fra venteliste"),
    "signup.move": _l("Tilmelding flyttet"),
    "capacity.change": _l("Kapacitet ændret"),
    "mail.resend": _l("Mail sendt igen"),
    "export.xlsx": _l("Regneark hentet"),
    "export.csv": _l("CSV hentet"),
    "file.download": _l("Vedhæftet fil hentet"),
    "gdpr.find": _l("GDPR: person søgt frem"),
    "gdpr.access_export": _l("GDPR: indsigt hentet"),
    "gdpr.erase": _l("GDPR: person slettet"),
    "staff.login": _l("Logget ind"),
    "staff.login_failed": _l("Mislykket login"),
    "staff.logout": _l("Logget ud"),
    "staff.create": _l("Medarbejderkonto oprettet"),
    "staff.disable": _l("Medarbejderkonto spærret"),
    "staff.enable": _l("Medarbejderkonto åbnet"),
    "staff.set_password": _l("Adgangskode sat"),
    "staff.roles": _l("Roller ændret"),
    "staff.password_link": _l("Engangslink sendt"),
    "staff.password_link_used": _l("Adgangskode valgt via engangslink"),
    "staff.own_password": _l("Egen adgangskode skiftet"),
    "goal.create": _l("Mål oprettet"),
    "goal.update": _l("Mål rettet"),
    "goal.delete": _l("Mål slettet"),
    "goal.add_owner": _l("Målejer tilføjet"),
    "goal.remove_owner": _l("Målejer fjernet"),
    "goal.import": _l("Mål importeret"),
    "period.create": _l("Periode oprettet"),
    "period.dates": _l("Periodens datoer rettet"),
    "period.carry_forward": _l("Næste periode startet"),
    "round.create": _l("Runde oprettet"),
    "round.update": _l("Runde rettet"),
    "round.start": _l("Runde startet"),
    "round.remind_now": _l("Påmindelser sendt"),
    "round.resend": _l("Invitation sendt igen"),
    "round.revoke": _l("Links lukket"),
    "round.add_owner": _l("Målejer tilføjet til runde"),
    "round.export": _l("Runderegneark hentet"),
    "round.accept_late": _l("Sent svar taget med"),
    "owner.change_email": _l("Målejers e-mail ændret"),
}

COUNT_NOUNS = {
    "signups": (_l("tilmelding"), _l("tilmeldinger")),
    "outbox": (_l("mail"), _l("mails")),
    "goal_owners": (_l("post om en målejer"), _l("poster om en målejer")),
    "jobs": (_l("ventende forespørgsel"), _l("ventende forespørgsler")),
    "signup_versions": (_l("tidligere version af svar"), _l("tidligere versioner af svar")),
    "files": (_l("vedhæftet fil"), _l("vedhæftede filer")),
}


def action_label(code: str) -> str:
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def _ref(target: str | None, prefix: str) -> str:
    return target[len(prefix) :] if target and target.startswith(prefix) else ""


def _definition(slug: str | None):
    return current_registry().get(slug) if slug else None


def _form_title(slug: str | None) -> str:
    definition = _definition(slug)
    return str(definition.title) if definition is not None else (slug or "")


def _bucket(slug: str | None, bucket: str | None) -> str:
    from intake.signups import buckets

    definition = _definition(slug)
    if definition is None or not bucket:
        return bucket or ""
    return buckets.label(definition, bucket)


def _signup_facts(reference: str, details: dict) -> tuple[str | None, list[str]]:
    """The form and buckets an entry is about: stored in newer entries, else read now."""
    from intake.signups.models import Signup

    slug, where = details.get("form"), details.get("buckets")
    if slug is None or where is None:
        signup = db.session.scalar(sa.select(Signup).where(Signup.reference == reference))
        if signup is not None:
            slug = slug or signup.form_slug
            where = where if where is not None else [b.bucket for b in signup.bookings]
    return slug, list(where or [])


def _promoted(details: dict) -> str:
    refs = details.get("promoted") or []
    return (
        _("; %(n)d rykket op fra ventelisten: %(refs)s", n=len(refs), refs=", ".join(refs))
        if refs
        else ""
    )


def _signup_cancel(entry: AuditEntry, d: dict) -> str:
    reference = _ref(entry.target, "signup:")
    slug, where = _signup_facts(reference, d)
    labels = ", ".join(dict.fromkeys(_bucket(slug, b) for b in where)) or _form_title(slug)
    return _("Afmeldte tilmelding %(ref)s (%(where)s)", ref=reference, where=labels) + _promoted(d)


def _signup_cancel_date(entry: AuditEntry, d: dict) -> str:
    reference = _ref(entry.target, "signup:")
    slug, _where = _signup_facts(reference, d)
    text = _(
        "Afmeldte %(where)s af tilmelding %(ref)s; de andre datoer står fast",
        where=_bucket(slug, d["bucket"]),
        ref=reference,
    )
    return text + _promoted(d)


def _signup_promote(entry: AuditEntry, d: dict) -> str:
    reference = _ref(entry.target, "signup:")
    slug, _where = _signup_facts(reference, d)
    text = _(
        "Rykkede tilmelding %(ref)s op fra ventelisten til %(where)s",
        ref=reference,
        where=_bucket(slug, d.get("bucket")),
    )
    return text + (" " + _("(over kapaciteten)") if d.get("over_capacity") else "")


def _signup_move(entry: AuditEntry, d: dict) -> str:
    reference = _ref(entry.target, "signup:")
    slug, _where = _signup_facts(reference, d)
    text = _(
        "Flyttede tilmelding %(ref)s fra %(old)s til %(new)s",
        ref=reference,
        old=_bucket(slug, d.get("from")),
        new=_bucket(slug, d.get("to")),
    )
    if d.get("status") == "waitlisted":
        text += " " + _("(på ventelisten)")
    return text + _promoted(d)


def _signup_create(entry: AuditEntry, d: dict) -> str:
    reference = _ref(entry.target, "signup:")
    slug, _where = _signup_facts(reference, d)
    return _(
        "Oprettede tilmelding %(ref)s (%(form)s) for en, der henvendte sig",
        ref=reference,
        form=_form_title(slug),
    )


def _capacity(entry: AuditEntry, d: dict) -> str:
    rest = _ref(entry.target, "bucket:")
    slug, _sep, bucket = rest.partition(":")
    slug, bucket = d.get("form", slug), d.get("bucket", bucket)
    unlimited = _("ubegrænset")
    return _(
        "Ændrede kapaciteten for %(where)s (%(form)s) fra %(old)s til %(new)s",
        where=_bucket(slug, bucket),
        form=_form_title(slug),
        old=d["from"] if d.get("from") is not None else unlimited,
        new=d["to"] if d.get("to") is not None else unlimited,
    )


def _counts(counts: dict) -> str:
    parts = []
    for key, n in sorted((counts or {}).items()):
        one, many = COUNT_NOUNS.get(key, (key, key))
        parts.append(f"{n} {one if int(n) == 1 else many}")
    return ", ".join(parts)


def _gdpr_find(_entry: AuditEntry, d: dict) -> str:
    return (
        _("Søgte en person frem på e-mail")
        if d.get("kind") == "email"
        else _("Søgte en person frem på telefonnummer")
    )


def _gdpr_access(_entry: AuditEntry, d: dict) -> str:
    return _("Hentede alt om en person som regneark (%(n)s rækker)", n=d.get("rows", 0))


def _gdpr_erase(_entry: AuditEntry, d: dict) -> str:
    return _("Slettede alt om en person: %(what)s", what=_counts(d.get("counts") or {}))


def _staff_account(entry: AuditEntry, verb: str) -> str:
    from intake.staff.models import StaffUser

    user_id = _ref(entry.target, "staff:")
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return verb % {"who": user.email if user else _("konto nr. %(id)s", id=user_id)}


def _staff_roles(entry: AuditEntry, d: dict) -> str:
    from intake.staff.roles import Role

    names = [str(Role(code).label) for code in d.get("after", []) if code in set(Role)]
    roles = ", ".join(names) if names else _("ingen roller")
    return _("Gav %(who)s rollerne: %(roles)s", who=_staff_account(entry, "%(who)s"), roles=roles)


def _export(entry: AuditEntry, d: dict) -> str:
    title = _form_title(_ref(entry.target, "form:"))
    how = _("med koder") if d.get("codes") else _("med tekster")
    if entry.action == "export.csv":
        return _("Hentede CSV for %(form)s (%(how)s)", form=title, how=how)
    return _("Hentede regneark for %(form)s (%(how)s)", form=title, how=how)


def _mail_resend(entry: AuditEntry, d: dict) -> str:
    return _(
        "Sendte mail nr. %(id)s igen (%(kind)s)",
        id=_ref(entry.target, "mail:"),
        kind=kind_label(d.get("kind", "")),
    )


def _goal_title(target: str | None) -> str:
    from intake.goals.models import Goal

    goal_id = _ref(target, "goal:")
    goal = db.session.get(Goal, int(goal_id)) if goal_id.isdigit() else None
    return f"«{goal.title}»" if goal else _("nr. %(id)s (slettet)", id=goal_id)


def _owner_name(owner_id) -> str:
    from intake.goals.models import Owner

    owner = db.session.get(Owner, owner_id) if isinstance(owner_id, int) else None
    return owner.name if owner is not None else _("en slettet målejer")


def _round_title(round_id) -> str:
    from intake.rounds.models import Round

    round_ = db.session.get(Round, int(round_id)) if str(round_id).isdigit() else None
    return f"«{round_.title}»" if round_ else _("nr. %(id)s", id=round_id)


def _invitation(target: str | None) -> tuple[str, str]:
    from intake.rounds.models import Invitation

    inv_id = _ref(target, "invitation:")
    invitation = db.session.get(Invitation, int(inv_id)) if inv_id.isdigit() else None
    if invitation is None:
        return _("en slettet målejer"), ""
    return invitation.owner.name, _round_title(invitation.round_id)


def _goals(entry: AuditEntry, d: dict) -> str:
    title, year = _goal_title(entry.target), _ref(entry.target, "period:")
    texts = {
        "goal.create": lambda: _("Oprettede målet %(goal)s", goal=title),
        "goal.update": lambda: _("Rettede målet %(goal)s", goal=title),
        "goal.delete": lambda: (
            _("Slettede målet «%(goal)s» (%(year)s)", goal=d["title"], year=d.get("year", ""))
            if d.get("title")
            else _("Slettede mål nr. %(id)s", id=_ref(entry.target, "goal:"))
        ),
        "goal.add_owner": lambda: _(
            "Gjorde %(owner)s til målejer af %(goal)s",
            owner=_owner_name(d.get("owner")),
            goal=title,
        ),
        "goal.remove_owner": lambda: _(
            "Fjernede %(owner)s som målejer af %(goal)s",
            owner=_owner_name(d.get("owner")),
            goal=title,
        ),
        "goal.import": lambda: _(
            "Importerede %(n)s mål til %(year)s", n=d.get("goals", 0), year=year
        ),
        "period.create": lambda: _("Oprettede perioden %(year)s", year=year),
        "period.dates": lambda: _("Rettede datoerne for %(year)s", year=year),
        "period.carry_forward": lambda: _(
            "Førte %(n)s åbne mål fra %(year)s videre til %(to)s",
            n=d.get("goals", 0),
            year=year,
            to=d.get("to", ""),
        ),
    }
    return texts[entry.action]()


def _rounds(entry: AuditEntry, d: dict) -> str:
    title = _round_title(_ref(entry.target, "round:"))
    texts = {
        "round.create": lambda: _("Oprettede runden %(round)s", round=title),
        "round.update": lambda: _("Rettede runden %(round)s", round=title),
        "round.start": lambda: _(
            "Startede runden %(round)s og inviterede %(n)s målejere",
            round=title,
            n=d.get("invited", 0),
        ),
        "round.remind_now": lambda: _(
            "Sendte %(n)s påmindelser i runden %(round)s", n=d.get("sent", 0), round=title
        ),
        "round.export": lambda: _(
            "Hentede %(what)s for runden %(round)s",
            round=title,
            what=_("statusrapporten")
            if "status" in str(d.get("workbook"))
            else _("opfølgningsregnearket"),
        ),
        "round.add_owner": lambda: _(
            "Tilføjede %(owner)s som målejer af %(goal)s i runden %(round)s",
            owner=_owner_name(d.get("owner")),
            round=title,
            goal=_goal_title(f"goal:{d.get('goal')}"),
        ),
    }
    return texts[entry.action]()


def _invitations(entry: AuditEntry, d: dict) -> str:
    if entry.action == "owner.change_email":
        owner_id = _ref(entry.target, "owner:")
        return _(
            "Ændrede e-mailen for %(owner)s; %(n)s invitationer sendt igen til den nye adresse",
            owner=_owner_name(int(owner_id) if owner_id.isdigit() else None),
            n=d.get("reissued", 0),
        )
    owner, round_title = _invitation(entry.target)
    round_title = round_title or _("(ukendt runde)")
    if entry.action == "round.accept_late":
        return _(
            "Tog et sent svar fra %(owner)s med i runden %(round)s som version %(n)s",
            owner=owner, round=round_title, n=d["version"],
        )
    if entry.action == "round.resend":
        return _("Sendte invitationen i runden %(round)s igen til %(owner)s",
                 owner=owner, round=round_title)
    return _(
        "Lukkede %(n)s links for %(owner)s i runden %(round)s",
        n=d.get("links", 0),
        owner=owner,
        round=round_title,
    )


DESCRIBERS: dict[str, Callable[[AuditEntry, dict], str]] = {
    "signup.cancel": _signup_cancel,
    "signup.cancel_date": _signup_cancel_date,
    "signup.promote": _signup_promote,
    "signup.move": _signup_move,
    "signup.create": _signup_create,
    "capacity.change": _capacity,
    "gdpr.find": _gdpr_find,
    "gdpr.access_export": _gdpr_access,
    "gdpr.erase": _gdpr_erase,
    "staff.login": lambda e, d: _("Loggede ind"),
    "staff.login_failed": lambda e, d: _staff_account(e, _("Forkert adgangskode til %(who)s")),
    "staff.logout": lambda e, d: _("Loggede ud"),
    "staff.create": lambda e, d: _staff_account(e, _("Oprettede medarbejderkontoen %(who)s")),
    "staff.disable": lambda e, d: _staff_account(e, _("Spærrede medarbejderkontoen %(who)s")),
    "staff.enable": lambda e, d: _staff_account(e, _("Åbnede medarbejderkontoen %(who)s igen")),
    "staff.set_password": lambda e, d: _staff_account(e, _("Satte ny adgangskode for %(who)s")),
    "staff.roles": _staff_roles,
    "staff.password_link": lambda e, d: _staff_account(
        e, _("Sendte et nyt engangslink til %(who)s")),
    "staff.password_link_used": lambda e, d: _staff_account(
        e, _("%(who)s valgte sin adgangskode via engangslinket")),
    "staff.own_password": lambda e, d: _("Skiftede sin egen adgangskode"),
    "export.xlsx": _export,
    "export.csv": _export,
    "file.download": lambda e, d: _(
        "Hentede en vedhæftet fil fra en målejers svar i en opfølgningsrunde")
    if (e.target or "").startswith("invitation:") else _(
        "Hentede en vedhæftet fil fra tilmelding %(ref)s", ref=_ref(e.target, "signup:")),
    "mail.resend": _mail_resend,
    **dict.fromkeys(
        (
            "goal.create",
            "goal.update",
            "goal.delete",
            "goal.add_owner",
            "goal.remove_owner",
            "goal.import",
            "period.create",
            "period.dates",
            "period.carry_forward",
        ),
        _goals,
    ),
    **dict.fromkeys(
        (
            "round.create",
            "round.update",
            "round.start",
            "round.remind_now",
            "round.export",
            "round.add_owner",
        ),
        _rounds,
    ),
    **dict.fromkeys(
        ("round.resend", "round.revoke", "round.accept_late", "owner.change_email"), _invitations
    ),
}


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    return str(value)


def describe(entry: AuditEntry) -> str:
    """One Danish sentence for the entry; never raises (a log page must always open)."""
    details = entry.details or {}
    describer = DESCRIBERS.get(entry.action)
    if describer is not None:
        try:
            return describer(entry, details)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # an older entry without the expected details: shown plainly below
    text = action_label(entry.action)
    if details:
        text += " (" + "; ".join(f"{k}: {_plain(v)}" for k, v in details.items()) + ")"
    return text
