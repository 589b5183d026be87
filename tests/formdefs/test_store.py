"""The store API (intake/formdefs/store.py): drafts, the two-editor check, publishing as
versions that never change, restore, close/reopen, and the checker's report by field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs import store
from intake.formdefs.loader import load_file, load_mapping, read_yaml
from intake.formdefs.store_models import FormCatalogue
from intake.formdefs.values import Problems

SHIPPED = Path(__file__).resolve().parents[2] / "forms"
ANNA, BO = "anna@hedensted.dk", "bo@hedensted.dk"


def mapping(name: str = "netvaerksmesse") -> dict:
    path = SHIPPED / f"{name}.yaml"
    return read_yaml(path, Problems(path))


def small(slug: str = "rugekasser", **extra) -> dict:
    return {
        "slug": slug,
        "kind": "signup",
        "title": {"da": "Rugekasser", "en": "Incubators"},
        "fields": [
            {"key": "navn", "type": "text", "label": "Navn", "required": True},
            {"key": "email", "type": "email", "label": "E-mail", "required": True},
        ],
        "privacy": {
            "controller": "Hedensted Kommune",
            "purpose": "Interesse",
            "legal_basis": "Art. 6",
            "retention": "1 år",
            "rights": "Indsigt",
            "contact": "erhverv@hedensted.dk",
        },
        **extra,
    }


def generation() -> int:
    return db.session.scalar(sa.select(FormCatalogue.generation)) or 0


def test_a_new_form_is_a_draft_until_published(app):
    with app.app_context():
        draft = store.create_form(small(), by=ANNA)
        assert (draft.slug, draft.revision, draft.updated_by) == ("rugekasser", 1, ANNA)
        [summary] = [s for s in store.list_forms() if s.slug == "rugekasser"]
        assert summary.latest_version is None and summary.has_draft_changes
        assert summary.title == "Rugekasser" and summary.kind == "signup"
        assert store.versions("rugekasser") == []

        info = store.publish("rugekasser", expected_revision=1, by=ANNA)

        assert (info.version, info.published_by) == (1, ANNA)
        assert store.version_mapping("rugekasser", 1)["version"] == 1
        [summary] = [s for s in store.list_forms() if s.slug == "rugekasser"]
        assert summary.latest_version == 1 and not summary.has_draft_changes
        db.session.commit()


def test_a_taken_or_bad_slug_is_refused(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        with pytest.raises(store.FormExists):
            store.create_form(small(), by=BO)
        with pytest.raises(store.BadSlug) as refused:
            store.create_form(small(slug="Ikke Gyldig"), by=BO)
        assert refused.value.problems[0].field == "slug"
        with pytest.raises(store.UnknownForm):
            store.get_draft("findes-ikke")


def test_two_editors_never_overwrite_each_other(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        annas, bos = store.get_draft("rugekasser"), store.get_draft("rugekasser")
        changed = small(title="Rugekasser 2027")
        saved = store.save_draft("rugekasser", changed, expected_revision=annas.revision, by=ANNA)
        assert saved.revision == 2

        with pytest.raises(store.StaleDraft) as stale:
            store.save_draft(
                "rugekasser", small(title="Bos titel"), expected_revision=bos.revision, by=BO
            )

        assert (stale.value.current_revision, stale.value.updated_by) == (2, ANNA)
        assert store.get_draft("rugekasser").mapping["title"] == "Rugekasser 2027"
        with pytest.raises(store.StaleDraft):
            store.publish("rugekasser", expected_revision=1, by=BO)


def test_a_draft_without_a_saved_row_is_a_copy_of_the_latest_version(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        store.publish("rugekasser", expected_revision=1, by=ANNA)
        draft = store.get_draft("rugekasser")
        # publishing keeps the draft row (revision raised), so an editor who read the draft
        # before the publish is told, not silently let through
        assert draft.revision == 2 and draft.mapping == store.version_mapping("rugekasser", 1)
        with pytest.raises(store.StaleDraft):
            store.save_draft("rugekasser", small(), expected_revision=1, by=BO)


def test_check_reports_each_problem_with_its_field(app):
    broken = small(
        fields=[
            {"key": "navn", "type": "text", "label": "Navn"},
            {"key": "alder", "type": "tal", "label": "Alder"},
            {"key": "firma", "type": "text", "label": "Firma", "show_if": {"sektorr": "x"}},
        ]
    )
    broken.pop("title")
    broken["closes"] = "2026-13-45 09:00"
    with app.app_context():
        problems = store.check(broken)
    by_field = {p.field: p.text for p in problems}
    assert "ukendt type 'tal'" in by_field["alder"]
    assert "sektorr" in by_field["firma"]
    assert "teksten mangler" in by_field["title"]
    assert "2026-13-45" in by_field["closes"]
    assert all(not p.text.startswith("formularen") for p in problems)
    assert store.check(small()) == []


def test_a_draft_with_mistakes_is_saved_but_not_published(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        bad = small(fields=[{"key": "alder", "type": "tal", "label": "Alder"}])
        draft = store.save_draft("rugekasser", bad, expected_revision=1, by=ANNA)
        before = generation()
        with pytest.raises(store.NotPublishable) as refused:
            store.publish("rugekasser", expected_revision=draft.revision, by=ANNA)
        assert [p.field for p in refused.value.problems] == ["alder"]
        assert store.versions("rugekasser") == [] and generation() == before


def test_the_slug_and_kind_of_a_published_form_stay(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        store.publish("rugekasser", expected_revision=1, by=ANNA)
        draft = store.save_draft(
            "rugekasser", small(slug="andet-navn", kind="followup"), expected_revision=2, by=ANNA
        )
        with pytest.raises(store.NotPublishable) as refused:
            store.publish("rugekasser", expected_revision=draft.revision, by=ANNA)
        assert {"slug", "kind"} <= {p.field for p in refused.value.problems}


def test_published_versions_never_change_and_an_old_one_can_be_restored(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        store.publish("rugekasser", expected_revision=1, by=ANNA)
        draft = store.save_draft("rugekasser", small(title="Ny titel"), expected_revision=2, by=BO)
        second = store.publish("rugekasser", expected_revision=draft.revision, by=BO)
        assert second.version == 2
        store.save_draft("rugekasser", small(title="Kladde"), expected_revision=4, by=BO)
        assert store.version_mapping("rugekasser", 1)["title"] == small()["title"]
        assert store.version_mapping("rugekasser", 2)["title"] == "Ny titel"

        restored = store.restore("rugekasser", 1, expected_revision=5, by=ANNA)
        assert restored.mapping["title"] == small()["title"]
        third = store.publish("rugekasser", expected_revision=restored.revision, by=ANNA)

        assert [v.version for v in store.versions("rugekasser")] == [3, 2, 1]
        assert [v.published_by for v in store.versions("rugekasser")] == [ANNA, BO, ANNA]
        assert third.version == 3
        assert store.version_mapping("rugekasser", 3)["title"] == small()["title"]
        with pytest.raises(store.UnknownForm):
            store.version_mapping("rugekasser", 9)


def test_every_publish_close_and_reopen_raises_the_generation(app):
    with app.app_context():
        store.create_form(small(), by=ANNA)
        start = generation()
        store.publish("rugekasser", expected_revision=1, by=ANNA)
        assert generation() == start + 1
        store.set_closed("rugekasser", True, by=ANNA)
        [summary] = [s for s in store.list_forms() if s.slug == "rugekasser"]
        assert summary.is_closed and generation() == start + 2
        store.set_closed("rugekasser", True, by=ANNA)  # already closed: nothing changes
        assert generation() == start + 2
        store.set_closed("rugekasser", False, by=ANNA)
        assert generation() == start + 3
        db.session.commit()


def test_a_stored_mapping_reads_as_the_same_definition_as_its_file(app):
    """Times and dates become JSON text; the loader reads them back as the same values."""
    with app.app_context():
        for path in sorted(SHIPPED.glob("*.yaml")):
            from_file, problems = load_file(path)
            assert not problems
            stored = store.normalized(mapping(path.stem))
            from_store, problems = load_mapping(stored, path.name)
            assert not problems
            assert dataclasses.replace(from_store, path="") == dataclasses.replace(
                from_file, path=""
            )


def test_times_with_seconds_or_an_offset_keep_their_value(app):
    with app.app_context():
        from datetime import datetime, timedelta, timezone

        given = small(
            opens=datetime(2026, 3, 1, 9, 30, 15),
            closes=datetime(2026, 4, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))),
        )
        direct, _ = load_mapping(given, "x")
        stored, problems = load_mapping(store.normalized(given), "x")
        assert not problems
        assert (stored.opens_at, stored.closes_at) == (direct.opens_at, direct.closes_at)
