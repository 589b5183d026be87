"""The engine's pure parts: the reminder calendar, the token shape and the link scrub."""

from __future__ import annotations

from datetime import UTC, datetime

from intake.clock import LOCAL
from intake.invitations import linkmail, tokens
from intake.invitations.reminders import slots_before

TOKEN = "A" * 43


def test_slots_stay_at_nine_local_across_the_october_change():
    deadline = datetime(2027, 11, 2, 12, 0, tzinfo=LOCAL)  # winter time began 31 October
    assert slots_before(deadline, [7, 2], 9) == [
        datetime(2027, 10, 26, 7, 0, tzinfo=UTC),  # 09.00 CEST (UTC+2)
        datetime(2027, 10, 31, 8, 0, tzinfo=UTC),  # 09.00 CET, on the day of the change
    ]


def test_slots_stay_at_nine_local_across_the_march_change():
    deadline = datetime(2027, 3, 31, 12, 0, tzinfo=LOCAL)  # summer time began 28 March
    slots = slots_before(deadline, [2, 7, 7], 9)
    assert slots == [datetime(2027, 3, 24, 8, 0, tzinfo=UTC), datetime(2027, 3, 29, 7, 0,
                                                                          tzinfo=UTC)]
    assert all(s.tzinfo == UTC and s.astimezone(LOCAL).hour == 9 for s in slots)


def test_slots_after_the_deadline_are_dropped():
    deadline = datetime(2027, 6, 10, 8, 0, tzinfo=LOCAL)  # before 09.00 on the day
    assert slots_before(deadline, [0, 1], 9) == [datetime(2027, 6, 9, 7, 0, tzinfo=UTC)]
    assert slots_before(deadline, [], 9) == []


def test_tokens_are_256_bits_and_only_their_hash_is_kept():
    assert tokens.TOKEN_RE.match(TOKEN)
    digest = tokens.hash_token(TOKEN)
    assert len(digest) == 64 and TOKEN not in digest


def test_every_kind_of_personal_link_is_scrubbed_and_other_text_stays():
    text = (f"https://x.dk/opfoelgning/{TOKEN}\nhttps://x.dk/moeder/{TOKEN}\n"
            f"https://x.dk/inviteret/{TOKEN}\nhttps://x.dk/opfoelgning/mistet-link")
    scrubbed = linkmail.remove_links(text)
    assert TOKEN not in scrubbed
    assert scrubbed.splitlines() == [
        "https://x.dk/opfoelgning/[personligt link fjernet efter afsendelse]",
        "https://x.dk/moeder/[personligt link fjernet efter afsendelse]",
        "https://x.dk/inviteret/[personligt link fjernet efter afsendelse]",
        "https://x.dk/opfoelgning/mistet-link",
    ]
    assert linkmail.remove_links(None) is None


def test_the_request_log_masks_every_kind_of_token():
    from intake.followup.logfilter import redact

    line = f'"GET /moeder/{TOKEN} HTTP/1.1" "POST /opfoelgning/aabn" /inviteret/{TOKEN}'
    assert TOKEN not in redact(line) and "/opfoelgning/aabn" in redact(line)
