"""The registry reads the database: a publish, a close and a reopen take effect on the next
request, old versions stay readable, shipped files are imported (and newer files too, unless
staff changed the form in the browser), and `listed: false` keeps a form off the front page."""

from __future__ import annotations

import logging
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from intake.clock import LOCAL
from intake.extensions import db
from intake.formdefs import store
from intake.formdefs.registry import FormRegistry, current_registry
from tests.support.htmlform import RenderedForm
from tests.support.shipped import shipped_version
from tests.support.signups import GROUP, NOW, group_form, signups, text_of

SHIPPED = Path(__file__).resolve().parents[2] / "forms"
ANNA = "anna@hedensted.dk"


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def publish_changed(app, slug: str, change) -> int:
    with app.app_context():
        draft = store.get_draft(slug)
        mapping = change(draft.mapping) or draft.mapping
        draft = store.save_draft(slug, mapping, expected_revision=draft.revision, by=ANNA)
        info = store.publish(slug, expected_revision=draft.revision, by=ANNA)
        db.session.commit()
        return info.version


def retitle(mapping: dict) -> None:
    mapping["title"] = {"da": "Samarbejdsgrupper 2028", "en": "Working groups 2028"}


def test_shipped_files_are_imported_on_first_use(app):
    with app.app_context():
        assert sorted(current_registry().definitions) == sorted(
            p.stem for p in SHIPPED.glob("*.yaml")
        )
    with app.app_context():  # committed on its own, not only seen by the first context
        assert [v.published_by for v in store.versions("netvaerksmesse")] == [None]
        assert store.versions("netvaerksmesse")[0].version == shipped_version("netvaerksmesse")


def test_a_publish_is_served_on_the_next_request_and_old_versions_stay(app, client):
    assert "Tilmelding til en samarbejdsgruppe" in text_of(client.get(GROUP))

    version = publish_changed(app, "samarbejdsgruppe", retitle)

    assert version == 2
    assert "Samarbejdsgrupper 2028" in text_of(client.get(GROUP))
    with app.app_context():
        registry = current_registry()
        assert registry.get("samarbejdsgruppe").version == 2
        old = registry.get_version("samarbejdsgruppe", 1)
        assert old.version == 1 and old.title.da == "Tilmelding til en samarbejdsgruppe"
        assert registry.get_version("samarbejdsgruppe", 9) is None
        assert registry.form_class(registry.get("samarbejdsgruppe")) is registry.form_class(
            registry.get("samarbejdsgruppe")
        )


def test_a_sign_up_keeps_the_version_it_was_given_under(app, client):
    from tests.support.signups import sign_up

    sign_up(client, GROUP, group_form(client, 1))
    publish_changed(app, "samarbejdsgruppe", retitle)
    sign_up(client, GROUP, group_form(client, 2))
    assert [s.form_version for s in signups(app)] == [1, 2]


def test_close_now_and_reopen(app, client):
    form = RenderedForm(client.get(GROUP).get_data(as_text=True))
    with app.app_context():
        store.set_closed("samarbejdsgruppe", True, by=ANNA)
        db.session.commit()

    page = client.get(GROUP)
    assert "Tilmeldingen er lukket" in text_of(page)
    refused = client.post(GROUP, data=form.data())
    assert refused.status_code == 409 and "Tilmeldingen er lukket" in text_of(refused)
    assert signups(app) == []
    assert "Tilmeldingen er lukket." in text_of(client.get("/"))

    with app.app_context():
        store.set_closed("samarbejdsgruppe", False, by=ANNA)
        db.session.commit()
    assert "Tilmeldingen lukker 31. december 2027 kl. 23.59." in text_of(client.get(GROUP))
    assert client.post(GROUP, data=group_form(client).data()).status_code == 303


def test_a_form_not_listed_is_reachable_by_its_link_only(app, client):
    def unlist(mapping):
        mapping["listed"] = False

    publish_changed(app, "samarbejdsgruppe", unlist)

    assert 'href="/f/samarbejdsgruppe"' not in client.get("/").get_data(as_text=True)
    assert 'href="/f/netvaerksmesse"' in client.get("/").get_data(as_text=True)
    assert client.get(GROUP).status_code == 200


def test_a_newer_file_is_imported_at_restart(app, tmp_path):
    forms = tmp_path / "forms-v2"
    shutil.copytree(SHIPPED, forms)
    path = forms / "samarbejdsgruppe.yaml"
    text = path.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1)
    path.write_text(
        text.replace("Tilmelding til en samarbejdsgruppe", "Grupper v2", 1), encoding="utf-8"
    )
    with app.app_context():
        assert current_registry().get("samarbejdsgruppe").version == 1

    app.extensions["intake.forms"] = FormRegistry.load(forms)  # what a restart reads

    with app.app_context():
        assert current_registry().get("samarbejdsgruppe").title.da == "Grupper v2"
        assert [v.version for v in store.versions("samarbejdsgruppe")] == [2, 1]


def test_a_newer_file_does_not_replace_a_form_changed_in_the_browser(app, tmp_path, caplog):
    publish_changed(app, "samarbejdsgruppe", retitle)  # version 2, by staff
    forms = tmp_path / "forms-v3"
    shutil.copytree(SHIPPED, forms)
    path = forms / "samarbejdsgruppe.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("version: 1", "version: 3", 1), encoding="utf-8"
    )

    app.extensions["intake.forms"] = FormRegistry.load(forms)
    with caplog.at_level(logging.WARNING, logger="intake.formdefs.shipped"), app.app_context():
        assert current_registry().get("samarbejdsgruppe").title.da == "Samarbejdsgrupper 2028"
        assert [v.version for v in store.versions("samarbejdsgruppe")] == [2, 1]
    assert "changed in the browser" in caplog.text


def test_a_draft_preview_gets_its_own_form_class(app):
    """A definition with the published slug and version but other fields is never served
    the published version's cached class."""
    from intake.formdefs.loader import load_mapping

    with app.app_context():
        registry = current_registry()
        published = registry.get("samarbejdsgruppe")
        mapping = store.get_draft("samarbejdsgruppe").mapping
        first = next(f for f in mapping["fields"] if f["type"] != "info")
        first["label"] = "Et nyt spørgsmål"
        draft, problems = load_mapping(mapping, "kladde")
        assert not problems and draft.version == published.version
        assert registry.form_class(draft) is not registry.form_class(published)
        with app.test_request_context():
            labels = [str(f.label.text) for f in registry.form_class(draft)()]
        assert "Et nyt spørgsmål" in labels


def test_old_closing_time_still_applies_after_a_reopen(app, client, frozen_clock):
    with app.app_context():
        store.set_closed("netvaerksmesse", True, by=ANNA)
        store.set_closed("netvaerksmesse", False, by=ANNA)
        db.session.commit()
    frozen_clock(datetime(2027, 10, 7, 12, 0, tzinfo=LOCAL))
    assert "Den lukkede 7. oktober 2027 kl. 12.00." in text_of(client.get("/f/netvaerksmesse"))


def test_two_processes_importing_at_once_do_not_collide(app, caplog):
    """Two registries (two processes at their first request) import the same shipped files at
    once: the second waits for the first, its inserts fail on the unique slug inside their
    SAVEPOINTs, and both go on with one stored version per form."""
    import threading

    import sqlalchemy as sa

    from intake.formdefs.store_models import FormVersion

    first_holds, errors = threading.Event(), []

    def first():
        try:
            with app.app_context():
                db.session.execute(sa.text("SELECT 1"))  # inside a transaction, as a request
                assert FormRegistry.load(SHIPPED).get("netvaerksmesse") is not None
                first_holds.set()
                threading.Event().wait(0.5)  # the second is now waiting for the lock
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
            first_holds.set()

    def second():
        try:
            first_holds.wait(10)
            with app.app_context():
                db.session.execute(sa.text("SELECT 1"))
                assert FormRegistry.load(SHIPPED).get("netvaerksmesse") is not None
                db.session.commit()
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    with caplog.at_level(logging.INFO, logger="intake.formdefs.shipped"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    assert "imported by another process" in caplog.text
    with app.app_context():
        rows = db.session.execute(sa.select(FormVersion.form_slug, FormVersion.version)).all()
    assert sorted(rows) == sorted(
        (p.stem, shipped_version(p.stem)) for p in SHIPPED.glob("*.yaml"))
