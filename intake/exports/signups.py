"""Sign-ups as rows: a pure function of a form definition and the sign-ups, no I/O.

One row per sign-up on the main sheet: reference, time of sign-up, status, the occasion(s),
then every answer under its Danish question. A multichoice answer gives one readable
column and one 0/1 column per option, so staff can filter and count in Excel. A repeat
(several people on one sign-up) gives one row per person on its own sheet, linked by the
reference. `codes=True` writes option codes instead of labels, for staff who process the
file further. The "Felter" sheet explains every column and every option code.

A sign-up is anything with `reference`, `created_at`, `cancelled_at`, `answers` and
`bookings` (each with `status` and `occasion_key`): ORM rows or the light records that
intake.exports.source streams from the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from intake.clock import LOCAL
from intake.exports.cells import Column, SheetSpec
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.fields import REGISTRY, format_phone
from intake.formdefs.schema import FieldDef, FormDef

MAIN = "main"
FIELDS_SHEET = "Felter"
STATUS_LABELS = {
    "confirmed": "Bekræftet", "waitlisted": "Venteliste", "partial": "Delvis venteliste", "cancelled": "Afmeldt",
}
STATUS_EXPLAINED = {
    "confirmed": "har plads", "waitlisted": "står på venteliste",
    "partial": "har plads til nogle datoer og står på venteliste til andre", "cancelled": "er afmeldt",
}
TYPE_NAMES = {
    "text": "tekst", "textarea": "lang tekst", "email": "e-mail", "integer": "tal",
    "decimal": "decimaltal", "date": "dato",
    "choice": "ét valg", "multichoice": "flere valg", "yesno": "ja/nej", "phone": "telefon",
    "cvr": "CVR-nummer", "postcode": "postnummer", "occasion": "dato(er)", "repeat": "flere personer",
}
YESNO = {"ja": "Ja", "nej": "Nej"}

Maker = Callable[[dict], list]


@dataclass(frozen=True)
class FormExport:
    """Everything decided from the definition once, before the first row."""

    form: FormDef
    codes: bool
    occasion_keys: tuple[str, ...]
    main: SheetSpec
    repeats: tuple[tuple[FieldDef, SheetSpec, tuple[Maker, ...]], ...]
    makers: tuple[Maker, ...]

    @property
    def sheets(self) -> list[SheetSpec]:
        return [self.main, *(spec for _, spec, _ in self.repeats)]


def layout(form: FormDef, *, codes: bool = False, occasion_keys: Iterable[str] = ()) -> FormExport:
    """`occasion_keys`: the occasions any sign-up is booked on, one status column each."""
    keys = tuple(sorted(set(occasion_keys)))
    columns = [Column("Reference", width=11), Column("Tilmeldt", "datetime"), Column("Status", width=17)]
    if _has_occasions(form):
        columns.append(Column("Dato", "datetime" if not _multiple_occasions(form) else "text"))
        columns.extend(Column(f"Status {_occasion_title(form, k)}", width=12) for k in keys)
    makers: list[Maker] = []
    repeats = []
    for fdef in _exported_fields(form):
        if fdef.type == "repeat":
            sub_columns, sub_makers = _columns_for(list(_exported_fields_of(fdef.fields)), codes)
            spec = SheetSpec(f"repeat:{fdef.key}", fdef.label.da,
                             (Column("Reference", width=11), Column("Nr.", "number"), *sub_columns))
            repeats.append((fdef, spec, tuple(sub_makers)))
            columns.append(Column(f"Antal: {fdef.label.da}", "number"))
            key = fdef.key
            makers.append(lambda a, key=key: [len(a.get(key) or [])])
            continue
        field_columns, field_makers = _columns_for([fdef], codes)
        columns.extend(field_columns)
        makers.extend(field_makers)
    main = SheetSpec(MAIN, "Tilmeldinger", tuple(columns))
    return FormExport(form, codes, keys, main, tuple(repeats), tuple(makers))


def rows(export: FormExport, signups: Iterable[Any]) -> Iterator[tuple[str, list]]:
    """(sheet key, row) pairs in sheet order per sign-up: the main row, then its repeat rows."""
    form, codes = export.form, export.codes
    status_text = (lambda s: s) if codes else STATUS_LABELS.__getitem__
    occasion_cells = _occasion_cells(export) if _has_occasions(form) else None
    makers, repeats = export.makers, export.repeats
    for signup in signups:
        answers = signup.answers or {}
        bookings = [(_value(b.status), b.occasion_key) for b in signup.bookings]
        row = [signup.reference, _local(signup.created_at), status_text(_status(signup, bookings))]
        if occasion_cells is not None:
            row.extend(occasion_cells(answers, bookings))
        for make in makers:
            row.extend(make(answers))
        yield MAIN, row
        for fdef, spec, sub_makers in repeats:
            for number, person in enumerate(answers.get(fdef.key) or [], start=1):
                sub = [signup.reference, number]
                for make in sub_makers:
                    sub.extend(make(person if isinstance(person, dict) else {}))
                yield spec.key, sub


def field_rows(export: FormExport) -> tuple[tuple[Column, ...], list[list]]:
    """The "Felter" sheet: what each column holds and what each option code means."""
    form, sheet = export.form, export.main.title
    columns = (Column("Ark", width=14), Column("Kolonne", width=30), Column("Nøgle", width=16),
               Column("Type", width=12), Column("Spørgsmål / indhold", width=50), Column("Kode", width=16),
               Column("Svarmulighed", width=36), Column("Påkrævet", width=9))
    out = [
        [sheet, "Reference", "", "tekst", "Tilmeldingens referencenummer", "", "", ""],
        [sheet, "Tilmeldt", "", "dato og tid", "Hvornår tilmeldingen kom ind (dansk tid)", "", "", ""],
        [sheet, "Status", "", "valg", "Tilmeldingens status", "", "", ""],
        *([sheet, "", "", "", f"Personen {STATUS_EXPLAINED[code]}", code, label, ""]
          for code, label in STATUS_LABELS.items()),
    ]
    if _has_occasions(form):
        out.append([sheet, "Dato", "", "dato(er)", "Den eller de datoer, tilmeldingen gælder", "", "", ""])
        for key in export.occasion_keys:
            out.append([sheet, f"Status {_occasion_title(form, key)}", key, "valg",
                        "Status for netop denne dato (tom: ikke tilmeldt)", "", "", ""])
    for fdef in _exported_fields(form):
        out.extend(_describe(sheet, fdef, export.codes))
        if fdef.type == "repeat":
            repeat_sheet = next(spec.title for f, spec, _ in export.repeats if f.key == fdef.key)
            out.append([repeat_sheet, "Reference", "", "tekst", "Tilmeldingen, personen hører til", "", "", ""])
            out.append([repeat_sheet, "Nr.", "", "tal", "Personens nummer på tilmeldingen", "", "", ""])
            for sub in _exported_fields_of(fdef.fields):
                out.extend(_describe(repeat_sheet, sub, export.codes, prefix=f"{fdef.key}."))
    return columns, [[cell or None for cell in row] for row in out]


def _describe(sheet: str, fdef: FieldDef, codes: bool, prefix: str = "") -> list[list]:
    if fdef.type == "repeat":
        return [[sheet, f"Antal: {fdef.label.da}", prefix + fdef.key, "tal",
                 f"Antal personer i «{fdef.label.da}»; hver person står på arket «{fdef.label.da}»", "", "", ""]]
    required = "Ja" if fdef.required and not fdef.show_if else ("Nogle gange" if fdef.required or fdef.required_if else "Nej")
    out = [[sheet, fdef.label.da, prefix + fdef.key, TYPE_NAMES.get(fdef.type, fdef.type), fdef.label.da, "", "", required]]
    for code, label in _options(fdef):
        out.append([sheet, "", "", "", "", code, label, ""])
    if fdef.type == "multichoice":
        for option in fdef.options:
            out.append([sheet, _flag_header(fdef, option.code, option.label.da, codes), prefix + fdef.key, "0/1",
                        f"1 hvis «{option.label.da}» er valgt, ellers 0", option.code, option.label.da, ""])
    return out


def _options(fdef: FieldDef) -> list[tuple[str, str]]:
    if fdef.type == "yesno":
        return list(YESNO.items())
    return [(o.code, o.label.da) for o in fdef.options]


def _exported_fields(form: FormDef) -> list[FieldDef]:
    return [f for f in form.fields if f.has_input and f.type != "occasion"]


def _exported_fields_of(fields: Iterable[FieldDef]) -> Iterator[FieldDef]:
    return (f for f in fields if f.has_input and f.type not in ("occasion", "repeat"))


def _flag_header(fdef: FieldDef, code: str, label: str, codes: bool) -> str:
    return f"{fdef.label.da}: {code if codes else label}"


# Answers written as stored (empty → empty cell): grouped into one maker per run of fields,
# because one call per field per row is most of this module's cost on 100,000 rows. Every
# type whose `excel` kind is "number" (integer, decimal: stored as JSON numbers) is plain
# too, so a number stays a number cell: 7.5 in a workbook, 7,5 or 7.5 in CSV.
PLAIN = frozenset({"text", "textarea", "email", "cvr", "postcode"})
PLAIN_AS_CODES = frozenset({"phone", "choice", "yesno"})


def _columns_for(fields: list[FieldDef], codes: bool) -> tuple[list[Column], list[Maker]]:
    columns: list[Column] = []
    makers: list[Maker] = []
    plain_run: list[str] = []

    def close_run() -> None:
        if plain_run:
            makers.append(_plain_maker(tuple(plain_run)))
            plain_run.clear()

    for fdef in fields:
        kind = fdef.type
        if kind == "multichoice":
            close_run()
            columns.append(Column(fdef.label.da))
            columns.extend(Column(_flag_header(fdef, o.code, o.label.da, codes), "flag") for o in fdef.options)
            makers.append(_multichoice_maker(fdef, codes))
            continue
        columns.append(Column(fdef.label.da, _column_kind(kind), _width_hint(fdef)))
        if kind in PLAIN or _column_kind(kind) == "number" or (codes and kind in PLAIN_AS_CODES):
            plain_run.append(fdef.key)
        else:
            close_run()
            makers.append(_single_maker(fdef))
    close_run()
    return columns, makers


def _plain_maker(keys: tuple[str, ...]) -> Maker:
    """Text stays text and numbers numbers (an answer from an older form version is kept
    as given, whatever its type); an empty answer is an empty cell."""
    return lambda a: [None if (v := a.get(k)) is None or v == "" else v for k in keys]


def _column_kind(type_name: str) -> str:
    """The column's kind from the field type's own `excel` kind (FieldType.excel), not from a
    list of type names here: a type added later (decimal) is a number column by itself."""
    field_type = REGISTRY.get(type_name)
    kind = field_type.excel if field_type is not None else "text"
    return kind if kind in ("number", "date") else "text"


def _width_hint(fdef: FieldDef) -> float | None:
    return {"cvr": 10, "postcode": 10, "phone": 14, "yesno": 8}.get(fdef.type)


def _single_maker(fdef: FieldDef) -> Maker:
    """Answers shown as labels (labels mode), dates as dates, phone numbers as people write them."""
    key, kind = fdef.key, fdef.type
    if kind == "date":
        return lambda a: [_date(a.get(key))]
    if kind == "phone":
        return lambda a: [_phone(a.get(key))]
    if kind in ("choice", "yesno"):
        labels = dict(YESNO) if kind == "yesno" else {o.code: o.label.da for o in fdef.options}
        return lambda a: [_label(labels, a.get(key))]
    field_type = REGISTRY.get(kind)  # a type added later: its readable form, as text

    def generic(a: dict) -> list:
        value = a.get(key)
        if value in (None, "", []):
            return [None]
        return [field_type.display(fdef, value) if field_type else str(value)]

    return generic


def _phone(value: Any) -> str | None:
    """'12 34 56 78' for a Danish number without a phonenumbers parse (the common case on
    every row); other numbers in international form, exactly as format_phone gives them."""
    if not value:
        return None
    if isinstance(value, str) and len(value) == 11 and value.startswith("+45") and value[3:].isdigit():
        return f"{value[3:5]} {value[5:7]} {value[7:9]} {value[9:11]}"
    return format_phone(str(value)) or None


def _multichoice_maker(fdef: FieldDef, codes: bool) -> Maker:
    key = fdef.key
    option_codes = [o.code for o in fdef.options]
    labels = {o.code: o.label.da for o in fdef.options}
    joiner = ", "

    def make(a: dict) -> list:
        value = a.get(key)
        chosen = [str(c) for c in value] if isinstance(value, list) else ([str(value)] if value else [])
        shown = joiner.join(chosen if codes else [labels.get(c, c) for c in chosen]) or None
        picked = set(chosen)
        return [shown, *(1 if code in picked else 0 for code in option_codes)]

    return make


def _date(value: Any) -> date | str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)


def _label(labels: dict[str, str], value: Any) -> str | None:
    if value is None or value == "":
        return None
    return labels.get(str(value), str(value))


def _value(status: Any) -> str:
    return getattr(status, "value", status)


def _status(signup: Any, bookings: list[tuple[str, str | None]]) -> str:
    if signup.cancelled_at is not None:
        return "cancelled"
    states = {status for status, _ in bookings if status != "cancelled"}
    if not states:
        return "cancelled" if bookings else "confirmed"
    if states == {"waitlisted"}:
        return "waitlisted"
    return "partial" if "waitlisted" in states else "confirmed"


def _local(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: Danish wall-clock time, without tzinfo."""
    if moment is None:
        return None
    return moment.astimezone(LOCAL).replace(tzinfo=None, microsecond=0)


def _has_occasions(form: FormDef) -> bool:
    return bool(form.occasions or form.occasion_rule or any(f.type == "occasion" for f in form.fields))


def _multiple_occasions(form: FormDef) -> bool:
    return any(f.type == "occasion" and f.extra.get("multiple") for f in form.fields)


def _occasion_title(form: FormDef, key: str) -> str:
    occasion = occasion_rules.by_key(form, key)
    if occasion is None:
        day = _day_of(key)
        return f"{day:%d-%m-%Y}" if day else key
    return f"{occasion.starts_at:%d-%m-%Y %H.%M}"


def _day_of(key: str) -> date | None:
    """The day an occasion key names (keys are ISO dates: intake.formdefs.sections), for an
    occasion since removed from the form's list: staff read 04-12-2026, not 2026-12-04."""
    try:
        return date.fromisoformat(key)
    except (TypeError, ValueError):
        return None


def _chosen_keys(form: FormDef, answers: dict) -> list[str]:
    """The occasion keys a sign-up chose, also those no longer in the form's list."""
    field = next((f for f in form.fields if f.type == "occasion"), None)
    if field is None:
        return [o.key for o in occasion_rules.chosen(form, answers)]
    value = answers.get(field.key)
    return [str(k) for k in (value if isinstance(value, list) else [value] if value else [])]


def _occasion_cells(export: FormExport) -> Callable[[dict, list], list]:
    form, codes, keys = export.form, export.codes, export.occasion_keys
    multiple = _multiple_occasions(form)
    labels = {k: (k if codes else STATUS_LABELS[k]) for k in ("confirmed", "waitlisted", "cancelled")}
    starts: dict[str, datetime | date | None] = {}

    def start_of(key: str) -> datetime | date | None:
        """When the occasion starts; only its day if it was removed from the list."""
        if key not in starts:
            occasion = occasion_rules.by_key(form, key)
            starts[key] = _local(occasion.starts_at) if occasion else _day_of(key)
        return starts[key]

    def cells(answers: dict, bookings: list[tuple[str, str | None]]) -> list:
        chosen = _chosen_keys(form, answers)
        if multiple:
            shown: Any = (
                ", ".join(f"{s:%d-%m-%Y}" if (s := start_of(k)) else k for k in chosen) or None
            )
        else:
            shown = (start_of(chosen[0]) or chosen[0]) if chosen else None
        by_key = {}
        for status, key in bookings:
            if key is not None and (status != "cancelled" or key not in by_key):
                by_key[key] = labels.get(status, status)
        return [shown, *(by_key.get(k) for k in keys)]

    return cells
