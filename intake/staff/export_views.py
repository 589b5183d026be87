"""Workbook and CSV downloads of a form's sign-ups.

Downloads are plain GET links (they change nothing), each written to the audit log before
the file is made: a download of personal data is an action someone answers for.

CSV comes in two dialects (intake.exports.csv), chosen by `?adskiller=semikolon|komma`.
Without it, Danish gets "CSV til Excel" (semicolons: what Danish Excel splits into columns
on a double click) and English gets commas.
"""

from __future__ import annotations

import tempfile

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from intake.exports import service as exports
from intake.exports import signups as export_rows
from intake.exports.csv import COMMA, DIALECTS, SEMICOLON
from intake.staff import audit, bp
from intake.staff.downloads import CSV, XLSX, send_download
from intake.staff.lookups import definition_or_404
from intake.staff.roles import Role, requires_role


@bp.record_once
def _links(state) -> None:
    from intake.staff.nav import add_form_link

    add_form_link(state.app, "staff.export_page", _l("Hent regneark eller CSV"))


def _codes() -> bool:
    value = request.args.get("koder", "0")
    if value not in ("0", "1"):
        abort(404)
    return value == "1"


@bp.get("/f/<slug>/eksport")
@requires_role(Role.SIGNUPS)
def export_page(slug: str):
    definition = definition_or_404(slug)
    layout = export_rows.layout(definition)
    sheets = [(spec.key, spec.title) for spec in layout.sheets]
    return render_template("staff/exports/export.html", definition=definition, sheets=sheets,
                           default_dialect=_default_dialect())


def _default_dialect() -> str:
    locale = get_locale()
    return SEMICOLON if locale is None or locale.language == "da" else COMMA


def _dialect() -> str:
    value = request.args.get("adskiller") or _default_dialect()
    if value not in DIALECTS:
        abort(404)
    return value


@bp.get("/f/<slug>/eksport.xlsx")
@requires_role(Role.SIGNUPS)
def export_xlsx(slug: str):
    definition = definition_or_404(slug)
    codes = _codes()
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (send_file closes it after the response)
    exports.write_form_workbook(definition, spool, codes=codes)
    spool.seek(0)
    # The audit entry is the request's only write, made last: on SQLite the writer lock is
    # then held for the commit, not while the workbook is built (intake/transactions.py).
    audit.record("export.xlsx", f"form:{definition.slug}", {"codes": codes})
    return send_download(
        spool, exports.filename(definition, "xlsx", "-koder" if codes else ""), XLSX
    )


@bp.get("/f/<slug>/eksport.csv")
@requires_role(Role.SIGNUPS)
def export_csv(slug: str):
    definition = definition_or_404(slug)
    codes = _codes()
    dialect = _dialect()
    sheet = request.args.get("ark", export_rows.MAIN)
    layout = export_rows.layout(definition)
    if sheet not in {spec.key for spec in layout.sheets}:
        abort(404)
    audit.record("export.csv", f"form:{definition.slug}", {"codes": codes, "sheet": sheet})
    suffix = "-" + sheet.partition(":")[2] if sheet != export_rows.MAIN else ""
    suffix += "-koder" if codes else ""
    suffix += "-excel" if dialect == SEMICOLON else "-komma"
    chunks = exports.form_csv(definition, codes=codes, sheet=sheet, dialect=dialect)
    return send_download((chunk.encode("utf-8") for chunk in chunks),
                         exports.filename(definition, "csv", suffix), CSV)
