"""Uploads: the one reader for spreadsheets staff upload (intake.uploads.workbook), and the
request class that bounds the files a form sends (intake.uploads.request)."""
