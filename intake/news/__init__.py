"""News to local companies who asked for it (issue 14 §4).

- models.py: a sending (`NewsSending`) and one `NewsInvitation` per recipient, a kind of the
  engine's Invitation (NEWS), whose personal link is the unsubscribe link;
- policy.py: the engine's rules for NEWS (no reminders, links valid for two years);
- service.py: who a sending reaches (the current consents, intake.consents.service.current),
  the sending itself, and unsubscribing;
- mails.py: `news_message`, with the visible unsubscribe link and the List-Unsubscribe and
  List-Unsubscribe-Post headers (RFC 2369, RFC 8058);
- sheets.py: the published inspiration sheets a sending may link to (intake.inspiration);
- views.py: /nyheder/afmeld/<token> on the invitee blueprint (GET shows a button, POST
  unsubscribes at once, also the one-click POST of a mail client);
- workbook.py: the current consents as a staff workbook;
- forms.py, audit.py: the staff form and the audit sentences of intake/staff/news_views.py.
"""
