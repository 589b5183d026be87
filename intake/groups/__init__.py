"""The collaboration groups: who is a member (intake/groups/members.py), the roster
(roster.py). A group is one option of the `GROUPS_FORM` sign-up form's capacity field; its
code is the FocusArea value. Membership is a booking: seats, waiting list and approval are
the sign-up capacity rules (intake/signups/capacity.py, approval.py)."""

from intake.groups.members import (
    Member,
    MemberStatus,
    all_members,
    bucket_of,
    groups_form,
    members,
    organisations,
    pending,
    person_for,
    waiting,
)

__all__ = [
    "Member", "MemberStatus", "all_members", "bucket_of", "groups_form", "members",
    "organisations", "pending", "person_for", "waiting",
]
