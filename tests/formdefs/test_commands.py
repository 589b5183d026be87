"""`flask forms export` and `flask forms import`: a lossless round trip of every shipped form,
drafts and publishing from the command line, and the Danish report of a broken file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from intake.formdefs import store
from intake.formdefs.loader import load_file, load_mapping
from intake.formdefs.registry import current_registry
from tests.support.shipped import shipped_version

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "forms").glob("*.yaml"))


def plain(definition):
    return dataclasses.replace(definition, path="", version=1)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_export_import_export_is_lossless(app, runner, tmp_path, path):
    slug = path.stem
    first = tmp_path / "first.yaml"
    result = runner.invoke(args=["forms", "export", slug, "-o", str(first)])
    assert result.exit_code == 0, result.output

    result = runner.invoke(args=["forms", "import", str(first), "--publish"])
    assert result.exit_code == 0, result.output
    shipped = shipped_version(slug)
    assert f"udgivet som version {shipped + 1}" in result.output

    again = runner.invoke(args=["forms", "export", slug])
    assert again.exit_code == 0, again.output
    exported = yaml.safe_load(again.output)
    assert exported["version"] == shipped + 1
    # the same text but for the version number the publish gave it
    assert again.output == first.read_text(encoding="utf-8").replace(
        f"version: {shipped}\n", f"version: {shipped + 1}\n", 1
    )
    from_file, _ = load_file(path)
    from_export, problems = load_mapping(exported, "export")
    assert not problems
    assert plain(from_export) == plain(from_file)
    with app.app_context():
        assert plain(current_registry().get(slug)) == plain(from_file)
        assert current_registry().get(slug).version == shipped + 1


def test_import_of_a_new_file_makes_a_draft_and_publish_publishes_it(app, runner, tmp_path):
    source = tmp_path / "rugekasser.yaml"
    netvaerk = (SHIPPED[0].parent / "netvaerksmesse.yaml").read_text(encoding="utf-8")
    source.write_text(
        netvaerk.replace("slug: netvaerksmesse", "slug: rugekasser", 1), encoding="utf-8"
    )

    result = runner.invoke(args=["forms", "import", str(source), "--by", "anna@hedensted.dk"])

    assert result.exit_code == 0, result.output
    assert "kladden er gemt (revision 1)" in result.output
    with app.app_context():
        assert current_registry().get("rugekasser") is None  # a draft is not public
        assert store.get_draft("rugekasser").updated_by == "anna@hedensted.dk"
    draft_export = runner.invoke(args=["forms", "export", "rugekasser", "--draft"])
    assert draft_export.exit_code == 0 and "slug: rugekasser" in draft_export.output
    not_published = runner.invoke(args=["forms", "export", "rugekasser"])
    assert not_published.exit_code == 1 and "ikke udgivet" in not_published.output

    result = runner.invoke(args=["forms", "import", str(source), "--publish"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert current_registry().get("rugekasser").version == 1


def test_a_broken_file_is_reported_and_not_published(app, runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (SHIPPED[0].parent / "samarbejdsgruppe.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("type: text", "type: tekst", 1), encoding="utf-8")

    result = runner.invoke(args=["forms", "import", str(broken), "--publish"])

    assert result.exit_code == 1
    assert "FEJL  broken.yaml: felt" in result.output and "ukendt type 'tekst'" in result.output
    with app.app_context():
        assert store.get_draft("samarbejdsgruppe").revision == 0  # nothing saved
        assert [v.version for v in store.versions("samarbejdsgruppe")] == [1]

    not_yaml = tmp_path / "not.yaml"
    not_yaml.write_text("slug: [", encoding="utf-8")
    result = runner.invoke(args=["forms", "import", str(not_yaml)])
    assert result.exit_code == 1 and "ikke gyldig YAML" in result.output


def test_export_of_an_unknown_form_fails_in_danish(runner):
    result = runner.invoke(args=["forms", "export", "findes-ikke"])
    assert result.exit_code == 1 and "ingen formular med slug 'findes-ikke'" in result.output


def test_check_still_checks_files(runner):
    result = runner.invoke(args=["forms", "check"])
    shown = f"OK    netvaerksmesse (version {shipped_version('netvaerksmesse')})"
    assert result.exit_code == 0 and shown in result.output
