"""All form definitions, loaded and checked once at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from intake.formdefs.loader import load_file
from intake.formdefs.schema import FormDef
from intake.settings import StartupError


@dataclass
class FormRegistry:
    definitions: dict[str, FormDef] = field(default_factory=dict)
    _classes: dict[str, type] = field(default_factory=dict)

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
        definitions, problems = cls.check_dir(directory)
        if problems:
            raise StartupError("intake kan ikke starte: der er fejl i formularerne.", problems)
        return cls(definitions)

    def get(self, slug: str) -> FormDef | None:
        return self.definitions.get(slug)

    def signup_forms(self) -> list[FormDef]:
        return [f for f in self.definitions.values() if f.kind == "signup"]

    def followup_forms(self) -> list[FormDef]:
        return [f for f in self.definitions.values() if f.kind == "followup"]

    def block_classes(self, definition: FormDef) -> tuple[type, type]:
        """A follow-up's per-goal block class and its general-part class, built once."""
        key = f"{definition.slug}#blocks"
        classes = self._classes.get(key)
        if classes is None:
            from intake.formdefs.blocks import GeneralForm, build_block_class

            name = definition.slug.replace("-", "_")
            classes = self._classes[key] = (
                build_block_class(f"Block_{name}", definition.goal_fields),
                build_block_class(f"General_{name}", definition.fields, base=GeneralForm),
            )
        return classes

    def form_class(self, definition: FormDef) -> type:
        """Built once per definition, so a request never constructs a form class."""
        cls = self._classes.get(definition.slug)
        if cls is None:
            from intake.formdefs.builder import build_form_class

            cls = self._classes[definition.slug] = build_form_class(definition)
        return cls


def current_registry() -> FormRegistry:
    from flask import current_app

    return current_app.extensions["intake.forms"]
