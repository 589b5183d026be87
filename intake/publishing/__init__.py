"""What the public sees of the policy's goals (issue 14 §1): staff publish a round's results,
choosing per goal what is shown (`service.py`, models in `models.py`); the public pages
`/erhvervspolitik` (`views.py`, on the `public` blueprint) read only PUBLISHED publications
through `public.py`."""
