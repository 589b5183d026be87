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
from intake.formdefs.schema import FieldDef, FormDef
from intake.formdefs.types import REGISTRY, Maker, field_type

MAIN = "main"
FIELDS_SHEET = "Felter"
STATUS_LABELS = {
    "confirmed": "Bekræftet",
    "waitlisted": "Venteliste",
    "partial": "Delvis venteliste",
    "cancelled": "Afmeldt",
    "pending": "Afventer godkendelse",
}
STATUS_EXPLAINED = {
    "confirmed": "har plads",
    "waitlisted": "står på venteliste",
    "partial": "har plads til nogle datoer og står på venteliste til andre",
    "cancelled": "er afmeldt",
    "pending": "afventer godkendelse og har endnu ingen plads",
}


@dataclass(frozen=True)
class FormExport:
    """Everything decided from the definition once, before the first row."""

    definition: FormDef
    codes: bool
    occasion_keys: tuple[str, ...]
    main: SheetSpec
    repeats: tuple[tuple[FieldDef, SheetSpec, tuple[Maker, ...]], ...]
    makers: tuple[Maker, ...]

    @property
    def sheets(self) -> list[SheetSpec]:
        return [self.main, *(spec for _, spec, _ in self.repeats)]


def layout(
    definition: FormDef, *, codes: bool = False, occasion_keys: Iterable[str] = ()
) -> FormExport:
    """`occasion_keys`: the occasions any sign-up is booked on, one status column each."""
    keys = tuple(sorted(set(occasion_keys)))
    columns = [
        Column("Reference", width=11),
        Column("Tilmeldt", "datetime"),
        Column("Status", width=17),
    ]
    if _has_occasions(definition):
        columns.append(
            Column("Dato", "datetime" if not _multiple_occasions(definition) else "text")
        )
        columns.extend(Column(f"Status {_occasion_title(definition, k)}", width=12) for k in keys)
    makers: list[Maker] = []
    repeats = []
    for fdef in _exported_fields(definition.fields):
        sub_fields = field_type(fdef.type).sheet_fields(fdef)
        if sub_fields is not None:
            sub_columns, sub_makers = _columns_for(_exported_fields(sub_fields), codes)
            spec = SheetSpec(f"repeat:{fdef.key}", fdef.label.da,
                             (Column("Reference", width=11), Column("Nr.", "number"), *sub_columns))
            repeats.append((fdef, spec, tuple(sub_makers)))
    field_columns, field_makers = _columns_for(_exported_fields(definition.fields), codes)
    columns.extend(field_columns)
    makers.extend(field_makers)
    main = SheetSpec(MAIN, "Tilmeldinger", tuple(columns))
    return FormExport(definition, codes, keys, main, tuple(repeats), tuple(makers))


def rows(export: FormExport, signups: Iterable[Any]) -> Iterator[tuple[str, list]]:
    """(sheet key, row) pairs in sheet order per sign-up: the main row, then its repeat rows."""
    definition, codes = export.definition, export.codes
    status_text = (lambda s: s) if codes else STATUS_LABELS.__getitem__
    occasion_cells = _occasion_cells(export) if _has_occasions(definition) else None
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
    definition, sheet = export.definition, export.main.title
    columns = (
        Column("Ark", width=14),
        Column("Kolonne", width=30),
        Column("Nøgle", width=16),
        Column("Type", width=12),
        Column("Spørgsmål / indhold", width=50),
        Column("Kode", width=16),
        Column("Svarmulighed", width=36),
        Column("Påkrævet", width=9),
    )
    out = [
        [sheet, "Reference", "", "tekst", "Tilmeldingens referencenummer", "", "", ""],
        [
            sheet,
            "Tilmeldt",
            "",
            "dato og tid",
            "Hvornår tilmeldingen kom ind (dansk tid)",
            "",
            "",
            "",
        ],
        [sheet, "Status", "", "valg", "Tilmeldingens status", "", "", ""],
        *(
            [sheet, "", "", "", f"Personen {STATUS_EXPLAINED[code]}", code, label, ""]
            for code, label in STATUS_LABELS.items()
        ),
    ]
    if _has_occasions(definition):
        out.append(
            [sheet, "Dato", "", "dato(er)", "Den eller de datoer, tilmeldingen gælder", "", "", ""]
        )
        for key in export.occasion_keys:
            out.append([sheet, f"Status {_occasion_title(definition, key)}", key, "valg",
                        "Status for netop denne dato (tom: ikke tilmeldt)", "", "", ""])
    sheets = {f.key: spec.title for f, spec, _ in export.repeats}
    for fdef in _exported_fields(definition.fields):
        out.extend(field_type(fdef.type).export_describe(sheet, fdef, export.codes))
        if fdef.key in sheets:
            repeat_sheet = sheets[fdef.key]
            out.append([repeat_sheet, "Reference", "", "tekst", "Tilmeldingen, personen hører til",
                        "", "", ""])
            out.append([repeat_sheet, "Nr.", "", "tal", "Personens nummer på tilmeldingen",
                        "", "", ""])
            for sub in _exported_fields(fdef.fields):
                out.extend(field_type(sub.type).export_describe(
                    repeat_sheet, sub, export.codes, prefix=f"{fdef.key}."))
    return columns, [[cell or None for cell in row] for row in out]


def _exported_fields(fields: Iterable[FieldDef]) -> list[FieldDef]:
    return [f for f in fields if f.has_input]


def _columns_for(fields: list[FieldDef], codes: bool) -> tuple[list[Column], list[Maker]]:
    """Each field type gives its columns and cell maker (FieldType.export_columns and
    export_maker). Answers written as stored (maker None: empty → empty cell) are grouped into
    one maker per run of fields, because one call per field per row is most of this module's
    cost on 100,000 rows."""
    columns: list[Column] = []
    makers: list[Maker] = []
    plain_run: list[str] = []

    def close_run() -> None:
        if plain_run:
            makers.append(_plain_maker(tuple(plain_run)))
            plain_run.clear()

    for fdef in fields:
        ftype = REGISTRY[fdef.type]
        field_columns = ftype.export_columns(fdef, codes)
        if not field_columns:
            continue
        columns.extend(field_columns)
        make = ftype.export_maker(fdef, codes)
        if make is None:
            plain_run.append(fdef.key)
        else:
            close_run()
            makers.append(make)
    close_run()
    return columns, makers


def _plain_maker(keys: tuple[str, ...]) -> Maker:
    """Text stays text and numbers numbers (an answer from an older form version is kept
    as given, whatever its type); an empty answer is an empty cell."""
    return lambda a: [None if (v := a.get(k)) is None or v == "" else v for k in keys]


def _value(status: Any) -> str:
    return getattr(status, "value", status)


def _status(signup: Any, bookings: list[tuple[str, str | None]]) -> str:
    if signup.cancelled_at is not None:
        return "cancelled"
    states = {status for status, _ in bookings if status != "cancelled"}
    if not states:
        return "cancelled" if bookings else "confirmed"
    if "pending" in states:  # staff decide first: no seat and no waiting place yet
        return "pending"
    if states == {"waitlisted"}:
        return "waitlisted"
    return "partial" if "waitlisted" in states else "confirmed"


def _local(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: Danish wall-clock time, without tzinfo."""
    if moment is None:
        return None
    return moment.astimezone(LOCAL).replace(tzinfo=None, microsecond=0)


def _has_occasions(definition: FormDef) -> bool:
    return bool(definition.occasions or definition.occasion_rule or definition.occasion_field())


def _multiple_occasions(definition: FormDef) -> bool:
    field = definition.occasion_field()
    return field is not None and bool(field.extra.get("multiple"))


def _occasion_title(definition: FormDef, key: str) -> str:
    occasion = occasion_rules.by_key(definition, key)
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


def _chosen_keys(definition: FormDef, answers: dict) -> list[str]:
    """The occasion keys a sign-up chose, also those no longer in the form's list."""
    field = definition.occasion_field()
    if field is None:
        return [o.key for o in occasion_rules.chosen(definition, answers)]
    value = answers.get(field.key)
    return [str(k) for k in (value if isinstance(value, list) else [value] if value else [])]


def _occasion_cells(export: FormExport) -> Callable[[dict, list], list]:
    definition, codes, keys = export.definition, export.codes, export.occasion_keys
    multiple = _multiple_occasions(definition)
    labels = {k: (k if codes else STATUS_LABELS[k])
              for k in ("confirmed", "waitlisted", "cancelled", "pending")}
    starts: dict[str, datetime | date | None] = {}

    def start_of(key: str) -> datetime | date | None:
        """When the occasion starts; only its day if it was removed from the list."""
        if key not in starts:
            occasion = occasion_rules.by_key(definition, key)
            starts[key] = _local(occasion.starts_at) if occasion else _day_of(key)
        return starts[key]

    def cells(answers: dict, bookings: list[tuple[str, str | None]]) -> list:
        chosen = _chosen_keys(definition, answers)
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
