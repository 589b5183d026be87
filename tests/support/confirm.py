"""Staff actions that can harm answer first with a confirmation page (intake.staff.preview);
these helpers read that page and post its form back, as a staff member pressing "Ja" would."""

from __future__ import annotations

from tests.support.htmlform import RenderedForm


def confirmation_form(response) -> RenderedForm:
    """The form on a confirmation page that carries `confirm` (the page's other form is log out)."""
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    for index in range(html.count("<form")):
        form = RenderedForm(html, form_index=index)
        if "confirm" in form.names and "preview" in form.names:
            return form
    raise AssertionError("no confirmation form on the page")


def confirm(client, response, **values):
    """Press "Ja" on the confirmation page that `response` shows; returns the action's response."""
    form = confirmation_form(response)
    for name, value in values.items():
        form.set(name, value)
    return client.post(form.action, data=form.data())
