"""Form definitions as versions in the database: the one API the editor, the XLSForm upload,
the change report and the CLI call (issue 12 §1; the shape in docs/architecture.md).

A definition is a plain mapping, as a `forms/*.yaml` file parsed by yaml.safe_load; it is
stored as JSON (dates and times become text the loader reads back as the same values).
Each form has one draft and its published versions, newest highest; a published version
is never changed. Every function flushes and never commits: the request (or the command's
`unit_of_work`) commits. `by` is the staff member's e-mail address.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy.exc import IntegrityError

from intake import clock
from intake.extensions import db
from intake.formdefs.catalogue import bump_generation, normalized, with_version
from intake.formdefs.loader import FORM_KEYS, SLUG_RE, check_mapping
from intake.formdefs.store_models import (
    FormDraft,
    FormSource,
    FormVersion,
    StoredForm,
)


class StaleDraft(Exception):
    """Someone saved the draft since it was read: `current_revision`, by `updated_by`."""

    def __init__(self, current_revision: int, updated_by: str | None):
        super().__init__(f"the draft is at revision {current_revision}")
        self.current_revision = current_revision
        self.updated_by = updated_by


class NotPublishable(Exception):
    """The draft has mistakes (`problems`, the checker's report); nothing was published."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class UnknownForm(LookupError):
    pass


class FormExists(Exception):
    """create_form: the slug is taken."""


class BadSlug(ValueError):
    """create_form: the mapping's slug cannot name a form (`problems`, Danish)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].text)
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One mistake in Danish; `field` is the field's key (`deltagere.navn` inside a repeat,
    `goal_fields.x` in a follow-up's goal block) or a form key (`title`, `opens`), or None."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Draft:
    slug: str
    mapping: dict
    revision: int  # 0: no draft saved yet (a copy of the latest version)
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True)
class VersionInfo:
    slug: str
    version: int
    published_at: datetime
    published_by: str | None  # None: imported from a shipped file


@dataclass(frozen=True)
class FormSummary:
    slug: str
    title: str  # Danish
    kind: str
    latest_version: int | None  # None: never published
    is_closed: bool
    has_draft_changes: bool


def list_forms() -> list[FormSummary]:
    """Every stored form, by slug, with its latest version number and whether its draft
    differs from that version."""
    _shipped()
    latest = _latest_versions()
    drafts = {d.form_slug: d for d in db.session.scalars(sa.select(FormDraft))}
    summaries = []
    for form in db.session.scalars(sa.select(StoredForm).order_by(StoredForm.slug)):
        version, draft = latest.get(form.slug), drafts.get(form.slug)
        shown = draft.mapping if draft is not None else version.mapping if version else {}
        changed = draft is not None and (version is None or draft.mapping != version.mapping)
        summaries.append(
            FormSummary(
                slug=form.slug,
                title=_title(shown),
                kind=form.kind,
                latest_version=version.version if version else None,
                is_closed=form.is_closed,
                has_draft_changes=changed,
            )
        )
    return summaries


def create_form(mapping: dict, *, by: str) -> Draft:
    """A new form under mapping["slug"], as a draft only (nothing public until published).
    Raises BadSlug, FormExists."""
    slug = str(mapping.get("slug", "")) if isinstance(mapping, dict) else ""
    if not SLUG_RE.match(slug):
        raise BadSlug(
            [
                Problem(
                    "'slug' skal være små bogstaver, tal og bindestreger, fx netvaerksmesse", "slug"
                )
            ]
        )
    _shipped()
    stored = normalized(mapping)
    try:
        with db.session.begin_nested():
            db.session.add(
                StoredForm(
                    slug=slug,
                    kind=str(stored.get("kind") or "signup"),
                    created_by=by,
                    source=FormSource.EDITOR,
                )
            )
            db.session.flush()
    except IntegrityError:
        raise FormExists(slug) from None
    draft = FormDraft(
        form_slug=slug, mapping=stored, revision=1, updated_at=clock.now(), updated_by=by
    )
    db.session.add(draft)
    db.session.flush()
    return _draft(draft)


def get_draft(slug: str) -> Draft:
    """The form's draft; a copy of its latest version (revision 0) if none was saved.
    Raises UnknownForm."""
    form = _form(slug)
    draft = db.session.get(FormDraft, form.slug)
    if draft is not None:
        return _draft(draft)
    version = _latest(slug)
    if version is None:
        return Draft(slug, {"slug": slug}, 0, None, None)
    return Draft(
        slug, copy.deepcopy(version.mapping), 0, version.published_at, version.published_by
    )


def save_draft(slug: str, mapping: dict, *, expected_revision: int, by: str) -> Draft:
    """Store `mapping` as the draft if nobody saved since `expected_revision` was read.
    Mistakes are allowed in a draft (check() reports them). Raises StaleDraft, UnknownForm."""
    form = _form(slug)
    draft = _swap_draft(slug, normalized(mapping), expected_revision, by)
    form.source = FormSource.EDITOR
    db.session.flush()
    return draft


def check(mapping: Any) -> list[Problem]:
    """The checker's report on a mapping, each problem with its field; empty if publishable."""
    _, problems = check_mapping(mapping, "formularen")
    return [_problem(where, message) for where, message in problems.entries]


def publish(slug: str, *, expected_revision: int, by: str) -> VersionInfo:
    """Publish the draft as the next version (its `version` set to previous + 1); public on
    every process within seconds of the commit. Raises NotPublishable, StaleDraft,
    UnknownForm."""
    form = _form(slug)
    draft = get_draft(slug)
    if draft.revision != expected_revision:
        raise StaleDraft(draft.revision, draft.updated_by)
    latest = _latest(slug)
    number = latest.version + 1 if latest is not None else 1
    mapping = with_version(draft.mapping, number)
    problems = check(mapping) + _identity_problems(form, mapping, latest)
    if problems:
        raise NotPublishable(problems)
    _swap_draft(slug, mapping, expected_revision, by)
    info = add_version(form, mapping, by=by)
    form.kind = str(mapping.get("kind") or "signup")
    form.source = FormSource.EDITOR
    db.session.flush()
    return info


def versions(slug: str) -> list[VersionInfo]:
    """The form's published versions, newest first. Raises UnknownForm."""
    _form(slug)
    rows = db.session.scalars(
        sa.select(FormVersion)
        .where(FormVersion.form_slug == slug)
        .order_by(FormVersion.version.desc())
    )
    return [_info(row) for row in rows]


def version_mapping(slug: str, version: int) -> dict:
    """A published version's mapping (a copy). Raises UnknownForm if there is no such version."""
    row = _version(slug, version)
    if row is None:
        raise UnknownForm(f"{slug} version {version}")
    return copy.deepcopy(row.mapping)


def restore(slug: str, version: int, *, expected_revision: int, by: str) -> Draft:
    """An old version becomes the draft (published as a new version like any draft).
    Raises StaleDraft, UnknownForm."""
    return save_draft(
        slug, version_mapping(slug, version), expected_revision=expected_revision, by=by
    )


def set_closed(slug: str, closed: bool, *, by: str) -> None:
    """Close the form now (sign-ups refused with the closed page), or reopen it: its own
    opens/closes window applies again. Raises UnknownForm."""
    form = _form(slug)
    if form.is_closed != closed:
        form.is_closed = closed
        form.closed_at = clock.now() if closed else None
        bump_generation()
    db.session.flush()


# --- used by intake.formdefs.shipped; not for views ----------------------------------------


def add_version(form: StoredForm, mapping: dict, *, by: str | None) -> VersionInfo:
    row = FormVersion(
        form_slug=form.slug,
        version=int(mapping["version"]),
        mapping=normalized(mapping),
        published_at=clock.now(),
        published_by=by,
    )
    db.session.add(row)
    db.session.flush()
    bump_generation()
    return _info(row)


def _version(slug: str, version: int) -> FormVersion | None:
    _shipped()
    return db.session.scalar(
        sa.select(FormVersion).where(FormVersion.form_slug == slug, FormVersion.version == version)
    )


def _shipped() -> None:
    """Shipped files not stored yet are imported first (once per request, by the registry),
    so every function here sees them."""
    if has_app_context():
        from intake.formdefs.registry import current_registry

        current_registry().current()


def _form(slug: str) -> StoredForm:
    _shipped()
    form = db.session.get(StoredForm, slug) if slug else None
    if form is None:
        raise UnknownForm(slug)
    return form


def _latest(slug: str) -> FormVersion | None:
    return db.session.scalar(
        sa.select(FormVersion)
        .where(FormVersion.form_slug == slug)
        .order_by(FormVersion.version.desc())
        .limit(1)
    )


def _latest_versions() -> dict[str, FormVersion]:
    newest = (
        sa.select(FormVersion.form_slug, sa.func.max(FormVersion.version).label("v"))
        .group_by(FormVersion.form_slug)
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(FormVersion).join(
            newest,
            (newest.c.form_slug == FormVersion.form_slug) & (newest.c.v == FormVersion.version),
        )
    )
    return {row.form_slug: row for row in rows}


def _swap_draft(slug: str, mapping: dict, expected_revision: int, by: str) -> Draft:
    """Compare-and-set on the revision: the UPDATE (or the first INSERT) succeeds for one
    editor only, whatever the interleaving, on both databases."""
    now, session = clock.now(), db.session()
    if expected_revision == 0:
        try:
            with session.begin_nested():
                session.add(
                    FormDraft(
                        form_slug=slug, mapping=mapping, revision=1, updated_at=now, updated_by=by
                    )
                )
                session.flush()
        except IntegrityError:
            current = session.get(FormDraft, slug, populate_existing=True)
            raise StaleDraft(
                current.revision if current else 0, current.updated_by if current else None
            ) from None
        return _draft(session.get(FormDraft, slug))
    done = session.execute(
        sa.update(FormDraft)
        .where(FormDraft.form_slug == slug, FormDraft.revision == expected_revision)
        .values(mapping=mapping, revision=expected_revision + 1, updated_at=now, updated_by=by)
        .execution_options(synchronize_session=False)
    ).rowcount
    current = session.get(FormDraft, slug, populate_existing=True)
    if not done:
        raise StaleDraft(
            current.revision if current else 0, current.updated_by if current else None
        )
    return _draft(current)


def _identity_problems(
    form: StoredForm, mapping: dict, latest: FormVersion | None
) -> list[Problem]:
    problems = []
    if str(mapping.get("slug", "")) != form.slug:
        problems.append(
            Problem(
                f"'slug' skal være {form.slug}; en formulars slug kan ikke "
                "ændres (lav en kopi under et nyt navn)",
                "slug",
            )
        )
    kind = str(mapping.get("kind") or "signup")
    if latest is not None and kind != form.kind:
        problems.append(
            Problem(f"'kind' kan ikke ændres fra {form.kind} efter første udgivelse", "kind")
        )
    return problems


FIELD_WHERE = re.compile(r"^felt '([^']+)'")
FORM_WHERE = re.compile(r"^'?([a-z_]+)'?(?=[:' ])")


def _problem(where: str | None, message: str) -> Problem:
    """Which field a loader problem is about: the loader names it in `where` (or at the
    start of the message, for texts and form keys)."""
    text = f"{where}: {message}" if where else message
    if where and where.endswith("."):  # an empty list of fields inside a parent
        return Problem(f"{where.rstrip('.')}: {message}", where.rstrip("."))
    found = FIELD_WHERE.match(text)
    if found:
        return Problem(text, found.group(1))
    found = FORM_WHERE.match(text)
    if found and found.group(1) in FORM_KEYS:
        return Problem(text, found.group(1))
    return Problem(text, None)


def _title(mapping: dict) -> str:
    title = mapping.get("title")
    if isinstance(title, dict):
        return str(title.get("da") or "")
    return str(title or mapping.get("slug") or "")


def _draft(row: FormDraft) -> Draft:
    return Draft(
        row.form_slug, copy.deepcopy(row.mapping), row.revision, row.updated_at, row.updated_by
    )


def _info(row: FormVersion) -> VersionInfo:
    return VersionInfo(row.form_slug, row.version, row.published_at, row.published_by)
