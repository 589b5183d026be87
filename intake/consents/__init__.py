"""Consents a person gave on a form ("Ja tak, send mig nyt fra Hedensted Erhverv"): who, when,
the exact wording shown, on which form, and when and how it was withdrawn (issue 14 §4)."""
