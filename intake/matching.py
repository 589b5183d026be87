"""How intake matches text a person typed: the one place that says it.

The rule (issue 8, part 3): a match never depends on letter case, on the Unicode normal
form the text arrived in (a Mac sends "Å" as "A" + U+030A when text is pasted), on where
the value is stored (a column or a JSON answer), on the database or on its locale.

1. At the boundary every submitted value is NFC (`NFCRequest`, used for every request:
   public forms, staff search and GDPR find, goal-owner forms, the lost-link form).
   What a person typed is kept as typed otherwise (case, spacing inside).
2. Matching compares keys made in Python, never the database's lower()/ILIKE: SQLite
   lower-cases ASCII only, and PostgreSQL's lower() depends on the collation.
   - `fold(text)`: names and free text. Unicode's canonical caseless match (The Unicode
     Standard, section 3.13, D145: NFD(casefold(NFD(x)))), stored as NFC, whitespace runs
     collapsed. "ÅSE", "åse" and "A\\u030ase" all fold to "åse"; "Straße" folds to "strasse".
   - `email_key(address)`: e-mail addresses. NFC, stripped and lower-cased (not casefolded:
     "ß" → "ss" would change the address mail goes to). Sign-ups and goal owners store
     their address as this key, so duplicates and look-ups are an equality on an index.
3. A sign-up's `search_text` holds the keys of its names, e-mail addresses and phone
   numbers (also those in repeat rows), one per line between newlines; it is written
   whenever the answers are (see intake.signups.models). Staff search is a LIKE for the
   folded query inside it; GDPR find is a LIKE for a whole line. Both sides are keys, so
   LIKE only compares code points, the same on SQLite and on PostgreSQL in any locale.
4. Where no key column exists (the outbox), `ascii_anchor` gives a prefilter that is
   true for every canonically equivalent spelling, and the exact test is done in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

LINE = "\n"
NAME_KEYS = ("navn", "firmanavn", "organisation", "virksomhed")
NAME_AUTOCOMPLETE = ("name", "organization")
E164 = re.compile(r"\+\d{6,15}")
WHITESPACE = re.compile(r"\s+")
ASCII_RUN = re.compile(r"[\x20-\x7e]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """The caseless key of a name or free text: NFC, casefolded, single spaces, stripped."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    return WHITESPACE.sub(" ", unicodedata.normalize("NFC", folded)).strip()


def email_key(address: str) -> str:
    """The stored and compared form of an e-mail address: NFC, stripped, lower-case."""
    return nfc(nfc(address.strip()).lower())


def like_escaped(text: str) -> str:
    """Text for a LIKE pattern with ESCAPE '\\': its wildcards match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ascii_anchor(key: str) -> str:
    """The longest ASCII run of a key: present, up to ASCII case, in every canonically
    equivalent spelling of the key's text, and in JSON that escapes non-ASCII letters."""
    runs = ASCII_RUN.findall(nfc(key))
    return max(runs, key=len) if runs else ""


# -- the search text of a sign-up ------------------------------------------------------


def is_name_field(fdef) -> bool:
    """Answers that hold a person's or a company's name (searched and shown in the list)."""
    return fdef.type == "text" and (fdef.autocomplete in NAME_AUTOCOMPLETE or fdef.key in NAME_KEYS)


def _contact_key(value: str, is_phone: bool) -> str | None:
    text = value.strip()
    if "@" in text:
        return email_key(text)
    if is_phone or E164.fullmatch(text):
        return text
    return None


def _keys(fields: Mapping[str, object] | None, answers: Mapping) -> Iterable[str]:
    """Keys of one level of answers; `fields` maps keys to their definitions (None: unknown
    form, when only the well-known name keys count as names)."""
    for key, value in answers.items():
        fdef = fields.get(key) if fields is not None else None
        if isinstance(value, str) and value.strip():
            is_name = is_name_field(fdef) if fdef is not None else key in NAME_KEYS
            if is_name:
                yield fold(value)
            contact = _contact_key(value, fdef is not None and fdef.type == "phone")
            if contact:
                yield contact
        elif isinstance(value, list):
            sub_fields = {f.key: f for f in fdef.fields} if fdef is not None else None
            for row in value:
                if isinstance(row, Mapping):
                    yield from _keys(sub_fields, row)


def search_text(definition, answers: Mapping | None) -> str:
    """What staff search and GDPR find look in: one key per line, with a newline at each
    end so that a whole line is the LIKE pattern '%\\n<key>\\n%'. `form` may be None."""
    fields = {f.key: f for f in definition.fields} if definition is not None else None
    keys = list(dict.fromkeys(k for k in _keys(fields, answers or {}) if k))
    return LINE + LINE.join(keys) + LINE if keys else ""


def line_pattern(key: str) -> str:
    return f"%{LINE}{like_escaped(key)}{LINE}%"


def contains_pattern(query: str) -> str | None:
    """The LIKE pattern for a staff search, or None when the query folds to nothing."""
    key = fold(query)
    return f"%{like_escaped(key)}%" if key else None


# -- the boundary ------------------------------------------------------------------------


class NFCMultiDict(ImmutableMultiDict):
    """Form and query values in NFC, whatever normal form the browser sent."""

    def __init__(self, mapping=None):
        super().__init__(mapping)
        for key, values in list(dict.items(self)):
            dict.__setitem__(self, key, [nfc(v) if isinstance(v, str) else v for v in values])


class NFCRequest(Request):
    parameter_storage_class = NFCMultiDict
