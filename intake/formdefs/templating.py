"""Mail templates written by staff in the YAML files run in Jinja's sandbox.

Answers are passed in as values, never compiled as templates, so `{{7*7}}` typed into a
form stays text.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

MAIL_ENV = SandboxedEnvironment(
    autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True
)
HTML_ENV = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)

# Values every confirmation template may use besides the form's own field keys.
TEMPLATE_GLOBALS = frozenset({
    "reference", "status", "is_waitlisted", "is_pending", "form_title", "occasions",
    "cancel_url", "answers",
})


@lru_cache(maxsize=256)
def _compiled(source: str):
    """Compiling a template costs more than rendering it; definitions are fixed after start-up."""
    return MAIL_ENV.from_string(source)


def render_text(source: str, context: dict) -> str:
    return _compiled(source).render(context)
