"""One naming scheme for mail (issue 10 §4): each domain's mail functions are named after
their event and render templates/mail/<event>.txt, .html and .subject.txt, through the one
renderer in intake/mails/rendering.py."""

from __future__ import annotations

import re
from pathlib import Path

from intake.invitations import form_mails
from intake.meetings import mails as meeting_mails
from intake.news import mails as news_mails
from intake.rounds import mails as round_mails
from intake.signups import mails as signup_mails
from intake.staff import mails as staff_mails

ROOT = Path(__file__).resolve().parents[2]
EVENTS = {
    signup_mails: ["signup_received", "staff_notified", "signup_promoted", "signup_cancelled",
                   "signup_moved", "signup_dates_cancelled", "signup_event_changed",
                   "signup_changed", "signup_links_resent", "signup_approved", "signup_declined"],
    round_mails: ["owner_invited", "owner_reminded", "owner_new_link"],
    staff_mails: ["account_created"],
    form_mails: ["form_invited", "form_reminded"],
    meeting_mails: ["meeting_invited", "meeting_changed", "meeting_cancelled", "meeting_reminded",
                    "meeting_reminder_attending", "meeting_new_link"],
    news_mails: ["news_message"],
}


def test_every_mail_event_is_a_function_with_its_three_templates_beside_each_other():
    for module, events in EVENTS.items():
        for event in events:
            assert callable(getattr(module, event, None)), f"{module.__name__}.{event}"
            for suffix in (".txt", ".html", ".subject.txt"):
                assert (ROOT / "templates" / "mail" / f"{event}{suffix}").is_file(), event + suffix


def test_every_mail_template_belongs_to_an_event():
    events = {event for names in EVENTS.values() for event in names}
    for path in (ROOT / "templates" / "mail").iterdir():
        if path.name.startswith("_"):  # shared layout and parts
            continue
        assert re.sub(r"(\.subject)?\.(txt|html)$", "", path.name) in events, path.name


def test_mail_templates_are_rendered_only_by_the_renderer():
    found = [path.relative_to(ROOT).as_posix() for path in (ROOT / "intake").rglob("*.py")
             if re.search(r"render_template\(\s*f?[\"']mail/", path.read_text())]
    assert found == ["intake/mails/rendering.py"]


def test_no_text_mail_line_loses_its_newline_to_an_inline_block_tag():
    """The app renders with trim_blocks, which eats the newline after any block tag: right for
    a tag alone on its line, wrong after text ("Status: bekræftet{% endif %}" glued the next
    line on). Such a tag must end in "+%}" (Jinja keeps the newline)."""
    glued = []
    for path in sorted((ROOT / "templates" / "mail").glob("*.txt")):
        if path.name.endswith(".subject.txt"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            alone = re.fullmatch(r"\{%[^%]*%\}", text) is not None
            if text.endswith("%}") and not alone and not text.endswith(("+%}", "-%}")):
                glued.append(f"{path.name}:{number}")
    assert glued == []
