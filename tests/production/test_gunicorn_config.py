"""gunicorn.conf.py as production runs it: a broken form stops start-up with the readable
report (the app is loaded once in the master), and the access log keeps no tokens."""

from __future__ import annotations

import subprocess

import pytest

from intake.accesslog import redact
from tests.support.processes import ROOT, VENV_BIN, intake_env
from tests.support.smtp import free_port

pytestmark = pytest.mark.slow


def test_a_broken_form_stops_gunicorn_with_the_danish_report(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bad.yaml").write_text(
        "slug: bad\nversion: 1\ntitle: X\nfields:\n  - key: a\n    type: nosuchtype\n"
    )
    env = intake_env(SECRET_KEY="x" * 32, FORMS_DIR=str(forms), SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/a.db",
                     BIND=f"127.0.0.1:{free_port()}")
    result = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "intake kan ikke starte" in output and "ukendt type 'nosuchtype'" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("target, logged", [
    ("/afmeld/IkhFLUFCQ0RFRiI.Zm9vYmFyYmF6cXV4cXV1eA", "/afmeld/…"),
    ("/f/samarbejdsgruppe/kvittering/HE-ABC234", "/f/samarbejdsgruppe/kvittering/HE-ABC234"),
    ("/sprog/en?next=/f/x", "/sprog/en?…"),
    ("/m/" + "ab12" * 8 + "/svar", "/m/…/svar"),
    ("/opfoelgning/Hx3_k9-ZqP0aLm2Vb7Nc4Rt8Yw1Ue6Io5Sd", "/opfoelgning/…"),
    ("/opfoelgning/aabn", "/opfoelgning/aabn"),
    ("/f/ivaerksaetterfredag", "/f/ivaerksaetterfredag"),
    (None, ""),
])
def test_access_log_redaction(target, logged):
    assert redact(target) == logged
