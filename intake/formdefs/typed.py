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

    Each type says how (FieldType.posted_text): a choice shows its option's label, a repeat
    one line per filled row ("name: value"). Empty values are left out.
    """
    from intake.formdefs.types import REGISTRY

    found = []
    for fdef in fields:
        if not fdef.has_input:
            continue
        text = REGISTRY[fdef.type].posted_text(fdef, formdata, prefix + fdef.key)
        if text:
            found.append((str(fdef.label), text))
    return found
