"""Each personal link's page holds that person's own name and e-mail (and, once answered,
their own answer): never the HTML of another invitee's page. The public form caches the
fields of an untouched form (intake.public.rendering.form_fields); a page filled for one
person must not be served from, or into, that cache. A form without file fields posts as
an ordinary form; see tests/files/test_changed_answers.py for one with files."""

from __future__ import annotations

from datetime import timedelta

from intake.clock import now as clock_now
from intake.invitations import form_service
from intake.invitations.form_lists import Recipient
from intake.transactions import unit_of_work
from tests.invitations.form_helpers import SLUG, app, form_with, links_by_address, now  # noqa: F401
from tests.support.signups import text_of


def _send(app, *people: tuple[str, str]) -> dict[str, str]:  # noqa: F811
    with app.app_context(), unit_of_work(write=True):
        form_service.send(form_service.SendingData(
            form_slug=SLUG, subject="Kom", body="Hej {{ link }}",
            deadline_at=clock_now() + timedelta(days=7)),
            [Recipient(name, email) for name, email in people], sent_by="test")
    return links_by_address(app)


def test_two_invitees_each_see_their_own_name_and_address(app, now):  # noqa: F811
    links = _send(app, ("Anna Hansen", "anna@firma.dk"), ("Bo Berg", "bo@firma.dk"))
    client = app.test_client()
    first = client.get(links["anna@firma.dk"]).get_data(as_text=True)
    assert form_with(first, "navn").values["navn"] == ["Anna Hansen"]
    second = client.get(links["bo@firma.dk"]).get_data(as_text=True)
    form = form_with(second, "navn")
    assert form.values["navn"] == ["Bo Berg"] and form.values["email"] == ["bo@firma.dk"]
    assert "Anna Hansen" not in second and "anna@firma.dk" not in second
    assert 'enctype="multipart/form-data"' not in second  # no file field on this form
    # The public form is not given an invitee's name either.
    assert "Bo Berg" not in text_of(client.get(f"/f/{SLUG}"))
