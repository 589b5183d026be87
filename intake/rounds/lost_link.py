"""'Har du mistet dit link?' as a queued job: the request stores the address and answers at
once; the mail worker looks it up and sends fresh links, or nothing (issue 9 §5)."""

from __future__ import annotations

from intake.jobs.models import JobKind
from intake.jobs.service import handler
from intake.rounds import service as rounds


@handler(JobKind.FOLLOWUP_LOST_LINK)
def send_lost_link(email: str, params: dict) -> None:
    rounds.send_lost_link(email)
