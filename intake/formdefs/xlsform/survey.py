"""The `survey` and `choices` sheets -> a definition's `fields` (and `goal_fields`).

Reads intake's own download and the KoboToolbox/ODK subset (forms/README.md, "XLSForm"):
a group becomes an info heading (if it has a label) and its `relevant` is added to every
question inside it; anything outside the subset is a problem on its row and column.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from intake.formdefs.types import REGISTRY
from intake.formdefs.xlsform import layout as L
from intake.formdefs.xlsform.sheets import SheetProblem, Table
from intake.formdefs.xlsform.subset import (
    DANISH,
    ENGLISH,
    GROUP_ENDS,
    GROUP_STARTS,
    METADATA_TYPES,
    READ_TYPES,
    REPEAT_ENDS,
    REPEAT_STARTS,
    YESNO_LIST,
    Unsupported,
    clean_name,
    language_code,
    parse_condition,
    parse_constraint,
    split_type,
    yes_no,
)

# XLSForm columns that carry a translated text, and the intake key each becomes.
TEXT_COLUMNS = {"label": "label", "hint": "help", "required_message": "required_message",
                "constraint_message": "pattern_message"}
# Columns read elsewhere in this module, or read as a whole row.
ROW_COLUMNS = {"type", "name", "required", "relevant", "constraint", "default", "appearance",
               "repeat_count"}


class Texts:
    """Which column holds which language: `label::Dansk (da)`, `label::English (en)` and
    `label` alone (the default language). Other languages are a problem once per column."""

    def __init__(self, table: Table, default_language: str | None, problems: list):
        self.default = language_code(default_language) or "da"
        self.columns: dict[str, dict[str, str]] = {}
        for header in table.headers:
            base, code = split_header(header)
            if code not in (None, "da", "en"):
                problems.append(SheetProblem(
                    _("intake har kun dansk og engelsk; sproget «%(language)s» kan ikke bruges "
                      "(slet kolonnen)", language=header.rpartition("::")[2]),
                    table.name, 1, header))
                continue
            self.columns.setdefault(base, {})[code or self.default] = header

    def bases(self) -> set[str]:
        return set(self.columns)

    def text(self, row: dict, base: str) -> Any:
        """A text as the mapping holds it: "Dansk" or {"da": "Dansk", "en": "English"}."""
        headers = self.columns.get(base, {})
        da = row.get(headers["da"]) if "da" in headers else None
        en = row.get(headers["en"]) if "en" in headers else None
        if da is None and en is not None:
            return en  # a form in English only: its English is the main text
        if da is None:
            return None
        return {"da": da, "en": en} if en is not None else da

    def header(self, base: str) -> str:
        headers = self.columns.get(base, {})
        return headers.get("da") or headers.get("en") or base


def split_header(header: str) -> tuple[str, str | None]:
    """'label::English (en)' -> ('label', 'en'); 'intake::type' -> ('intake::type', None)."""
    base, sep, tail = header.rpartition("::")
    if sep and ("(" in tail or tail.strip().lower() in ("dansk", "danish", "english",
                                                         "engelsk")):
        return base, language_code(tail)
    return header, None


class SurveyReader:
    def __init__(self, survey: Table, choices: Table | None, default_language: str | None):
        self.problems: list[SheetProblem] = []
        self.notices: list[SheetProblem] = []
        self.positions: dict[str, tuple[str, int]] = {}
        self.survey = survey
        self.texts = Texts(survey, default_language, self.problems)
        self.choice_texts = Texts(choices, default_language, self.problems) if choices else None
        self.lists = self._lists(choices) if choices else {}
        self.used_lists: set[str] = {YESNO_LIST}
        self.property_kinds = {p.name: p.kind for t in REGISTRY.values() for p in t.properties}

    def problem(self, text: str, row: int | None = None, column: str | None = None,
                sheet: str | None = None) -> None:
        self.problems.append(SheetProblem(text, sheet or self.survey.name, row, column))

    # -- the walk ---------------------------------------------------------------------
    def read(self) -> tuple[list[dict], list[dict] | None]:
        """(fields, goal_fields or None); problems and notices are kept on the reader."""
        fields: list[dict] = []
        goal: list[dict] | None = None
        # Open groups and repeats: kind, row, the list to go back to, the key prefix to go
        # back to, and (for a group) the condition it adds.
        frames: list[dict[str, Any]] = []
        target, prefix = fields, ""
        for header in sorted(h for h in self.survey.headers if h.startswith("$")):
            self.notices.append(SheetProblem(_("kolonnen bruges kun af KoboToolbox og læses "
                                               "ikke"), self.survey.name, 1, header))
        for number, row in self.survey.rows:
            cells = {k: v for k, v in row.items() if not k.startswith("$")}
            if not cells:
                continue
            raw_type = cells.get("type")
            if raw_type is None:
                self.problem(_("rækken har ingen type"), number, "type")
                continue
            kind, list_name = split_type(raw_type)
            marker = cells.get(f"{L.PREFIX}type")
            inherited = self._inherited(frames)
            frame = {"row": number, "target": target, "prefix": prefix, "condition": None}
            if kind in GROUP_STARTS and marker == L.GOAL_BLOCK:
                goal = []
                frames.append(frame | {"kind": "goal"})
                target, prefix = goal, "goal_fields."
            elif kind in GROUP_STARTS:
                condition = self._group(cells, number, target, prefix, inherited)
                frames.append(frame | {"kind": "group", "condition": condition})
            elif kind in REPEAT_STARTS:
                fdef = self._field(cells, number, str(marker or "repeat"), None, prefix,
                                   inherited)
                frames.append(frame | {"kind": "repeat"})
                fdef["fields"] = []
                target.append(fdef)
                target, prefix = fdef["fields"], f"{fdef.get('key', '')}."
            elif kind in GROUP_ENDS or kind in REPEAT_ENDS:
                wanted = ("repeat",) if kind in REPEAT_ENDS else ("group", "goal")
                if not frames or frames[-1]["kind"] not in wanted:
                    self.problem(_("«%(type)s» har ingen begyndelse over sig", type=raw_type),
                                 number, "type")
                    continue
                closed = frames.pop()
                target, prefix = closed["target"], closed["prefix"]
            elif kind in METADATA_TYPES:
                self.notices.append(SheetProblem(
                    _("«%(type)s» registreres af telefonen i KoboToolbox/ODK; intake gemmer selv "
                      "tidspunktet for hver tilmelding, så rækken springes over", type=raw_type),
                    self.survey.name, number, "type"))
            elif marker is None and READ_TYPES.get(kind) is None:
                self.problem(_("typen «%(type)s» er ikke med i det, intake kan læse (se "
                               "«Det kan intake læse» på siden)", type=raw_type), number, "type")
            else:
                target.append(self._field(cells, number, str(marker or READ_TYPES[kind]),
                                          list_name, prefix, inherited))
        for frame in frames:
            self.problem(_("«begin_%(kind)s» mangler sin «end_%(kind)s»",
                           kind="repeat" if frame["kind"] == "repeat" else "group"),
                         frame["row"], "type")
        self._unused_lists()
        return fields, goal

    def _inherited(self, frames: list[dict]) -> dict:
        merged: dict = {}
        for frame in frames:
            merged.update(frame["condition"] or {})
        return merged

    def _group(self, cells: dict, number: int, target: list, prefix: str,
               inherited: dict) -> dict:
        """A group: its label (if any) as an info heading; its relevant for what it holds."""
        condition = dict(inherited)
        if cells.get("relevant") is not None:
            own = self._condition(cells["relevant"], number, "relevant")
            for name in own or {}:
                if name in condition:
                    self.problem(_("feltet ${%(name)s} står både her og i en ydre gruppe",
                                   name=name), number, "relevant")
            condition.update(own or {})
        for column in cells:
            base, _code = split_header(column)
            if base not in ("type", "name", "label", "hint", "relevant", "appearance"):
                self.problem(_("kolonnen «%(column)s» kan ikke bruges på en gruppe",
                               column=column), number, column)
        label = self.texts.text(cells, "label")
        if label is not None:
            info: dict[str, Any] = {"key": clean_name(cells.get("name", f"gruppe_{number}")),
                                    "type": "info", "text": label}
            hint = self.texts.text(cells, "hint")
            if hint is not None:
                info["help"] = hint
            if condition:
                info["show_if"] = dict(condition)
            self.positions[f"field:{prefix}{info['key']}"] = (self.survey.name, number)
            target.append(info)
        return condition

    # -- one question ------------------------------------------------------------------
    def _field(self, cells: dict, number: int, type_name: str, list_name: str | None,
               parent: str, inherited: dict) -> dict:
        fdef: dict[str, Any] = {}
        if cells.get("name") is not None:
            fdef["key"] = clean_name(cells["name"])
        fdef["type"] = type_name
        ftype = REGISTRY.get(type_name)
        self.positions[f"field:{parent}{fdef.get('key', '')}"] = (self.survey.name, number)
        done = {"type", f"{L.PREFIX}type", "name"}
        for base in self.texts.bases():
            if base in TEXT_COLUMNS or base.startswith(L.PREFIX):
                value = self.texts.text(cells, base)
                key = TEXT_COLUMNS.get(base) or base[len(L.PREFIX):]
                if value is not None and (base in TEXT_COLUMNS or
                                          self.property_kinds.get(key) == "text"):
                    fdef[key] = value
                if base in TEXT_COLUMNS or self.property_kinds.get(key) == "text":
                    done |= set(self.texts.columns[base].values())
        self._flags(cells, number, fdef)
        self._constraint(cells, number, fdef, ftype)
        self._appearance(cells, number, fdef)
        show_if = dict(inherited)
        if cells.get("relevant") is not None:
            show_if.update(self._condition(cells["relevant"], number, "relevant") or {})
        if show_if:
            fdef["show_if"] = show_if
        if cells.get("default") is not None:
            default = cells["default"]
            if ftype is not None and ftype.value == "codes" and isinstance(default, str):
                default = default.split()
            fdef["default"] = default
        if cells.get("repeat_count") is not None and type_name == "repeat":
            if isinstance(cells["repeat_count"], int) and "max" not in fdef:
                fdef["max"] = cells["repeat_count"]
            else:
                self.problem(_("repeat_count skal være et helt tal (antal rækker)"), number,
                             "repeat_count")
        done |= ROW_COLUMNS
        for column, value in cells.items():
            if column in done or column.rpartition("::")[0] in TEXT_COLUMNS:
                continue
            if column.startswith(L.PREFIX):
                key = column[len(L.PREFIX):]
                if key in L.CONDITIONS:
                    parsed = self._condition(value, number, column)
                    if parsed is not None:
                        fdef[key] = parsed
                elif self.property_kinds.get(key) != "text":
                    fdef[key] = value
                continue
            self.problem(_("kolonnen «%(column)s» er ikke med i det, intake kan læse (se "
                           "«Det kan intake læse» på siden)", column=column), number, column)
        if type_name == "info" and "text" not in fdef and "label" in fdef:
            fdef["text"] = fdef.pop("label")  # XLSForm's note: its label is the text shown
        if type_name == "yesno":
            return fdef
        if list_name is not None:
            self._options(fdef, list_name, number)
        return fdef

    def _flags(self, cells: dict, number: int, fdef: dict) -> None:
        """required: yes/no (as pyxform reads it; ja/nej kept as written), or a condition,
        which is intake's required_if."""
        value = cells.get("required")
        if value is None:
            return
        if isinstance(value, str) and value.strip().lower() in ("ja", "nej"):
            fdef["required"] = value
        elif yes_no(value) is not None:
            fdef["required"] = value if isinstance(value, bool) else yes_no(value)
        else:
            condition = self._condition(value, number, "required")
            if condition is not None:
                fdef["required_if"] = condition

    def _constraint(self, cells: dict, number: int, fdef: dict, ftype) -> None:
        if cells.get("constraint") is None:
            if fdef.get("pattern_message") is not None and "pattern" not in fdef and \
                    f"{L.PREFIX}pattern" not in cells:
                self.problem(_("constraint_message bruges kun sammen med en constraint "
                               "regex(., '…')"), number, self.texts.header("constraint_message"))
            return
        try:
            found = parse_constraint(str(cells["constraint"]))
        except Unsupported as error:
            self.problem(str(error), number, "constraint")
            return
        numbers = ftype is not None and ftype.value in ("integer", "number")
        if ("min" in found or "max" in found) and not numbers:
            self.problem(_("et interval (. >= …) kan kun bruges på integer og decimal"), number,
                         "constraint")
        if "pattern" in found and (ftype is None or ftype.property("pattern") is None):
            self.problem(_("regex() kan kun bruges på tekstfelter"), number, "constraint")
        if fdef.get("pattern_message") is not None and "pattern" not in found:
            fdef.pop("pattern_message")
            self.notices.append(SheetProblem(
                _("intake skriver selv beskeden ved et tal uden for intervallet (fx «Tallet skal "
                  "være mindst 1.»); constraint_message bruges kun sammen med regex(., '…')"),
                self.survey.name, number, self.texts.header("constraint_message")))
        fdef.update(found)

    def _appearance(self, cells: dict, number: int, fdef: dict) -> None:
        appearance = cells.get("appearance")
        if appearance is None:
            return
        words = str(appearance).split()
        if words == ["minimal"] and fdef["type"] == "choice":
            fdef["widget"] = "select"
        elif words == ["multiline"] and fdef["type"] == "text":
            fdef["type"] = "textarea"
        else:
            self.problem(_("appearance «%(value)s» kan intake ikke vise; kun minimal (rulleliste) "
                           "på select_one og multiline på text", value=appearance), number,
                         "appearance")

    def _condition(self, value: Any, number: int, column: str,
                   sheet: str | None = None) -> dict | None:
        try:
            return parse_condition(str(value))
        except Unsupported as error:
            self.problem(_("%(why)s (intake læser ${x} = 'v', selected(${x}, 'v'), and og or "
                           "mellem værdier af samme felt)", why=error), number, column, sheet)
            return None

    # -- choices ----------------------------------------------------------------------
    def _lists(self, table: Table) -> dict[str, list[tuple[int, dict]]]:
        lists: dict[str, list[tuple[int, dict]]] = {}
        texts = self.choice_texts
        for number, row in table.rows:
            name = row.get("list_name")
            if name is None:
                self.problem(_("svarmuligheden har intet list_name"), number, "list_name",
                             table.name)
                continue
            option: dict[str, Any] = {}
            if row.get("name") is not None:
                option["code"] = row["name"]
            label = texts.text(row, "label")
            if label is not None:
                option["label"] = label
            done = {"list_name", "name", *texts.columns.get("label", {}).values()}
            for column, value in row.items():
                key = column[len(L.CHOICE_PREFIX):]
                if column in done:
                    continue
                if key.endswith(L.ENGLISH_SUFFIX) and column.startswith(L.CHOICE_PREFIX):
                    danish = column[: -len(L.ENGLISH_SUFFIX)]
                    if row.get(danish) is None:
                        self.problem(_("den engelske tekst mangler sin danske i «%(column)s»",
                                       column=danish), number, column, table.name)
                    continue
                if not column.startswith(L.CHOICE_PREFIX):
                    self.problem(_("kolonnen «%(column)s» er ikke med i det, intake kan læse",
                                   column=column), number, column, table.name)
                elif key == "show_if":
                    parsed = self._condition(value, number, column, table.name)
                    if parsed is not None:
                        option["show_if"] = parsed
                elif key in L.CHOICE_TEXTS and row.get(column + L.ENGLISH_SUFFIX) is not None:
                    option[key] = {"da": value, "en": row[column + L.ENGLISH_SUFFIX]}
                else:
                    option[key] = value
            lists.setdefault(str(name).strip(), []).append((number, option))
        return lists

    def _options(self, fdef: dict, list_name: str, number: int) -> None:
        options = self.lists.get(list_name)
        if options is None:
            self.problem(_("listen «%(name)s» findes ikke på arket choices", name=list_name),
                         number, "type")
            return
        self.used_lists.add(list_name)
        fdef["options"] = [dict(option) for _n, option in options]

    def _unused_lists(self) -> None:
        for name, options in self.lists.items():
            if name not in self.used_lists:
                self.notices.append(SheetProblem(
                    _("listen «%(name)s» bruges ikke af noget spørgsmål", name=name),
                    L.CHOICES, options[0][0], "list_name"))


__all__ = ["DANISH", "ENGLISH", "SurveyReader", "Texts", "split_header"]
