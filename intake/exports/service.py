"""A form's sign-ups as a workbook or CSV: the rows function fed from the database stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from intake import clock
from intake.exports import signups, source
from intake.exports.csv import COMMA, csv_chunks
from intake.exports.xlsx import WorkbookWriter
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.formdefs.versions import answered_definition


def prepare(definition: FormDef, *, codes: bool = False, session=None) -> signups.FormExport:
    """The export's layout from `definition` joined with every older version a sign-up was
    given under, so an answer to a field or option since removed keeps its column and label
    (intake.formdefs.versions)."""
    return signups.layout(
        answered(definition, session), codes=codes,
        occasion_keys=source.occasion_keys(definition.slug, session),
    )


def answered(definition: FormDef, session=None) -> FormDef:
    """`definition` plus the fields and options only older answered versions had."""
    registry = current_registry()
    older = [
        found
        for version in source.answered_versions(definition.slug, session)
        if version != definition.version
        and (found := registry.get_version(definition.slug, version)) is not None
    ]
    return answered_definition(definition, older)


def write_form_workbook(
    definition: FormDef, target: str | IO[bytes], *, codes: bool = False, session=None,
    batch_size: int = 1000,
) -> int:
    """Write the workbook; returns the number of sign-ups written."""
    export = prepare(definition, codes=codes, session=session)
    written = 0
    with WorkbookWriter(target, title=definition.title.da) as book:
        sheets = {spec.key: book.add_sheet(spec.title, spec.columns) for spec in export.sheets}
        book.write_sheet(signups.FIELDS_SHEET, *signups.field_rows(export))
        main = sheets[signups.MAIN]
        for key, row in signups.rows(export, source.stream(definition.slug, batch_size, session)):
            if key == signups.MAIN:
                main.write(row)
                written += 1
            else:
                sheets[key].write(row)
    return written


def form_csv(definition: FormDef, *, codes: bool = False, sheet: str = signups.MAIN, session=None,
             dialect: str = COMMA) -> Iterator[str]:
    """One sheet of the export as CSV chunks (the main sheet, or `repeat:<field>`);
    `dialect` "semikolon" (Danish Excel) or "komma" (intake.exports.csv)."""
    export = prepare(definition, codes=codes, session=session)
    spec = next((s for s in export.sheets if s.key == sheet), export.main)
    rows = (
        row
        for key, row in signups.rows(export, source.stream(definition.slug, session=session))
        if key == spec.key
    )
    return csv_chunks(spec.columns, rows, dialect=dialect)


def filename(definition: FormDef, extension: str, suffix: str = "") -> str:
    """ASCII-only, so it survives every browser's Content-Disposition handling."""
    stamp = clock.local_now().strftime("%Y-%m-%d")
    return f"{definition.slug}{suffix}-{stamp}.{extension}"
