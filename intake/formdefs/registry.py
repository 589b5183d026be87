"""The form definitions every request reads: the database's (intake.formdefs.store), cached.

The database is the source of truth. This process keeps parsed FormDefs and built form
classes per (slug, version) only as a cache: a published version never changes, so a cached
one is never wrong, and what is *current* is re-read whenever the one-row catalogue
generation (intake.formdefs.store_models.FormCatalogue) has moved. The generation is compared
at most once per request (or CLI/worker app context, kept in `g`) and at least every
CHECK_SECONDS, and always right after this process changed the catalogue, so a publish on any
process or host is served everywhere within about a second. Within one request the catalogue
stays the one it read first.

The shipped `forms/*.yaml` files (FORMS_DIR) are checked at start-up, so a mistake stops the
app there, and imported into the database on first use (intake/formdefs/shipped.py).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from flask import current_app, g, has_app_context, has_request_context

from intake.extensions import db
from intake.formdefs import catalogue
from intake.formdefs.loader import load_file
from intake.formdefs.schema import FormDef
from intake.settings import StartupError

# A publish on another process is seen within this many seconds (issue 12: within 5 s). The
# comparison is one SELECT, but on a page that otherwise never touches the database (the
# public form) it is also the transaction's BEGIN and COMMIT: once a second, not per request.
CHECK_SECONDS = 1.0
CHECKED = "_intake_forms_state"  # g: (registry, its state) as read once in this context
_serials = itertools.count(1)


@dataclass(frozen=True)
class Entry:
    """What the catalogue says of one form now."""

    version: int | None  # the latest published version; None: a draft only
    kind: str
    closed_at: datetime | None


@dataclass
class State:
    """One reading of the catalogue; replaced whole when the generation moves."""

    generation: int | None  # None: read inside a transaction that changed it (re-read next time)
    entries: dict[str, Entry]
    serial: int = field(default_factory=lambda: next(_serials))
    latest: dict[str, FormDef] = field(default_factory=dict)  # filled as asked for


class FormRegistry:
    def __init__(self, files: dict[str, FormDef] | None = None):
        self.files: dict[str, FormDef] = dict(files or {})  # the checked FORMS_DIR files
        self._state: State | None = None
        self._parsed: dict[tuple[str, int], FormDef] = {}
        self._classes: dict[tuple, tuple[FormDef, object]] = {}
        self._checked_at = -CHECK_SECONDS  # time.monotonic() of the last comparison

    @classmethod
    def check_dir(cls, directory: str | Path) -> tuple[dict[str, FormDef], list[str]]:
        directory = Path(directory)
        definitions: dict[str, FormDef] = {}
        problems: list[str] = []
        if not directory.is_dir():
            return definitions, [f"mappen med formularer findes ikke: {directory}"]
        for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
            definition, found = load_file(path)
            problems.extend(found)
            if definition is None:
                continue
            if definition.slug in definitions:
                first = Path(definitions[definition.slug].path).name
                problems.append(f"{path.name}: slug '{definition.slug}' bruges også i {first}")
                continue
            definitions[definition.slug] = definition
        return definitions, problems

    @classmethod
    def load(cls, directory: str | Path) -> FormRegistry:
        """The registry over a checked FORMS_DIR; StartupError (every problem) if any."""
        definitions, problems = cls.check_dir(directory)
        if problems:
            raise StartupError("intake kan ikke starte: der er fejl i formularerne.", problems)
        return cls(definitions)

    # --- what requests read -------------------------------------------------------------

    def get(self, slug: str) -> FormDef | None:
        """The latest published version of a form (closed_at set if staff closed it)."""
        state = self.current()
        entry = state.entries.get(slug)
        if entry is None or entry.version is None:
            return None
        found = state.latest.get(slug)
        if found is None:
            found = self.get_version(slug, entry.version)
            if found is None:
                return None
            if entry.closed_at is not None:
                found = replace(found, closed_at=entry.closed_at)
            state.latest[slug] = found
        return found

    def known(self, slug: str) -> FormDef | None:
        """The latest version this process has already read, else the shipped file's, without
        touching the database: for hooks that run inside a flush (a sign-up's search text),
        where reading the catalogue could import shipped files and add rows mid-flush."""
        state = self._state
        found = state.latest.get(slug) if state is not None else None
        return found if found is not None else self.files.get(slug)

    def get_version(self, slug: str, version: int) -> FormDef | None:
        """A published version, e.g. the one an old answer was given under; None if unknown."""
        key = (slug, version)
        found = self._parsed.get(key)
        if found is None:
            found = catalogue.stored_definition(slug, version)
            if found is not None and not catalogue.changed_in_this_transaction():
                self._parsed[key] = found  # only what is committed is cached
        return found

    @property
    def definitions(self) -> dict[str, FormDef]:
        """Every published form's latest version, by slug."""
        state = self.current()
        found = {slug: self.get(slug) for slug in sorted(state.entries)}
        return {slug: definition for slug, definition in found.items() if definition}

    @property
    def catalogue_key(self) -> int:
        """Changes whenever this process re-read the catalogue (a publish, close, reopen)."""
        return self.current().serial

    def signup_forms(self) -> list[FormDef]:
        return [f for f in self.definitions.values() if f.kind == "signup"]

    def followup_forms(self) -> list[FormDef]:
        return [f for f in self.definitions.values() if f.kind == "followup"]

    def block_classes(self, definition: FormDef) -> tuple[type, type]:
        """A follow-up's per-goal block class and its general-part class, built once."""

        def build():
            from intake.formdefs.blocks import GeneralForm, build_block_class

            name = definition.slug.replace("-", "_")
            return (
                build_block_class(f"Block_{name}", definition.goal_fields),
                build_block_class(f"General_{name}", definition.fields, base=GeneralForm),
            )

        return self._built(("blocks", definition.slug, definition.version), definition, build)

    def form_class(self, definition: FormDef) -> type:
        """Built once per published version, so a request never constructs a form class.
        A definition that is not the published one (a draft's preview) gets its own class."""

        def build():
            from intake.formdefs.builder import build_form_class

            return build_form_class(definition)

        return self._built(("form", definition.slug, definition.version), definition, build)

    def _built(self, key: tuple, definition: FormDef, build):
        cached = self._classes.get(key)
        if cached is not None and (cached[0] is definition or cached[0] == definition):
            return cached[1]
        made = build()
        if definition == self._parsed.get(key[1:]):
            self._classes[key] = (definition, made)
        return made

    # --- keeping the cache current ------------------------------------------------------

    def current(self) -> State:
        """The catalogue as this request sees it: read at most once per request (app
        context), and compared with the database's generation at least every CHECK_SECONDS,
        and always after this process changed it or read it mid-change."""
        checked = g.get(CHECKED)
        if checked is not None and checked[0] is self:
            return checked[1]
        state = self._state
        if state is None or state.generation is None or self._check_due():
            state = self._refresh()
        setattr(g, CHECKED, (self, state))
        return state

    def _check_due(self) -> bool:
        now = time.monotonic()
        if now - self._checked_at < CHECK_SECONDS:
            return False
        self._checked_at = now
        return True

    def forget(self) -> None:
        """Compare with the database on the next read, whatever the time."""
        self._checked_at = -CHECK_SECONDS

    def _refresh(self) -> State:
        from intake.formdefs import shipped

        session = db.session()
        # Outside a request, with nothing begun, an import of shipped files is its own unit
        # of work; inside one it is part of the request's (intake/transactions.py).
        standalone = not has_request_context() and not session.in_transaction()
        generation = catalogue.generation()
        state = self._state
        if state is not None and state.generation == generation:
            return state
        rows = catalogue.latest_definition_rows()
        if shipped.import_needed(self.files, rows):
            shipped.import_files(self.files)
            if standalone:
                from intake.transactions import commit

                commit(session)  # its own unit of work (intake/transactions.py)
            rows = catalogue.latest_definition_rows()
            generation = catalogue.generation()
        trusted = not catalogue.changed_in_this_transaction()
        state = State(
            generation if trusted else None,
            {
                form.slug: Entry(version, form.kind, form.closed_at if form.is_closed else None)
                for form, version in rows
            },
        )
        self._state = state
        return state


def forget_current() -> None:
    """The catalogue changed in this context (intake.formdefs.store): read it again."""
    if has_app_context():
        g.pop(CHECKED, None)
        registry = current_app.extensions.get("intake.forms")
        if registry is not None:
            registry.forget()


def current_registry() -> FormRegistry:
    return current_app.extensions["intake.forms"]
