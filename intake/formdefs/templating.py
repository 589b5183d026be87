"""Mail templates written by staff in the YAML files run in Jinja's sandbox.

Answers are passed in as values, never compiled as templates, so `{{7*7}}` typed into a
form stays text.
"""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

MAIL_ENV = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
HTML_ENV = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)

# Values every confirmation template may use besides the form's own field keys.
TEMPLATE_GLOBALS = frozenset({
    "reference", "status", "is_waitlisted", "form_title", "occasions", "cancel_url", "answers",
})


def render_text(source: str, context: dict) -> str:
    return MAIL_ENV.from_string(source).render(context)
