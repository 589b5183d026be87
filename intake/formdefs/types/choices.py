"""Field types where the person picks from the form's options: one, several, or yes/no."""

from __future__ import annotations

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, widgets
from wtforms.validators import StopValidation, ValidationError

from intake.exports.cells import Column
from intake.formdefs.schema import Text
from intake.formdefs.types.base import ANSWERED, IDENTITY, FieldType, bounds, prop, register

OPTIONS = prop("options", "Svarmuligheder", "Options", "options", required=True)
YESNO = {"ja": "Ja", "nej": "Nej"}  # the stored codes and their Danish labels in exports

# Radio buttons or check boxes in a fieldset; a seat count after each option when the
# form's capacity is counted per option of this field (options_fieldset asks the bucket).
FIELDSET_TEMPLATE = """\
{% from "public/_fields.html" import options_fieldset %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
    {{ options_fieldset(definition, fdef, field, key, db, seats) }}
{% endmacro %}
"""

SELECT_TEMPLATE = """\
{% from "public/_fields.html" import options_fieldset, required_mark, help_and_errors %}
{% macro render(definition, fdef, field, key, attrs, db, seats, row) %}
  {% if fdef.widget == 'select' %}
    <label class="form-label" for="{{ key }}">
      {{- fdef.label }}{{ required_mark(fdef, definition) }}</label>
    {{ help_and_errors(key, fdef, field, definition) }}
    <select class="form-select" id="{{ key }}" name="{{ field.name }}"
      {%- for k, v in attrs.items() if v is not false %} {{ k }}="{{ v }}"{% endfor %}>
      <option value="">{{ _("Vælg …") }}</option>
      {% for group, options in fdef.options|groupby_label %}
        {% if group %}<optgroup label="{{ group }}">{% endif %}
        {% for o in options %}
          <option value="{{ o.code }}"{% if field.data == o.code %} selected{% endif %}
            {%- if o.show_if %} data-show-if="{{ o.show_if.as_json()
                                                 |tojson|forceescape }}"{% endif %}>
            {{- o.label }}</option>
        {% endfor %}
        {% if group %}</optgroup>{% endif %}
      {% endfor %}
    </select>
  {% else %}
    {{ options_fieldset(definition, fdef, field, key, db, seats) }}
  {% endif %}
{% endmacro %}
"""


class ChoiceBase(FieldType):
    value = "code"
    max_length_default = None
    required_text = _l("Vælg en af mulighederne.")
    properties = IDENTITY + ANSWERED + (OPTIONS,)
    template = FIELDSET_TEMPLATE

    def choices(self, fdef):
        return [SelectChoice(o.code, o.label) for o in fdef.options]

    def display(self, fdef, value):
        if value is None:
            return ""
        codes = value if isinstance(value, list) else [value]
        return ", ".join(str(o.label) if (o := fdef.option(str(c))) else str(c) for c in codes)

    def option_codes(self, fdef):
        return {o.code for o in fdef.options}

    def labels(self, fdef) -> dict[str, str]:
        return {o.code: o.label.da for o in fdef.options}

    def export_maker(self, fdef, codes):
        """The option's Danish label; the stored code in the codes export."""
        if codes:
            return None
        key, labels = fdef.key, self.labels(fdef)

        def label(a: dict) -> list:
            value = a.get(key)
            if value is None or value == "":
                return [None]
            return [labels.get(str(value), str(value))]

        return label

    def check(self, fdef, problem):
        if not fdef.options:
            problem("har ingen svarmuligheder ('options' er tom)")
        seen = set()
        for option in fdef.options:
            if option.code in seen:
                problem(f"svarmuligheden '{option.code}' står to gange")
            seen.add(option.code)


class VisibleOption:
    """An option with its own show_if is only valid when its condition holds."""

    def __init__(self, fdef):
        self.fdef = fdef

    def __call__(self, form, field):
        codes = field.data if isinstance(field.data, list) else [field.data]
        answers = form.raw_answers()
        for code in codes:
            option = self.fdef.option(str(code)) if code is not None else None
            if code is not None and option is None:
                raise StopValidation(_l("Vælg en af mulighederne."))
            if option is not None and option.show_if and not option.show_if.holds(answers):
                raise StopValidation(_l("Den valgte mulighed passer ikke til dine andre svar."))


class LenientRadioField(wtforms.RadioField):
    """Invalid choices are reported by VisibleOption in Danish instead of WTForms' English."""

    def pre_validate(self, form):
        return None


class LenientSelectField(wtforms.SelectField):
    def pre_validate(self, form):
        return None


class LenientMultiField(wtforms.SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        return None

    def process_formdata(self, valuelist):
        self.data = [v for v in valuelist if v]


@register
class ChoiceType(ChoiceBase):
    name = "choice"
    label = Text("ét valg", "one choice")
    properties = ChoiceBase.properties + (
        prop("widget", "Vises som", "Shown as", "choice", allowed=("radio", "select"),
             default="radio"),
    )
    template = SELECT_TEMPLATE

    def make(self, fdef):
        cls = LenientSelectField if fdef.widget == "select" else LenientRadioField
        choices = self.choices(fdef)
        if fdef.widget == "select":
            choices = [SelectChoice("", _l("Vælg …")), *choices]
        return cls(
            fdef.label, choices=choices, validators=[self.required(fdef), VisibleOption(fdef)],
            default=fdef.default, validate_choice=False,
        )


class SelectionCount:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        count = len(field.data or [])
        if self.minimum and count < self.minimum:
            raise ValidationError(_l("Vælg mindst %(n)s.", n=self.minimum))
        if self.maximum and count > self.maximum:
            raise ValidationError(_l("Vælg højst %(n)s.", n=self.maximum))


COUNT_BOUNDS = bounds("integer", ("Mindst antal valg", "Højst antal valg"),
                      ("Fewest choices", "Most choices"))


@register
class MultichoiceType(ChoiceBase):
    name = "multichoice"
    label = Text("flere valg", "several choices")
    value = "codes"
    excel = "list"
    required_text = _l("Sæt kryds ved mindst én af mulighederne.")
    properties = ChoiceBase.properties + COUNT_BOUNDS

    def make(self, fdef):
        return LenientMultiField(
            fdef.label, choices=self.choices(fdef), default=fdef.default or [],
            validators=[self.required(fdef), VisibleOption(fdef),
                        SelectionCount(fdef.min, fdef.max)],
            validate_choice=False,
        )

    def clean(self, fdef, data):
        return list(data) if data else []

    # One readable column and one 0/1 column per option, so staff can filter and count.
    def export_columns(self, fdef, codes):
        return [Column(fdef.label.da), *(Column(_flag_header(fdef, o.code, o.label.da, codes),
                                                "flag") for o in fdef.options)]

    def export_maker(self, fdef, codes):
        key = fdef.key
        option_codes = [o.code for o in fdef.options]
        labels = self.labels(fdef)

        def make(a: dict) -> list:
            value = a.get(key)
            chosen = ([str(c) for c in value] if isinstance(value, list)
                      else ([str(value)] if value else []))
            shown = ", ".join(chosen if codes else [labels.get(c, c) for c in chosen]) or None
            picked = set(chosen)
            return [shown, *(1 if code in picked else 0 for code in option_codes)]

        return make

    def export_describe(self, sheet, fdef, codes, prefix=""):
        out = super().export_describe(sheet, fdef, codes, prefix)
        for option in fdef.options:
            out.append([sheet, _flag_header(fdef, option.code, option.label.da, codes),
                        prefix + fdef.key, "0/1", f"1 hvis «{option.label.da}» er valgt, ellers 0",
                        option.code, option.label.da, ""])
        return out


def _flag_header(fdef, code: str, label: str, codes: bool) -> str:
    return f"{fdef.label.da}: {code if codes else label}"


class OneOf:
    def __init__(self, codes):
        self.codes = codes

    def __call__(self, form, field):
        if field.data not in self.codes:
            raise StopValidation(_l("Vælg en af mulighederne."))


@register
class YesNoType(ChoiceBase):
    name = "yesno"
    label = Text("ja/nej", "yes/no")
    required_text = _l("Vælg ja eller nej.")
    properties = IDENTITY + ANSWERED
    column_width = 8

    def choices(self, fdef):
        return [SelectChoice("ja", _l("Ja")), SelectChoice("nej", _l("Nej"))]

    def make(self, fdef):
        return LenientRadioField(
            fdef.label, choices=self.choices(fdef), default=fdef.default,
            validators=[self.required(fdef), OneOf({"ja", "nej"})], validate_choice=False,
        )

    def display(self, fdef, value):
        return {"ja": str(_l("Ja")), "nej": str(_l("Nej"))}.get(value, "")

    def option_codes(self, fdef):
        return set(YESNO)

    def labels(self, fdef):
        return dict(YESNO)

    def export_options(self, fdef):
        return list(YESNO.items())

    def check(self, fdef, problem):
        if fdef.options:
            problem("ja/nej-felter har faste svarmuligheder; fjern 'options'")
