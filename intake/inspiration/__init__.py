"""Inspiration sheets (issue 14 §3): "Hedensted Erhverv turns businesses' input into
inspiration sheets and distributes them among local companies" (the business policy).

Businesses send their input through the shipped form `forms/inspiration.yaml` (ordinary
sign-ups); staff write a sheet from it and publish it as a PDF per focus area.

- `models.py`: `InspirationSheet` (table `inspiration_sheets`);
- `service.py`: create, update, replace the file, publish, unpublish, delete, `published`,
  `public_url`; flushes, never commits;
- `forms.py`: the staff upload form (PDF only, by content, at most 20 MB);
- `views.py`: the public download `public.inspiration_download`;
- `audit.py`: the audit log's sentences; `backup.py`: the files a backup must copy.
Staff pages: `intake/staff/inspiration_views.py`, templates in `templates/staff/inspiration/`.
"""
