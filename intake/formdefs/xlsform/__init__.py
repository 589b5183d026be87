"""Form definitions as XLSForm workbooks (issue 12 §3): download, upload, the KoboToolbox and
ODK subset. The layout and the subset are documented in forms/README.md ("XLSForm")."""

from intake.formdefs.xlsform.export import template_bytes, workbook_bytes
from intake.formdefs.xlsform.reader import Reading, read_workbook
from intake.formdefs.xlsform.sheets import SheetProblem

__all__ = ["Reading", "SheetProblem", "read_workbook", "template_bytes", "workbook_bytes"]
