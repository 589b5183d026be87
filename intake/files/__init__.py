"""Files people attach to an answer (the `file` field type, intake/formdefs/types/file.py).

- `checks.py`: what a file is, decided by its content (never its name), and whether its name
  is safe to keep; pure functions, Danish messages.
- `models.py`: `UploadedFile` (table `uploaded_files`), one row per stored file.
- `storage.py`: the files on disk, outside the web root under random names, written and
  removed in step with the database transaction.
- `service.py`: attaching the checked files of an accepted sign-up, listing and reading them.
- `gdpr.py`: files are personal data: GDPR find, access export, erase and retention.

The answer stores references ({"id", "name", "size", "type"}), never a path. Files are never
served to the public; staff download them from intake/staff/file_views.py.
"""
