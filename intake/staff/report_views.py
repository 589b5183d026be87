"""The yearly report to the political committee, "Status på erhvervspolitikken <år>", as a
PDF to attach to the agenda and a DOCX the committee secretary can edit (issue 14 §2).

Linked from the round page. Both are made on request from the round's figures
(intake.reports); neither holds a name, an e-mail address or a free-text answer, so, unlike
the round's workbooks, a download is not an audited action.
"""

from __future__ import annotations

from intake.extensions import db
from intake.reports.committee import committee_report
from intake.reports.docx import DOCX, committee_docx
from intake.reports.pdf import PDF, committee_pdf
from intake.rounds.models import Round
from intake.staff import bp
from intake.staff.downloads import send_download
from intake.staff.roles import Role, requires_role


@bp.get("/maal/runder/<int:round_id>/udvalgsrapport.pdf")
@requires_role(Role.GOALS)
def committee_report_pdf(round_id: int):
    report = committee_report(db.get_or_404(Round, round_id))
    return send_download(committee_pdf(report), report.filename("pdf"), PDF)


@bp.get("/maal/runder/<int:round_id>/udvalgsrapport.docx")
@requires_role(Role.GOALS)
def committee_report_docx(round_id: int):
    report = committee_report(db.get_or_404(Round, round_id))
    return send_download(committee_docx(report), report.filename("docx"), DOCX)
