"""Consents a person gave on a form ("Ja tak, send mig nyt fra Hedensted Erhverv"): who, when,
the exact wording shown, on which form, and when and how it was withdrawn (issue 14 §4).

- `models.py`: `Consent`, `ConsentPurpose`, `WithdrawnVia`;
- `service.py`: `record` (from a sign-up's answers), `current`, `withdraw_email`,
  `is_current_email`, and how long rows are kept;
- `gdpr.py`: the GDPR provider (find, access export, erase);
- `audit.py`: the audit sentence of a staff withdrawal (intake/staff/consent_views.py).
The field type itself is intake/formdefs/types/consent.py.
"""
