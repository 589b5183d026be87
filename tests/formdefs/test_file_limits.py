"""The `file` field's limits outside its own check: the largest file a page accepts (what the
request keeps of a file part, intake.uploads.request) and the limits and messages its picker
carries for forms.js, the same texts the server gives."""

from __future__ import annotations

import yaml
from flask import Flask
from flask_babel import Babel
from wtforms import Form

from intake.formdefs.loader import load_mapping
from intake.formdefs.types import REGISTRY
from intake.formdefs.types.file import largest_file, request_limit, too_big_text, too_many_text

MB = 1024 * 1024
FOLLOWUP = """\
slug: opf
kind: followup
title: Opfølgning
goal_fields:
  - {key: status, type: text, label: Status}
  - {key: plan, type: file, label: Handlingsplan, max_mb: 20, max_files: 3}
fields:
  - {key: bilag, type: file, label: Bilag, max_mb: 4}
  - {key: kommentar, type: textarea, label: Kommentar}
"""


def definition():
    loaded, problems = load_mapping(yaml.safe_load(FOLLOWUP), "opf.yaml")
    assert problems == []
    return loaded


def test_the_largest_file_counts_the_goal_fields_only_when_blocks_are_shown():
    opf = definition()
    assert largest_file(opf) == 4 * MB
    assert largest_file(opf, blocks=2) == 20 * MB
    assert request_limit(opf, blocks=2) == (4 + 2 * 3 * 20 + 1) * MB


def test_without_a_file_field_there_is_no_largest_file():
    data = yaml.safe_load(FOLLOWUP)
    data["fields"] = data["fields"][1:]
    data["goal_fields"] = data["goal_fields"][:1]
    loaded, problems = load_mapping(data, "opf.yaml")
    assert problems == []
    assert largest_file(loaded, blocks=3) is None and request_limit(loaded, blocks=3) is None


def babel_app() -> Flask:
    app = Flask(__name__)
    Babel(app)
    return app


def test_the_picker_carries_its_limits_and_the_servers_messages():
    opf = definition()
    plan, bilag = opf.goal_field("plan"), opf.field("bilag")
    with babel_app().test_request_context():
        picker = type("Picker", (Form,), {"plan": REGISTRY["file"].make(plan)})
        field = picker().plan
        assert field.client_checks() == {
            "data-max-bytes": str(20 * MB),
            "data-max-files": "3",
            "data-too-big": "«{name}» er for stor. En fil må højst fylde 20 MB. Vælg en mindre "
                            "fil.",
            "data-too-many": "Du kan højst vedhæfte 3 filer. Vælg filerne igen.",
            "data-error-label": "Fejl",
        }
        assert str(too_big_text(bilag, "plan.pdf")) == (
            "«plan.pdf» er for stor. En fil må højst fylde 4 MB. Vælg en mindre fil.")
        assert str(too_many_text(bilag)) == "Du kan kun vedhæfte én fil. Vælg den igen."
