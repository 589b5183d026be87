"""A file picker refuses a file over its field's limit, or too many files, the moment they are
chosen (intake/static/js/forms.js, from the data-* limits the file field's macro writes): the
server's Danish message in the server's error markup next to the field, aria-invalid and
aria-describedby on the picker, the picker emptied, and nothing sent to the server."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NOW, LiveServer
from tests.browser.test_followup import assert_no_violations
from tests.support.files import PDF

pytestmark = pytest.mark.browser

MB = 1024 * 1024
FORM = """\
slug: bilag
title: Send bilag
fields:
  - {key: navn, type: text, required: true, label: Navn}
  - {key: plan, type: file, required: true, label: Handlingsplan, max_mb: 1}
  - {key: billeder, type: file, label: Billeder, allowed: "pdf, png", max_mb: 1, max_files: 2}
confirmation: {subject: Tak, body: Tak}
privacy:
  controller: Hedensted Kommune
  purpose: Test
  legal_basis: Art. 6, stk. 1, litra e
  retention: 1 år
  rights: Indsigt, berigtigelse, sletning
  contact: erhverv@hedensted.dk
"""


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    """Overrides the public one: a form with two file fields of 1 MB."""
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bilag.yaml").write_text(FORM, encoding="utf-8")
    frozen_clock(NOW)
    with LiveServer(make_app(FORMS_DIR=str(forms))) as server:
        yield server


def pdf(name: str, size: int) -> dict:
    return {"name": name, "mimeType": "application/pdf",
            "buffer": PDF + b"%" * max(size - len(PDF), 0)}


def chosen(page, selector: str) -> int:
    return page.eval_on_selector(selector, "input => input.files.length")


def test_a_too_big_file_is_refused_next_to_the_field_before_anything_is_sent(page):
    page.goto("/f/bilag")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.fill("#navn", "Anne Møller")

    page.set_input_files("#plan", files=[pdf("Scannet plan.pdf", MB + 1)])
    error = page.locator("#err-plan")
    error.wait_for()
    assert error.inner_text().replace("\n", " ") == (
        "Fejl: «Scannet plan.pdf» er for stor. En fil må højst fylde 1 MB. Vælg en mindre fil.")
    assert error.get_attribute("class") == "form-error-message"
    assert page.locator("#err-plan .sr-only").inner_text() == "Fejl:"
    picker = page.locator("#plan")
    assert picker.get_attribute("aria-invalid") == "true"
    described = picker.get_attribute("aria-describedby").split()
    assert described.index("err-plan") < described.index("limits-plan")
    assert "form-error" in page.locator("#wrap-plan").get_attribute("class").split()
    assert chosen(page, "#plan") == 0  # emptied: the 1 MB never leaves the phone
    assert page.input_value("#navn") == "Anne Møller"
    assert_no_violations(page, "a file refused in the browser")

    # Too many files in the other picker: its own message; the first one's stays.
    page.set_input_files("#billeder", files=[pdf(f"{n}.pdf", 10) for n in "abc"])
    page.locator("#err-billeder").wait_for()
    assert page.locator("#err-billeder").inner_text().replace("\n", " ") == (
        "Fejl: Du kan højst vedhæfte 2 filer. Vælg filerne igen.")
    assert chosen(page, "#billeder") == 0
    assert page.locator("#err-plan").count() == 1

    # A file within the limit takes the message away again.
    page.set_input_files("#plan", files=[pdf("plan.pdf", 1000)])
    page.locator("#err-plan").wait_for(state="detached")
    assert picker.get_attribute("aria-invalid") is None
    assert "err-plan" not in (picker.get_attribute("aria-describedby") or "")
    assert "form-error" not in page.locator("#wrap-plan").get_attribute("class").split()
    assert chosen(page, "#plan") == 1
    assert posts == [], posts
    assert not page.errors, page.errors


def test_the_server_says_the_same_when_the_script_is_not_there(make_page, live_server):
    page = make_page(java_script_enabled=False)
    page.goto("/f/bilag")
    page.fill("#navn", "Anne Møller")
    page.set_input_files("#plan", files=[pdf("Scannet plan.pdf", MB + 1)])
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("#err-plan").inner_text().replace("\n", " ") == (
        "Fejl: «Scannet plan.pdf» er for stor. En fil må højst fylde 1 MB. Vælg en mindre fil.")
    assert page.input_value("#navn") == "Anne Møller"
