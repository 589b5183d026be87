"""What a POST carried, exactly as typed, labelled by the form definition.

For the pages that cannot store a POST (a form that has closed, a questionnaire session that
has ended): the person gets back what they typed, invalid values included, so nothing they
wrote is lost at a cut-off (issue 9 §3).
"""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from intake.formdefs.schema import FieldDef


def posted_rows(fields: Iterable[FieldDef], formdata: MultiDict,
                prefix: str = "") -> list[tuple[str, str]]:
    """[(label, text)] for every field of `fields` the POST filled in, in the form's order.

    A choice shows its option's label; a repeat shows one line per filled row ("name: value").
    Empty values are left out.
    """
    found = []
    for fdef in fields:
        if not fdef.has_input:
            continue
        name = prefix + fdef.key
        if fdef.type == "repeat":
            text = _repeat_text(fdef, formdata, name)
        else:
            labels = {o.code: str(o.label) for o in fdef.options}
            values = [v.strip() for v in formdata.getlist(name) if v and v.strip()]
            text = ", ".join(labels.get(v, v) for v in values)
        if text:
            found.append((str(fdef.label), text))
    return found


def _repeat_text(fdef: FieldDef, formdata: MultiDict, name: str) -> str:
    lines = []
    for number in range(int(fdef.max or 1)):
        row = posted_rows(fdef.fields, formdata, prefix=f"{name}-{number}-")
        if row:
            lines.append("; ".join(f"{label}: {text}" for label, text in row))
    return "\n".join(lines)
