"""The staff downloads of the committee report: linked from the round page, saved (never
shown inline) under "Status på erhvervspolitikken <år>.pdf/.docx"."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.reports.report_fixtures import download


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_download_as_attachment_with_the_report_name(report_client, two_years, kind):
    response = download(report_client, two_years["round"], kind)
    disposition = response.headers["Content-Disposition"]
    name = f"Status på erhvervspolitikken 2027.{kind}"
    assert disposition.startswith("attachment; ")
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    assert "filename=\"Status paa erhvervspolitikken 2027." in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_unknown_round_is_404(report_client, kind):
    assert report_client.get(f"/staff/maal/runder/999/udvalgsrapport.{kind}").status_code == 404


def test_a_round_without_answers_still_makes_a_report(app, staff, seeded):
    from tests.support.goals import make_round

    round_id = make_round(app, start=False)
    for kind in ("pdf", "docx"):
        response = download(staff, round_id, kind)
        assert len(response.get_data()) > 1000


def test_the_app_starts_without_importing_the_document_libraries():
    """WeasyPrint and CairoSVG load Pango and Cairo and take seconds to import: only a report
    download imports them, never the staff blueprint (the mail worker, the CLI, any page)."""
    import subprocess
    import sys

    code = ("import sys, intake.staff; "
            "print(sorted(m for m in ('weasyprint', 'cairosvg', 'docx') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=str(Path(__file__).resolve().parents[2]))
    assert result.stdout.strip() == "[]"
