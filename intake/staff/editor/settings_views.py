"""The form's own settings, one page per area, each a form generated from a list of
property descriptions (the same `props.build` as a field's properties):
general, capacity, confirmation mail, privacy notice, a monthly date rule; and the lists
(dates, eligibility rules) edited one entry at a time."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intake.staff import audit, bp
from intake.staff.editor import edits, props
from intake.staff.editor.common import draft_or_404, forms_role, save
from intake.staff.editor.settings_lists import LIST_TITLES, LISTS, _p


@dataclass(frozen=True)
class Section:
    name: str
    title: object
    where: str  # "" for the top level, else the key of a mapping in it ("capacity")
    properties: tuple
    intro: object = None


WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
PRIVACY = (
    ("controller", "Dataansvarlig", "Controller"),
    ("purpose", "Formål", "Purpose"),
    ("legal_basis", "Retsgrundlag", "Legal basis"),
    ("retention", "Opbevaring", "Retention"),
    ("rights", "Dine rettigheder", "Your rights"),
    ("contact", "Kontakt", "Contact"),
)
SECTIONS = {
    s.name: s
    for s in (
        Section(
            "generelt",
            _l("Generelt"),
            "",
            (
                _p("title", "Titel", "Title", "text", required=True),
                _p("intro", "Indledning", "Introduction", "text"),
                _p("opens", "Åbner (dato og klokkeslæt)", "Opens", "moment"),
                _p("closes", "Lukker (dato og klokkeslæt)", "Closes", "moment"),
                _p(
                    "listed",
                    "Vises på forsiden (ellers kun med link)",
                    "Listed on the front page",
                    "flag",
                    default=True,
                ),
                _p("notify", "Besked om nye tilmeldinger til (e-mail)", "Notify", "lines"),
                _p(
                    "retention_days",
                    "Slet tilmeldinger efter (dage)",
                    "Retention (days)",
                    "integer",
                ),
                _p("archive", "Arkivér (vises ikke længere)", "Archive", "flag", default=False),
            ),
        ),
        Section(
            "kapacitet",
            _l("Kapacitet og venteliste"),
            "capacity",
            (
                _p(
                    "per",
                    "Pladser tælles pr.",
                    "Counted per",
                    "choice",
                    allowed=("form", "option", "occasion"),
                ),
                _p("field", "Felt med valgmuligheder (ved pr. option)", "Field", "string"),
                _p("seats", "Antal pladser", "Seats", "integer"),
                _p(
                    "people",
                    "Felt med deltagere (tæller hver række som en plads)",
                    "People",
                    "string",
                ),
                _p(
                    "waiting_list",
                    "Venteliste, når der er fuldt",
                    "Waiting list",
                    "flag",
                    default=False,
                ),
            ),
            _l("Lad antal pladser stå tomt for ubegrænset."),
        ),
        Section(
            "mail",
            _l("Bekræftelsesmail"),
            "confirmation",
            (
                _p("subject", "Emne", "Subject", "text"),
                _p("body", "Brødtekst", "Body", "text"),
            ),
            _l("Indsæt svarene med {{ nøgle }}. Vælg en nøgle fra listen og tryk «Indsæt»."),
        ),
        Section(
            "privatliv",
            _l("Oplysning om behandling af personoplysninger"),
            "privacy",
            tuple(_p(name, da, en, "text") for name, da, en in PRIVACY),
        ),
        Section(
            "maanedlig",
            _l("Fast dag hver måned"),
            "occasions.every_month",
            (
                _p("weekday", "Ugedag", "Weekday", "choice", allowed=WEEKDAYS),
                _p("nth", "Hvilken i måneden (1-4, -1 = sidste)", "Which", "integer"),
                _p("start", "Starter (tt:mm)", "Starts", "string"),
                _p("end", "Slutter (tt:mm)", "Ends", "string"),
                _p("count", "Antal datoer frem", "Count", "integer"),
                _p("place", "Sted", "Place", "text"),
                _p("capacity", "Pladser pr. dato", "Seats per date", "integer"),
                _p(
                    "skip_holidays", "Spring helligdage over", "Skip holidays", "flag", default=True
                ),
            ),
        ),
    )
}


def with_field_lists(properties, mapping: dict) -> list[dict]:
    """Properties that name a field become a list of the form's fields to choose from:
    `field` (a field with options, or any answered field for eligibility), `people` (a
    repeat)."""
    from intake.formdefs.types import REGISTRY

    fields = [f for f in mapping.get("fields") or [] if isinstance(f, dict)]

    def keys(test) -> tuple[str, ...]:
        return tuple(
            str(f.get("key"))
            for f in fields
            if str(f.get("type")) in REGISTRY and test(f, REGISTRY[str(f["type"])])
        )

    lists = {
        "field": keys(lambda f, t: t.has_input and not t.rows),
        "people": keys(lambda f, t: t.rows),
    }
    out = []
    for p in properties:
        if p["name"] in lists and p["kind"] == "string":
            p = p | {
                "kind": "choice",
                "allowed": list(lists[p["name"]]),
                "empty": _l("(intet felt)"),
            }
        out.append(p)
    return out


def _target(mapping: dict, where: str) -> dict:
    node = mapping
    for part in [p for p in where.split(".") if p]:
        value = node.get(part) if isinstance(node, dict) else None
        node = value if isinstance(value, dict) else {}
    return node


def _put(mapping: dict, where: str, value: dict) -> dict:
    """The mapping with the dict at `where` replaced (an empty dict removes the key)."""
    new = dict(mapping)
    if not where:
        return value
    head, _sep, rest = where.partition(".")
    inner = _put(_target(mapping, head), rest, value) if rest else value
    if inner:
        new[head] = inner
    else:
        new.pop(head, None)
    return new


@bp.route("/skemaer/<slug>/indstillinger/<section>", methods=["GET", "POST"])
@forms_role
def editor_settings(slug: str, section: str):
    if section in LISTS:
        return LISTS[section](slug)
    if section not in SECTIONS:
        abort(404)
    spec = SECTIONS[section]
    draft = draft_or_404(slug)
    form_cls, inputs = props.build(
        with_field_lists(spec.properties, draft.mapping), f"Settings_{section}"
    )
    current = _target(draft.mapping, spec.where)
    conflict = notice = None
    if request.method == "POST":
        form = form_cls()
        if form.validate_on_submit():
            if section == "mail" and request.form.get("insert"):
                notice = _insert(form, request.form.get("placeholder", ""), draft.mapping)
            else:
                mapping = _put(draft.mapping, spec.where, props.apply_inputs(current, form, inputs))
                if section == "maanedlig":
                    mapping = _only_rule(mapping)
                saved, conflict = save(slug, mapping, form)
                if saved is not None:
                    audit.record("form.settings", f"form:{slug}", {"section": section})
                    flash(_("Indstillingerne er gemt."))
                    return redirect(
                        url_for("staff.editor_settings", slug=slug, section=section), 303
                    )
    else:
        form = form_cls(data=props.form_data(current, inputs) | {"revision": draft.revision})
    return render_template(
        "staff/editor/settings.html",
        draft=draft,
        spec=spec,
        form=form,
        inputs=inputs,
        section=section,
        conflict=conflict,
        sections=SECTIONS,
        lists=LIST_TITLES,
        notice=notice,
        placeholders=edits.placeholders(draft.mapping) if section == "mail" else [],
    ), 409 if conflict else (422 if form.errors else 200)


def _only_rule(mapping: dict) -> dict:
    """A monthly rule replaces a list of dates (a form has one or the other)."""
    occasions = mapping.get("occasions")
    if isinstance(occasions, dict):
        return mapping | {"occasions": {"every_month": occasions.get("every_month", {})}}
    return mapping


def _insert(form, key: str, mapping: dict) -> str | None:
    """Add '{{ key }}' to the end of the Danish body (and the English one if written);
    nothing is saved until "Gem" (what was typed stays on the page)."""
    if key not in edits.placeholders(mapping):
        form["body__da"].errors = [_("Vælg en nøgle fra listen.")]
        return None
    for name in ("body__da", "body__en"):
        if name == "body__da" or form[name].data:
            form[name].data = (form[name].data or "").rstrip() + " {{ " + key + " }}"
    return _("{{ %(key)s }} er indsat i brødteksten. Tryk «Gem» for at gemme.", key=key)
