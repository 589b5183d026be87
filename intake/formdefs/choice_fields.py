"""Field types where the person picks: choice, multichoice, yes/no and dated occasions."""

from __future__ import annotations

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, widgets
from wtforms.validators import StopValidation, ValidationError

from intake.formdefs.fields import FieldType, register
from intake.formdefs.validators import RequiredWhenShown


class ChoiceBase(FieldType):
    has_options = True
    max_length_default = None

    def choices(self, fdef):
        return [SelectChoice(o.code, o.label) for o in fdef.options]

    def display(self, fdef, value):
        if value is None:
            return ""
        codes = value if isinstance(value, list) else [value]
        return ", ".join(str(o.label) if (o := fdef.option(str(c))) else str(c) for c in codes)

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

    def make(self, fdef):
        cls = LenientSelectField if fdef.widget == "select" else LenientRadioField
        choices = self.choices(fdef)
        if fdef.widget == "select":
            choices = [SelectChoice("", _l("Vælg …")), *choices]
        return cls(
            fdef.label, choices=choices, validators=[RequiredWhenShown(fdef), VisibleOption(fdef)],
            default=fdef.default, validate_choice=False,
        )

    def check(self, fdef, problem):
        super().check(fdef, problem)
        if fdef.widget not in (None, "radio", "select"):
            problem("'widget' skal være radio eller select")


class SelectionCount:
    def __init__(self, minimum, maximum):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, form, field):
        count = len(field.data or [])
        if self.minimum and count < self.minimum:
            raise ValidationError(_l("Vælg mindst %(n)s.", n=self.minimum))
        if self.maximum and count > self.maximum:
            raise ValidationError(_l("Vælg højst %(n)s.", n=self.maximum))


@register
class MultichoiceType(ChoiceBase):
    name = "multichoice"
    excel = "list"

    def make(self, fdef):
        return LenientMultiField(
            fdef.label, choices=self.choices(fdef), default=fdef.default or [],
            validators=[RequiredWhenShown(fdef), VisibleOption(fdef), SelectionCount(fdef.min, fdef.max)],
            validate_choice=False,
        )

    def clean(self, fdef, data):
        return list(data) if data else []


@register
class YesNoType(ChoiceBase):
    name = "yesno"

    def choices(self, fdef):
        return [SelectChoice("ja", _l("Ja")), SelectChoice("nej", _l("Nej"))]

    def make(self, fdef):
        return LenientRadioField(
            fdef.label, choices=self.choices(fdef), default=fdef.default,
            validators=[RequiredWhenShown(fdef), OneOf({"ja", "nej"})], validate_choice=False,
        )

    def display(self, fdef, value):
        return {"ja": str(_l("Ja")), "nej": str(_l("Nej"))}.get(value, "")

    def check(self, fdef, problem):
        if fdef.options:
            problem("ja/nej-felter har faste svarmuligheder; fjern 'options'")


class OneOf:
    def __init__(self, codes):
        self.codes = codes

    def __call__(self, form, field):
        if field.data not in self.codes:
            raise StopValidation(_l("Vælg en af mulighederne."))


class OfferedChoice:
    """Only dates the page offered can be booked; a forged date would bypass capacity."""

    def __call__(self, form, field):
        offered = {str(choice.value) for choice in field.choices}
        codes = field.data if isinstance(field.data, list) else [field.data]
        if any(str(code) not in offered for code in codes if code not in (None, "")):
            raise StopValidation(_l("Vælg en af mulighederne."))


@register
class OccasionType(FieldType):
    """Dated occasions from the form's list or monthly rule; choices are set per request."""

    name = "occasion"
    excel = "list"
    max_length_default = None

    def make(self, fdef):
        validators = [RequiredWhenShown(fdef), OfferedChoice(), SelectionCount(fdef.min, fdef.max)]
        if fdef.extra.get("multiple"):
            return LenientMultiField(fdef.label, choices=[], validators=validators, validate_choice=False)
        return LenientRadioField(fdef.label, choices=[], validators=validators[:2], validate_choice=False)

    def clean(self, fdef, data):
        if not data:
            return [] if fdef.extra.get("multiple") else None
        return list(data) if isinstance(data, list) else data

    def display(self, fdef, value):
        from intake.formdefs.occasions import describe_key

        codes = value if isinstance(value, list) else ([value] if value else [])
        return ", ".join(describe_key(c) for c in codes)
