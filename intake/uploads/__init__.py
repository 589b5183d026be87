"""Uploaded files: the one reader for spreadsheets staff upload (intake.uploads.workbook)."""
