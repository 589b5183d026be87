"""The catalogue's plumbing shared by the store and the registry: the one-row generation,
stored mappings as JSON, and the reads the registry's cache is filled from.

Nothing here commits. A transaction that raised the generation is marked in `session.info`
until it ends, so the registry never caches what it read from an uncommitted change.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.extensions import db
from intake.formdefs.loader import check_mapping
from intake.formdefs.schema import FormDef
from intake.formdefs.store_models import FormCatalogue, FormVersion, StoredForm

CHANGED = "intake.forms_changed"  # session.info: this transaction changed the catalogue


def generation() -> int:
    """The catalogue's generation (0 if its row is missing, as after create_all)."""
    return db.session.scalar(sa.select(FormCatalogue.generation).where(FormCatalogue.id == 1)) or 0


def bump_generation() -> None:
    """Raise the generation, so every process re-reads the catalogue on its next request."""
    session = db.session()
    raise_it = (
        sa.update(FormCatalogue)
        .where(FormCatalogue.id == 1)
        .values(generation=FormCatalogue.generation + 1)
    )
    if not session.execute(raise_it).rowcount:
        try:
            with session.begin_nested():
                session.add(FormCatalogue(id=1, generation=1))
                session.flush()
        except IntegrityError:  # another process made the row meanwhile
            session.execute(raise_it)
    session.info[CHANGED] = True
    if has_app_context():
        from intake.formdefs.registry import forget_current

        forget_current()


def changed_in_this_transaction() -> bool:
    return bool(db.session().info.get(CHANGED))


@event.listens_for(Session, "after_transaction_end")
def _forget_change(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed or not
        session.info.pop(CHANGED, None)


def latest_definition_rows() -> list[tuple[StoredForm, int | None]]:
    """Every form with its latest published version number (None: a draft only), one query."""
    newest = (
        sa.select(FormVersion.form_slug, sa.func.max(FormVersion.version).label("v"))
        .group_by(FormVersion.form_slug)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(StoredForm, newest.c.v).outerjoin(newest, newest.c.form_slug == StoredForm.slug)
    )
    return [(form, number) for form, number in rows]


def stored_definition(slug: str, version: int) -> FormDef | None:
    """A published version read and checked; None if there is none (or it no longer loads,
    e.g. a field type was removed: logged, and the form is then not served)."""
    mapping = db.session.scalar(
        sa.select(FormVersion.mapping).where(
            FormVersion.form_slug == slug, FormVersion.version == version
        )
    )
    if mapping is None:
        return None
    definition, problems = check_mapping(mapping, f"{slug} version {version}")
    if definition is None:
        import logging

        logging.getLogger(__name__).error("stored form does not load: %s", problems.items)
    return definition


def normalized(value: Any) -> Any:
    """A deep copy that JSON can hold: dates and times as the text the loader reads back."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): normalized(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalized(v) for v in value]
    if isinstance(value, datetime):
        if value.tzinfo is None and not (value.second or value.microsecond):
            return value.strftime("%Y-%m-%d %H:%M")
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    return value


def with_version(mapping: dict, number: int) -> dict:
    """The mapping with `version: number`, in the file's place for it (after slug)."""
    result: dict = {}
    for key, value in mapping.items():
        if key == "version":
            continue
        result[key] = value
        if key == "slug":
            result["version"] = number
    result.setdefault("version", number)
    return normalized(result)
