"""The XLSForm vocabulary intake reads and writes: types, columns, languages, expressions.

The subset of XLSForm (as KoboToolbox and ODK write it) that becomes an intake form is listed
in forms/README.md ("XLSForm"); this module is its one definition. Expressions are tokenised
by pyxform's own lexer (`pyxform.parsing.expression`), and yes/no cells and type spellings
follow pyxform's aliases (`pyxform.aliases`), so intake reads a workbook the way the XLSForm
reference implementation does.

Conditions (intake's `show_if`/`required_if`: {field: value or [values]}, every field must
hold one of its values) are written as `${x} = 'v'`, a list as `(${x} = 'a' or ${x} = 'b')`
(always in brackets, so a list of one stays a list), `selected(${x}, 'v')` for a
several-choice field, and the terms joined by `and`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pyxform import aliases, constants
from pyxform.parsing.expression import parse_expression

# intake type -> the XLSForm type written in `type`; types missing here are written as `text`
# with their intake name in `intake::type`. So is `consent` (on purpose): XLSForm's
# `acknowledge` is a box that must be ticked and a `select_one` yes/no stores a "no", and a
# consent is neither (intake.formdefs.types.consent).
XLS_TYPES = {
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "choice": "select_one",
    "multichoice": "select_multiple",
    "yesno": "select_one",
    "info": "note",
    "repeat": "begin_repeat",
    "file": "file",
}
# The XLSForm types intake reads (after pyxform's aliases), and what they become.
READ_TYPES = {
    "text": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "info",
    "select_one": "choice",
    "select_multiple": "multichoice",
    "select all that apply": "multichoice",
    "begin_repeat": "repeat",
    "file": "file",
}
GROUP_STARTS = {"begin_group", "begin group"}
GROUP_ENDS = {"end_group", "end group"}
REPEAT_STARTS = {"begin_repeat", "begin repeat", "begin looped group"}
REPEAT_ENDS = {"end_repeat", "end repeat", "end looped group"}
# Metadata a phone records by itself; intake records the time of every sign-up itself, so
# these rows are passed over with a notice.
METADATA_TYPES = {
    "start", "end", "today", "deviceid", "phonenumber", "username", "email", "audit",
    "simserial", "subscriberid", "start-geopoint", "background-audio",
}
YESNO_LIST = "intake_ja_nej"  # the choices list a yes/no field points to
YESNO_CHOICES = (("ja", "Ja", "Yes"), ("nej", "Nej", "No"))
DANISH, ENGLISH = "Dansk (da)", "English (en)"
LANGUAGE_RE = re.compile(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\)\s*$")
NAME_CLEAN_RE = re.compile(r"[^a-z0-9_]")


class Unsupported(ValueError):
    """An expression outside the subset; the message is Danish."""


def language_code(label: str | None) -> str | None:
    """'Dansk (da)' -> 'da', 'English (en)' -> 'en', 'Danish' -> 'da'; None for none."""
    if not label:
        return None
    match = LANGUAGE_RE.search(label)
    if match:
        return match.group(1).lower()
    word = label.strip().lower()
    return {"dansk": "da", "danish": "da", "english": "en", "engelsk": "en"}.get(word, word)


def yes_no(value: Any) -> bool | None:
    """A yes/no cell as pyxform reads it (yes, true, TRUE, true() ...); also ja/nej. None:
    the cell is something else (an expression, say)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip()
    if text in aliases.yes_no:
        return aliases.yes_no[text]
    return {"ja": True, "nej": False}.get(text.lower())


def split_type(cell: Any) -> tuple[str, str | None]:
    """'select_one farver' -> ('select_one', 'farver'); 'begin group' stays whole."""
    text = " ".join(str(cell).split())
    lowered = text.lower()
    for spelling in sorted(aliases.select, key=len, reverse=True):
        if lowered.startswith(spelling + " "):
            kind = {constants.SELECT_ONE: "select_one",
                    constants.SELECT_ALL_THAT_APPLY: "select_multiple"}.get(
                aliases.select[spelling], spelling)
            return kind, text[len(spelling) + 1:].strip() or None
    return lowered, None


def clean_name(name: Any) -> str:
    """An XLSForm name as an intake key: KoboToolbox names such as 'Navn_paa-Firma' become
    'navn_paa_firma' (lower case, anything but a-z, 0-9 and _ as _)."""
    return NAME_CLEAN_RE.sub("_", str(name).strip().lower())


# -- conditions ------------------------------------------------------------------------

def condition_text(condition: Any, multiple: set[str]) -> Any:
    """intake's condition mapping as an XLSForm expression; anything else as it is (the
    checker reports it). `multiple` holds the keys of several-choice fields."""
    if not isinstance(condition, dict) or not condition:
        return condition
    parts = []
    for name, values in condition.items():
        if isinstance(values, list):
            terms = " or ".join(_term(name, v, multiple) for v in values)
            parts.append(f"({terms})")
        else:
            parts.append(_term(name, values, multiple))
    return " and ".join(parts)


def _term(name: str, value: Any, multiple: set[str]) -> str:
    literal = _literal(value)
    if name in multiple:
        return f"selected(${{{name}}}, {literal})"
    return f"${{{name}}} = {literal}"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "'ja'" if value else "'nej'"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if "'" in text:
        if '"' in text:
            raise Unsupported(f"værdien {text!r} har både ' og \"")
        return f'"{text}"'
    return f"'{text}'"


@dataclass
class _Term:
    name: str
    values: list
    is_list: bool


def parse_condition(text: str, rename=clean_name) -> dict[str, Any]:
    """An XLSForm `relevant` in the subset -> intake's condition mapping. Raises Unsupported
    (Danish) for anything else: other operators, functions, or `or` across two fields."""
    tokens = _tokens(text)
    parser = _Parser(tokens, rename)
    terms = parser.disjunction()
    if parser.position != len(tokens):
        raise Unsupported(f"forstår ikke «{tokens[parser.position][1]}» her")
    result: dict[str, Any] = {}
    for term in terms:
        if term.name in result:
            raise Unsupported(f"feltet ${{{term.name}}} står to gange forbundet med 'and'")
        result[term.name] = term.values if term.is_list else term.values[0]
    return result


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for token in parse_expression(str(text)):
        kind, value = token.type, str(token.value)
        if kind == "WHITESPACE":
            continue
        if kind == "OPS_COMP" and out and out[-1][0] == "OPS_COMP":  # '>' '=' is '>='
            out[-1] = (kind, out[-1][1] + value)
            continue
        out.append((kind, value.strip()))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], rename):
        self.tokens, self.position, self.rename = tokens, 0, rename

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def take(self, kind: str, value: str | None = None) -> str:
        got_kind, got = self.peek()
        if got_kind != kind or (value is not None and got != value):
            shown = got or "slutningen"
            raise Unsupported(f"forstår ikke «{shown}» her")
        self.position += 1
        return got

    def disjunction(self) -> list[_Term]:
        alternatives = [self.conjunction()]
        while self.peek() == ("OPS_BOOL", "or"):
            self.position += 1
            alternatives.append(self.conjunction())
        if len(alternatives) == 1:
            return alternatives[0]
        names = {t.name for terms in alternatives for t in terms}
        if any(len(terms) != 1 for terms in alternatives) or len(names) != 1:
            raise Unsupported("'or' kan kun stå mellem værdier af det samme felt, "
                              "fx ${x} = 'a' or ${x} = 'b'")
        values = [v for terms in alternatives for v in terms[0].values]
        return [_Term(names.pop(), values, True)]

    def conjunction(self) -> list[_Term]:
        terms = self.atom()
        while self.peek() == ("OPS_BOOL", "and"):
            self.position += 1
            terms = terms + self.atom()
        return terms

    def atom(self) -> list[_Term]:
        kind, value = self.peek()
        if kind == "OPEN_PAREN":
            self.position += 1
            inner = self.disjunction()
            self.take("CLOSE_PAREN")
            if len(inner) == 1:
                inner[0].is_list = True
            return inner
        if kind == "FUNC_CALL" and value == "selected(":
            self.position += 1
            name = self.reference()
            self.take("COMMA")
            literal = self.literal()
            self.take("CLOSE_PAREN")
            return [_Term(name, [literal], False)]
        if kind == "PYXFORM_REF":
            name = self.reference()
            operator = self.take("OPS_COMP")
            if operator != "=":
                raise Unsupported(f"kun '=' kan bruges mellem et felt og en værdi, ikke "
                                  f"'{operator}'")
            return [_Term(name, [self.literal()], False)]
        if kind == "FUNC_CALL":
            raise Unsupported(f"funktionen {value[:-1]}() er ikke med i det, intake kan læse")
        raise Unsupported(f"forstår ikke «{value or 'slutningen'}» her")

    def reference(self) -> str:
        return self.rename(self.take("PYXFORM_REF")[2:-1])

    def literal(self) -> Any:
        kind, value = self.peek()
        if kind == "SYSTEM_LITERAL":
            self.position += 1
            return value[1:-1]
        if kind == "NUMBER":
            self.position += 1
            return _number(value)
        raise Unsupported(f"forventede en værdi i anførselstegn, fx 'ja', ikke «{value}»")


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


# -- constraints -----------------------------------------------------------------------

def constraint_text(bounds: tuple[Any, Any], pattern: Any) -> str | None:
    """min/max of a number field and the pattern of a text field as one XLSForm constraint:
    `. >= 1 and . <= 10`, `regex(., '[0-9]{4}')`."""
    parts = []
    low, high = bounds
    if low is not None:
        parts.append(f". >= {low!r}")
    if high is not None:
        parts.append(f". <= {high!r}")
    if pattern is not None:
        parts.append(f"regex(., {_literal(str(pattern))})")
    return " and ".join(parts) or None


def is_bound(value: Any) -> bool:
    """A number that a constraint can carry exactly (not a bool, not text)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_constraint(text: str) -> dict[str, Any]:
    """An XLSForm constraint in the subset -> {"min": .., "max": .., "pattern": ..}.
    `. >= n`, `. <= n`, `. > n`/`. < n` on whole numbers, `regex(., 'p')`, joined by 'and'."""
    tokens = _tokens(text)
    parser = _Parser(tokens, clean_name)
    found: dict[str, Any] = {}
    while True:
        kind, value = parser.peek()
        if kind == "SELF_REF":
            parser.position += 1
            operator = parser.take("OPS_COMP")
            number = parser.literal()
            if not is_bound(number):
                raise Unsupported("grænsen skal være et tal, fx . >= 1")
            key, number = _bound(operator, number)
            if key in found:
                raise Unsupported(f"to grænser af samme slags ('{operator}')")
            found[key] = number
        elif kind == "FUNC_CALL" and value == "regex(":
            parser.position += 1
            parser.take("SELF_REF")
            parser.take("COMMA")
            found["pattern"] = str(parser.literal())
            parser.take("CLOSE_PAREN")
        else:
            raise Unsupported("kun intervaller (. >= 1 and . <= 10) og regex(., '…') kan "
                              f"bruges, ikke «{value or 'ingenting'}»")
        if parser.peek() != ("OPS_BOOL", "and"):
            break
        parser.position += 1
    if parser.position != len(tokens):
        raise Unsupported(f"forstår ikke «{tokens[parser.position][1]}» her")
    return found


def _bound(operator: str, number: int | float) -> tuple[str, int | float]:
    if operator == ">=":
        return "min", number
    if operator == "<=":
        return "max", number
    if operator in (">", "<") and isinstance(number, int):
        return ("min", number + 1) if operator == ">" else ("max", number - 1)
    raise Unsupported(f"'{operator}' kan ikke bruges her; skriv . >= eller . <=")
