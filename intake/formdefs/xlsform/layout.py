"""Which column of which sheet holds which key of a definition mapping (forms/README.md,
"XLSForm"). Shared by the writer (export.py) and the reader (reader.py), so the two cannot
drift apart. The survey's columns follow from the field types' own descriptions
(`FieldType.properties`): a new type or property needs no code here.
"""

from __future__ import annotations

from intake.formdefs.loader import OPTION_KEYS
from intake.formdefs.types import REGISTRY
from intake.formdefs.xlsform.subset import DANISH, ENGLISH

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
INTAKE_SETTINGS, OCCASIONS, ELIGIBILITY = "intake_settings", "intake_occasions", \
    "intake_eligibility"
PREFIX = "intake::"
GOAL_BLOCK = "goal_fields"  # the begin_group name that holds a follow-up's goal block

# Properties written in XLSForm's own columns (the rest go in `intake::<name>`).
STANDARD = {
    "key": "name",
    "label": "label",
    "help": "hint",
    "required": "required",
    "required_message": "required_message",
    "show_if": "relevant",
    "default": "default",
    "pattern_message": "constraint_message",
}
HANDLED = {"type", "options", "fields"}  # the type column, the choices sheet, the nesting
CONDITIONS = {"show_if", "required_if"}


def _all_properties() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for ftype in REGISTRY.values():
        for prop in ftype.properties:
            kinds.setdefault(prop.name, prop.kind)
    return kinds


def text_properties() -> set[str]:
    return {name for name, kind in _all_properties().items() if kind == "text"}


def columns(base: str, is_text: bool) -> list[str]:
    return [f"{base}::{DANISH}", f"{base}::{ENGLISH}"] if is_text else [base]


def survey_columns() -> list[str]:
    """type, name, label::Dansk (da) … constraint_message, then intake's own columns."""
    texts = text_properties()
    out = ["type", "name"]
    for prop in ("label", "help", "required", "required_message", "show_if"):
        out += columns(STANDARD[prop], prop in texts)
    out += ["constraint", *columns("constraint_message", True), "default", f"{PREFIX}type"]
    for name in _all_properties():
        if name not in STANDARD and name not in HANDLED:
            out += columns(PREFIX + name, name in texts)
    return out


CHOICE_PREFIX = "intake_"  # pyxform refuses "::" in the extra columns of choices
CHOICE_TEXTS = ("description", "group")
ENGLISH_SUFFIX = "_en"


def choices_columns() -> list[str]:
    """list_name, name, label::Dansk (da), label::English (en), then intake_description,
    intake_description_en, intake_group, intake_group_en, intake_capacity, intake_show_if."""
    out = ["list_name", "name", *columns("label", True)]
    for key in ("description", "group", "capacity", "show_if"):
        out.append(CHOICE_PREFIX + key)
        if key in CHOICE_TEXTS:
            out.append(CHOICE_PREFIX + key + ENGLISH_SUFFIX)
    extra = sorted(OPTION_KEYS - {"code", "label", "description", "group", "capacity",
                                  "show_if"})
    return out + [CHOICE_PREFIX + key for key in extra]


SETTINGS_COLUMNS = ["form_title", f"{PREFIX}form_title::{ENGLISH}", "form_id", "version",
                    "default_language"]
INTAKE_SETTINGS_COLUMNS = ["setting", "value", f"value::{ENGLISH}", "forklaring"]
# The sheets of lists of entries: (sheet, form key, [(column, entry key, kind)]).
# kind: "value" as the cell holds it, "text" Danish/English, "yaml" a list in YAML's flow
# style ([7130, 7140]), "condition" an XLSForm expression like relevant.
LIST_SHEETS = {
    "occasions": (OCCASIONS, [
        ("date", "date", "value"), ("start", "start", "value"), ("end", "end", "value"),
        ("place", "place", "text"), ("capacity", "capacity", "value"),
    ]),
    "eligibility": (ELIGIBILITY, [
        ("field", "field", "value"), ("in", "in", "yaml"),
        ("younger_than_years", "younger_than_years", "value"), ("at", "at", "value"),
        ("unless", "unless", "condition"), ("message", "message", "text"),
    ]),
}
# Settings whose rows always make a list, even a list of one.
LIST_SETTINGS = {"notify", "occasions.every_month.skip"}
# A Danish line for each setting in the intake_settings sheet (column "forklaring").
EXPLAIN = {
    "kind": "signup (offentlig tilmelding) eller followup (opfølgning på mål)",
    "intro": "Indledende tekst over spørgsmålene",
    "opens": "Åbner, dansk tid: ÅÅÅÅ-MM-DD TT:MM",
    "closes": "Lukker, dansk tid: ÅÅÅÅ-MM-DD TT:MM",
    "listed": "Vises på forsiden (true) eller kun via link (false)",
    "identity_field": "E-mailfeltet til bekræftelsen (standard: det første e-mailfelt)",
    "capacity.per": "Pladser tælles pr. form, option eller occasion",
    "capacity.field": "Ved per option: choice-feltet, hvis svar har pladser",
    "capacity.seats": "Antal pladser",
    "capacity.people": "Repeat-feltet, hvis rækker hver tager en plads",
    "capacity.waiting_list": "Venteliste når der er fuldt (true/false)",
    "confirmation.subject": "Bekræftelsesmailens emne ({{ navn }} indsætter et svar)",
    "confirmation.body": "Bekræftelsesmailens tekst",
    "notify": "Personalets adresser, én pr. række",
    "retention_days": "Antal dage tilmeldinger gemmes",
    "archive": "Arkivér i stedet for at slette (true/false)",
    "privacy.controller": "GDPR: dataansvarlig",
    "privacy.purpose": "GDPR: formål",
    "privacy.legal_basis": "GDPR: hjemmel",
    "privacy.retention": "GDPR: hvor længe oplysningerne gemmes",
    "privacy.rights": "GDPR: dine rettigheder",
    "privacy.contact": "GDPR: kontakt",
    "occasions.every_month.weekday": "Månedlig dato: ugedag, fx fredag",
    "occasions.every_month.nth": "Månedlig dato: 1-4 eller -1 (sidste)",
    "occasions.every_month.start": "Månedlig dato: starttid TT:MM",
    "occasions.every_month.end": "Månedlig dato: sluttid TT:MM",
    "occasions.every_month.count": "Månedlig dato: antal datoer frem",
    "occasions.every_month.place": "Månedlig dato: sted",
    "occasions.every_month.capacity": "Månedlig dato: pladser pr. dato",
    "occasions.every_month.skip": "Månedlig dato: en dato der springes over, én pr. række",
    "occasions.every_month.skip_holidays": "Månedlig dato: spring helligdage over",
}
