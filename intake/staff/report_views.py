"""The yearly report to the political committee, "Status på erhvervspolitikken <år>", as a
PDF to attach to the agenda and a DOCX the committee secretary can edit (issue 14 §2).

Linked from the round page. Both are made on request from the round's figures
(intake.reports); neither holds a name, an e-mail address or a free-text answer, so, unlike
the round's workbooks, a download is not an audited action.

WeasyPrint and CairoSVG are imported when a report is asked for, not when the app starts:
they take seconds to import and load Pango and Cairo, which the mail worker, the CLI and
every other page never need.
"""

from __future__ import annotations

from intake.extensions import db
from intake.reports.committee import committee_report
from intake.rounds.models import Round
from intake.staff import bp
from intake.staff.downloads import send_download
from intake.staff.roles import Role, requires_role


@bp.get("/maal/runder/<int:round_id>/udvalgsrapport.pdf")
@requires_role(Role.GOALS)
def committee_report_pdf(round_id: int):
    from intake.reports.pdf import PDF, committee_pdf

    report = committee_report(db.get_or_404(Round, round_id))
    return send_download(committee_pdf(report), report.filename("pdf"), PDF)


@bp.get("/maal/runder/<int:round_id>/udvalgsrapport.docx")
@requires_role(Role.GOALS)
def committee_report_docx(round_id: int):
    from intake.reports.docx import DOCX, committee_docx

    report = committee_report(db.get_or_404(Round, round_id))
    return send_download(committee_docx(report), report.filename("docx"), DOCX)
