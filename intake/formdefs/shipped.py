"""The shipped `forms/*.yaml` files reach the database (issue 12 §1).

- A file whose slug is not stored yet is imported as a published version (its own number).
- A file whose `version` is higher than the newest stored version of a form that was never
  changed in the browser (source `file`) is imported as a new version, so editing the YAML
  and restarting keeps working.
- A form changed in the browser is the staff's now: a newer file is not imported, a warning
  is logged instead (once per process and file version).

Several processes may import at once: each insert runs in a SAVEPOINT and an IntegrityError
(the slug, or the slug and version, already taken by another process) just means done.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from intake.extensions import db
from intake.formdefs.catalogue import with_version
from intake.formdefs.loader import read_yaml
from intake.formdefs.schema import FormDef
from intake.formdefs.store_models import FormSource, FormVersion, StoredForm
from intake.formdefs.values import Problems

log = logging.getLogger(__name__)
_warned: set[tuple[str, int]] = set()


def import_needed(files: dict[str, FormDef], rows: list[tuple[StoredForm, int | None]]) -> bool:
    """Whether any file would be imported (rows: catalogue.latest_definition_rows())."""
    stored = {form.slug: (form, latest) for form, latest in rows}
    for slug, definition in files.items():
        form, latest = stored.get(slug, (None, None))
        if form is None:
            return True
        if definition.version > (latest or 0):
            if form.source == FormSource.FILE:
                return True
            _warn_edited(slug, definition, latest)
    return False


def import_files(files: dict[str, FormDef]) -> int:
    """Import what import_needed found; flushes, never commits. Returns versions added."""
    from intake.formdefs.store import add_version

    added = 0
    session = db.session()
    for slug, definition in sorted(files.items()):
        form = session.get(StoredForm, slug)
        latest = _latest_number(slug) if form is not None else None
        if form is not None and not (
            form.source == FormSource.FILE and definition.version > (latest or 0)
        ):
            continue
        mapping = _file_mapping(definition)
        if mapping is None:
            continue
        try:
            with session.begin_nested():
                if form is None:
                    form = StoredForm(slug=slug, kind=definition.kind, source=FormSource.FILE)
                    session.add(form)
                    session.flush()
                add_version(form, mapping, by=None)
            added += 1
        except IntegrityError:  # another process imported it first
            log.info(
                "forms: %s version %s was imported by another process", slug, definition.version
            )
    if added:
        log.info("forms: %d shipped form versions imported from %s", added, _dir(files))
    return added


def _latest_number(slug: str) -> int | None:
    return db.session.scalar(
        sa.select(sa.func.max(FormVersion.version)).where(FormVersion.form_slug == slug)
    )


def _file_mapping(definition: FormDef) -> dict | None:
    """The file's mapping as it is on disk now, if it still is the definition checked at
    start-up (a file changed since is left for the next start, which checks it)."""
    path = Path(definition.path)
    problems = Problems(path)
    try:
        mapping = read_yaml(path, problems)
    except OSError:
        mapping = None
    if (
        not isinstance(mapping, dict)
        or mapping.get("slug") != definition.slug
        or (mapping.get("version", 1) != definition.version)
    ):
        log.warning("forms: %s changed since start-up; not imported until a restart", path)
        return None
    return with_version(mapping, definition.version)


def _warn_edited(slug: str, definition: FormDef, latest: int | None) -> None:
    if (slug, definition.version) in _warned:
        return
    _warned.add((slug, definition.version))
    log.warning(
        "forms: %s has version %s, newer than the stored version %s, but the form was changed "
        "in the browser: the file is not imported (use `flask forms import` to replace it)",
        Path(definition.path).name,
        definition.version,
        latest,
    )


def _dir(files: dict[str, FormDef]) -> str:
    first = next(iter(files.values()), None)
    return str(Path(first.path).parent) if first is not None else "?"
