"""Picking one form out of a page that has several (log out, search, download, erase)."""

from __future__ import annotations

from tests.support.htmlform import RenderedForm


def form_posting_to(html: str, action: str) -> RenderedForm:
    for index in range(20):
        form = RenderedForm(html, index)
        if form.action == action:
            return form
        if form.action is None and not form.fields:
            break
    raise AssertionError(f"the page has no form posting to {action}")
