"""'Har du mistet dit link?' as a queued job: the request stores the address and answers at
once; the mail worker looks it up and sends fresh links, or nothing (issue 9 §5).

One job, one handler, for both kinds of personal link a person may have lost: the goal
owner's follow-up rounds (one mail, `owner_new_link`) and the meetings they are invited to
(one mail, `meeting_new_link`, intake.meetings.service.send_lost_links). The request does the
same for every address, so its timing cannot tell whether either exists.
"""

from __future__ import annotations

from intake.jobs.models import JobKind
from intake.jobs.service import handler
from intake.meetings import service as meetings
from intake.rounds import service as rounds


@handler(JobKind.FOLLOWUP_LOST_LINK)
def send_lost_link(email: str, params: dict) -> None:
    rounds.send_lost_link(email)
    meetings.send_lost_links(email)
