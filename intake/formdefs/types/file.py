"""The `file` field: a person attaches one or more files (an action plan, a report).

Files are checked by their content (intake.files.checks), up to `max_mb` MB each and
`max_files` in all, of the kinds in `allowed` ("pdf, docx, xlsx, png, jpeg"; default all).
A refused file gets a Danish message next to the field that says to choose the file again
(a browser never sends a file twice); every other answer is kept. The accepted files are
stored by intake.files.service.attach once the sign-up is accepted; the stored answer is a
list of references {"id": int, "name": str, "size": bytes, "type": kind}, never a path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import FileStorage
from wtforms.validators import StopValidation
from wtforms.widgets import FileInput

from intake.exports.cells import Column, Link
from intake.files import checks
from intake.formdefs.schema import Text
from intake.formdefs.types.base import ANSWERED, IDENTITY, FieldType, prop, register

DEFAULT_MB = 10
MAX_MB = 50  # per file; a form's total request limit follows from its fields (request_limit)
MAX_FILES = 10
MAX_FIELD_MB = 100  # max_mb x max_files: what one field may make a request carry (held in memory)
MB = 1024 * 1024


@dataclass(frozen=True)
class Checked:
    """A file that passed every check, held in memory until the sign-up is accepted."""

    name: str
    kind: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def reference(self) -> dict:
        return {"name": self.name, "size": len(self.data), "type": self.kind}


def allowed_kinds(fdef) -> tuple[str, ...]:
    """The kinds a field accepts, from `allowed` as text ("pdf, png") or a list."""
    raw = fdef.extra.get("allowed")
    if not raw:
        return checks.ALL_KINDS
    words = re.findall(r"[a-z]+", str(raw).lower())
    words = ["jpeg" if w == "jpg" else w for w in words]
    return tuple(k for k in checks.ALL_KINDS if k in words)


def max_mb(fdef) -> int:
    value = fdef.extra.get("max_mb")
    return DEFAULT_MB if value is None else value


def max_files(fdef) -> int:
    value = fdef.extra.get("max_files")
    return 1 if value is None else value


def request_limit(definition, blocks: int = 0) -> int | None:
    """Bytes a POST of `definition` needs at most when every file is within its limits: its
    files at their limits plus 1 MB for the rest; None when the form has no file field (the
    app's MAX_CONTENT_LENGTH applies). The body actually accepted is at least this, and up to
    UPLOAD_REQUEST_CEILING_MB (intake.uploads.request.allow_files), so a file over its limit
    is refused next to its field instead of by the 413 page.
    `blocks`: how many goal blocks the page shows (a follow-up asks its `goal_fields` once
    per goal of the owner, intake/followup/views.py), each with its file fields' limits."""
    sizes = [max_mb(f) * MB * max_files(f) for f in definition.fields if f.type == "file"]
    sizes += [max_mb(f) * MB * max_files(f) * blocks
              for f in definition.goal_fields if f.type == "file"]
    return sum(sizes) + MB if any(sizes) else None


def largest_file(definition, blocks: int = 0) -> int | None:
    """Bytes of the largest file one of the page's file fields accepts (its `max_mb`), the
    goal fields' counted when the page shows goal blocks; None without a file field. A file
    part of the request keeps at most this + 1 byte (intake.uploads.request)."""
    fields = [*definition.fields, *(definition.goal_fields if blocks else ())]
    sizes = [max_mb(f) * MB for f in fields if f.type == "file"]
    return max(sizes) if sizes else None


def too_big_text(fdef, name: str) -> LazyString:
    """The message next to the field for the file `name` over `max_mb` (server and forms.js)."""
    return _l("«%(name)s» er for stor. En fil må højst fylde %(max)d MB. Vælg en mindre fil.",
              name=name, max=max_mb(fdef))


def too_many_text(fdef) -> LazyString:
    """The message next to the field when more than `max_files` are chosen."""
    most = max_files(fdef)
    if most == 1:
        return _l("Du kan kun vedhæfte én fil. Vælg den igen.")
    return _l("Du kan højst vedhæfte %(num)d filer. Vælg filerne igen.", num=most)


def without_ids(answers: dict) -> dict:
    """The answers with file references as `clean` gives them, before the files are stored
    (no "id"): what a replayed POST is compared with (intake.signups.service.submit)."""

    def plain(value):
        if isinstance(value, list) and value and all(
                isinstance(i, dict) and i.keys() == {"id", "name", "size", "type"} for i in value):
            return [{k: v for k, v in i.items() if k != "id"} for i in value]
        return value

    return {key: plain(value) for key, value in (answers or {}).items()}


def kinds_text(kinds) -> str:
    return ", ".join(str(checks.KINDS[k].label) for k in kinds)


def limits_text(fdef) -> LazyString:
    """The hint under the field, in the request's language (the form class outlives it)."""

    def text() -> str:
        kinds, most = kinds_text(allowed_kinds(fdef)), max_files(fdef)
        if most == 1:
            return _("Filtyper: %(kinds)s. Højst %(mb)d MB.", kinds=kinds, mb=max_mb(fdef))
        return _("Filtyper: %(kinds)s. Højst %(num)d filer på hver højst %(mb)d MB.",
                 kinds=kinds, num=most, mb=max_mb(fdef))

    return LazyString(text)


def accept(fdef) -> str:
    """The file picker's filter (a convenience only: the server checks the content)."""
    kinds = [checks.KINDS[k] for k in allowed_kinds(fdef)]
    return ",".join([f".{e}" for k in kinds for e in k.extensions]
                    + [k.content_type for k in kinds])


class AcceptedFiles:
    """Count, size, name and content of every chosen file; the checked files are kept on
    the field as `field.checked` for intake.files.service.attach."""

    def __init__(self, fdef):
        self.fdef = fdef

    def __call__(self, form, field):
        field.checked = []
        chosen = [f for f in field.data or [] if isinstance(f, FileStorage) and f]
        if not chosen:
            return  # nothing new: stored references (an edited answer, from_stored) stay
        if len(chosen) > max_files(self.fdef):
            raise StopValidation(too_many_text(self.fdef))
        try:
            field.checked = [self.check(storage) for storage in chosen]
        except checks.Refused as refused:
            field.checked = []
            raise StopValidation(str(refused)) from None

    def check(self, storage) -> Checked:
        name = checks.clean_name(storage.filename)
        limit = max_mb(self.fdef) * MB
        data = storage.stream.read(limit + 1)
        if len(data) > limit:  # the request kept at most limit + 1 (intake.uploads.request)
            raise checks.Refused(too_big_text(self.fdef, name))
        if not data:
            raise checks.Refused(_l("«%(name)s» er tom. Vælg filen igen.", name=name))
        kinds = allowed_kinds(self.fdef)
        kind = checks.detect(data)
        if kind not in kinds:
            raise checks.Refused(_l(
                "«%(name)s» er ikke en af de filtyper, vi tager imod (%(kinds)s). Vælg en anden "
                "fil.", name=name, kinds=kinds_text(kinds)))
        return Checked(checks.named_for(name, kind), kind, data)


class FilesField(MultipleFileField):
    """The file picker. A page that lets the person remove a stored file (the follow-up
    questionnaire) sets `removable`: the macro then offers a "Fjern" checkbox per stored file
    (named `<field name>-fjern`, value the file id), and `drop` takes the ticked ones out.
    `kept` holds the stored references shown again when a newly chosen file was refused.
    `fdef`: the field's definition, for the limits the macro hands to forms.js."""

    removable = False
    kept: list | None = None

    def __init__(self, *args, fdef=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fdef = fdef

    def client_checks(self) -> dict[str, str]:
        """data-* attributes of the picker: the limits and the server's own messages, so
        intake/static/js/forms.js refuses a file that is too big, or too many files, as soon
        as they are chosen (progressive enhancement: the server checks everything again).
        In data-too-big, "{name}" stands for the file's name."""
        if self.fdef is None:
            return {}
        return {
            "data-max-bytes": str(max_mb(self.fdef) * MB),
            "data-max-files": str(max_files(self.fdef)),
            "data-too-big": str(too_big_text(self.fdef, "{name}")),
            "data-too-many": str(too_many_text(self.fdef)),
            "data-error-label": _("Fejl"),
        }

    def stored(self) -> list[dict]:
        """The stored references to name under the picker: those the field still holds (no
        new file chosen), else `kept`, else those the page gave it (`object_data`: Min
        tilmelding and form invitations) before a newly chosen file, refused, took their
        place; that file is not stored, so they still are."""
        held = [i for i in self.data or [] if isinstance(i, dict)]
        if held:
            return held
        if self.kept is not None:
            return self.kept
        given = self.object_data if isinstance(self.object_data, list) else []
        return [i for i in given if isinstance(i, dict)]

    def drop(self, removed_ids) -> None:
        """Leave out the stored references whose id is in `removed_ids` (text or int)."""
        wanted = {str(i) for i in removed_ids}
        stored = [i for i in self.data or [] if isinstance(i, dict)]
        if stored and len(stored) == len(self.data or []):
            self.data = [i for i in stored if str(i.get("id")) not in wanted] or None
        if self.kept:
            self.kept = [i for i in self.kept if str(i.get("id")) not in wanted]


# The macro's two hints, marked here so that pybabel extracts them: it does not read the
# template string below, which asks for the same texts at run time.
_HINTS = (
    _l("Gemt: %(names)s. Vælg en ny fil, hvis du vil erstatte den."),
    _l("Du valgte %(names)s. Vælg filen igen, før du sender, for en browser sender ikke en "
       "fil to gange."),
    _l("Fjern %(name)s"),
)


@register
class FileType(FieldType):
    """Files attached to the answer; see the module docstring."""

    name = "file"
    label = Text("fil(er)", "file(s)")
    value = "files"
    excel = "text"
    max_length_default = None
    top_level_only = True  # stored per sign-up and field: never in a repeat's rows...
    in_goal_block = True  # ...but per goal in a follow-up (an action plan, issue 14 §3)
    required_text = _l("Vælg en fil.")
    properties = IDENTITY + ANSWERED[:3] + (
        prop("allowed", "Tilladte filtyper (pdf, docx, xlsx, png, jpeg)",
             "Allowed kinds (pdf, docx, xlsx, png, jpeg)", "string"),
        prop("max_mb", "Højst MB pr. fil", "Maximum MB per file", "integer", default=DEFAULT_MB),
        prop("max_files", "Højst antal filer", "Maximum number of files", "integer", default=1),
    )
    template = """\
{% from "public/_fields.html" import required_mark, help_and_errors %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    <label class="form-label" for="{{ key }}">
      {{- fdef.label }}{{ required_mark(fdef, definition) }}</label>
    {{ help_and_errors(key, fdef, field, definition) }}
    <span class="form-hint" id="limits-{{ key }}">{{ field.description }}</span>
    {% set described = ((attrs.get('aria-describedby') or '') ~ ' limits-' ~ key)|trim %}
    {% set kept = field.stored() if field and field.stored else [] %}
    {% if kept and not field.checked %}
      <span class="form-hint" id="kept-{{ key }}">{{ _("Gemt: %(names)s. Vælg en ny fil, hvis du "
        "vil erstatte den.", names=kept|map(attribute='name')|join(', ')) }}</span>
      {% set described = described ~ ' kept-' ~ key %}
      {% if field.removable %}
        {% for item in kept %}
          <div class="form-group-checkbox file-remove">
            <input class="form-checkbox" type="checkbox" id="{{ key }}-fjern-{{ item.id }}"
              name="{{ field.name }}-fjern" value="{{ item.id }}">
            <label for="{{ key }}-fjern-{{ item.id }}">{{ _("Fjern %(name)s", name=item.name)
              }}</label>
          </div>
        {% endfor %}
      {% endif %}
    {% endif %}
    {% if field and field.checked %}
      <span class="form-hint" id="again-{{ key }}">{{ _("Du valgte %(names)s. Vælg filen igen, "
        "før du sender, for en browser sender ikke en fil to gange.",
        names=field.checked|map(attribute='name')|join(', ')) }}</span>
      {% set described = described ~ ' again-' ~ key %}
    {% endif %}
    {% set _unused = attrs.update({'aria-describedby': described}) %}
    {% if field.client_checks %}{% set _unused = attrs.update(field.client_checks()) %}{% endif %}
    {{ field(class='form-file', **attrs) }}
{% endmacro %}
"""

    def make(self, fdef):
        return FilesField(
            fdef.label, validators=[self.required(fdef), AcceptedFiles(fdef)], fdef=fdef,
            widget=FileInput(multiple=max_files(fdef) > 1), description=limits_text(fdef),
            render_kw={"accept": accept(fdef)},
        )

    def validate(self, form, fdef, field, extra):
        field.checked = []
        return field.validate(form, extra)

    def form_value(self, field):
        """The newly chosen files (checked), else the stored references it was given."""
        checked = getattr(field, "checked", None)
        if checked:
            return list(checked)
        return [item for item in field.data or [] if isinstance(item, dict)]

    def clean(self, fdef, data):
        """References without ids until intake.files.service.attach stores the files."""
        if not data:
            return None
        return [item.reference() if isinstance(item, Checked) else item for item in data]

    def from_stored(self, fdef, value):
        """The stored references: kept when an edited answer chooses no new file (a browser
        cannot be given a file back, so the field shows which files are stored)."""
        return [item for item in value or [] if isinstance(item, dict)] or None

    def display(self, fdef, value):
        if not value:
            return ""
        items = value if isinstance(value, list) else [value]
        return ", ".join(
            str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in items
        )

    def posted_text(self, fdef, formdata, name):
        return ""

    def check(self, fdef, problem):
        raw = fdef.extra.get("allowed")
        if raw:
            words = {"jpeg" if w == "jpg" else w for w in re.findall(r"[a-z]+", str(raw).lower())}
            unknown = sorted(words - set(checks.ALL_KINDS))
            if unknown or not words:
                problem("'allowed' kan kun være pdf, docx, xlsx, png og jpeg, adskilt af komma "
                        f"(ikke {', '.join(unknown) or raw!r})")
        if not 1 <= max_mb(fdef) <= MAX_MB:
            problem(f"'max_mb' skal være mellem 1 og {MAX_MB}")
        if not 1 <= max_files(fdef) <= MAX_FILES:
            problem(f"'max_files' skal være mellem 1 og {MAX_FILES}")
        elif max_mb(fdef) * max_files(fdef) > MAX_FIELD_MB:
            problem(f"'max_mb' gange 'max_files' må højst være {MAX_FIELD_MB} (MB i alt)")

    def export_columns(self, fdef, codes):
        """The names in one column, then one link column per file the field takes
        ("Bilag (link)", or "Bilag (link 1)" … "(link n)"): a cell holds one hyperlink."""
        count = max_files(fdef)
        links = ([f"{fdef.label.da} (link)"] if count == 1
                 else [f"{fdef.label.da} (link {n})" for n in range(1, count + 1)])
        return [Column(fdef.label.da, "text", 30), *(Column(h, "text", 40) for h in links)]

    def export_maker(self, fdef, codes):
        """Names, then a cells.Link per stored file (the workbook makes it a hyperlink to the
        staff download, the CSV writes the address). An answer from an older form version
        with more files than columns gets the rest's addresses as text in the last cell."""
        key, count = fdef.key, max_files(fdef)

        def cells(answers: dict) -> list:
            from intake.links import public_url

            items = [i for i in answers.get(key) or [] if isinstance(i, dict)]
            if not items:
                return [None] * (1 + count)
            names = ", ".join(str(i.get("name", "")) for i in items)
            links: list = [Link(public_url("staff.file_download", file_id=i["id"]),
                                str(i.get("name", "")))
                           for i in items if isinstance(i.get("id"), int)]
            if len(links) > count:
                links[count - 1:] = ["\n".join(link.url for link in links[count - 1:])]
            return [names, *links, *[None] * (count - len(links))]

        return cells
