"""Field types typed as text: a line, a longer text and an e-mail address."""

from __future__ import annotations

import wtforms
from wtforms.validators import StopValidation

from intake.formdefs.schema import Text
from intake.formdefs.types.base import AsTyped, FieldType, register, strip
from intake.outbox.addresses import UndeliverableAddress, deliverable


class TypedTextAreaField(AsTyped, wtforms.TextAreaField):
    pass


class TypedEmailField(AsTyped, wtforms.EmailField):
    pass


@register
class TextType(FieldType):
    name = "text"
    label = Text("tekst", "text")
    export_plain = True


@register
class TextareaType(FieldType):
    name = "textarea"
    label = Text("lang tekst", "long text")
    multiline = True
    max_length_default = 5000
    export_plain = True

    def make(self, fdef):
        kw = self.render_kw(fdef)
        kw.setdefault("rows", 5)
        return TypedTextAreaField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default,
            render_kw=kw,
        )


class EmailValid:
    """Only addresses intake can deliver to (intake/outbox/addresses.py): a non-ASCII
    letter before the @ is refused here, with its own message, not failed in the outbox."""

    def __call__(self, form, field):
        try:
            field.data = deliverable(field.data)
        except UndeliverableAddress as error:
            raise StopValidation(error.message) from error


@register
class EmailType(FieldType):
    name = "email"
    label = Text("e-mail", "e-mail")
    max_length_default = 254
    autocomplete = "email"
    identifies = True
    export_plain = True

    def make(self, fdef):
        return TypedEmailField(
            fdef.label, validators=self.validators(fdef), filters=[strip], default=fdef.default,
            render_kw=self.render_kw(fdef),
        )

    def type_validators(self, fdef):
        return [EmailValid()]
