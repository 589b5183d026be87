"""Goal owners in the GDPR tools: who they are, their goals, their follow-up answers.

Found by e-mail (owners have no phone number). Erasing an owner deletes the person: their
owner row (name, e-mail, organisation), their ownership of goals, their personal links,
reminders and drafts. What they *submitted about a goal* is different: it is the
municipality's record of how its goals stand (reported to the political committee), so each
invitation with its submitted versions is kept, de-identified:

- it moves to a placeholder owner of its own ("Slettet målejer", an address under the
  reserved `.invalid` domain that can never receive mail, no organisation);
- free-text answers are removed (they may name the person); structured answers (status,
  progress in per cent, yes/no and choice codes, numbers, dates) stay.

So the goal's status and history in the round survive the erasure, and nothing in them
points back to the person. Files the owner attached (action plans, issue 14 §3) are personal
data too: found and listed with a staff link in the access export, and on erasure (or
retention) their rows are deleted and the files removed from disk after the commit
(intake.files.storage). Mails to the owner are erased by the outbox provider, which runs
first. The same de-identification is what retention (`flask gdpr purge`) does to rounds
older than the follow-up form's retention (default 5 years after the links closed, as the
follow-up privacy text promises).

A published comment (intake.publishing, `PublishedGoal.comment`) is prefilled from the
owners' `offentlig_kommentar` answer, so it may be the owner's own words on /erhvervspolitik.
Whenever an invitation is de-identified (erasure, retention, reapply), every published-goal
row whose comment still contains one of that invitation's `offentlig_kommentar` answers (any
submitted version or late answer, any round; staff-edited text that keeps the words counts;
in another goal's row only a text of 20 characters or more) gets its comment emptied and no
longer shown (`publishing.service.comments_holding`). The access export lists such comments
as the person's data, and the erasure preview names each goal.

The deletion log keeps owner and invitation row ids with their creation times, which
identify nothing once the rows are gone, and stop a restored database from touching a newer
row that happens to reuse the id. Published comments taken down are logged by row ids
(`published_comments`: row, publication and goal id, never the text); `gdpr
reapply-deletions` does not clear rows by those ids (a comment staff wrote afterwards must
survive a restore) but repeats the take-down by the same matching, from the restored answers,
when it erases the owner or de-identifies the invitation again.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from intake.clock import now
from intake.exports.cells import Column
from intake.extensions import db
from intake.files import service as files
from intake.formdefs.display import readable
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.goals import service as goals
from intake.goals.models import ERASED_DOMAIN, Owner
from intake.publishing import service as publishing
from intake.publishing.models import PublishedGoal
from intake.rounds.answers import PROGRESS_KEY, STATUS_KEY
from intake.rounds.definition import answered_for, definition_for
from intake.rounds.models import Invitation

ERASED_NAME = "Slettet målejer"
FILE_COLUMNS = (
    Column("Runde", width=28), Column("Mål", width=40), Column("Spørgsmål", width=30),
    Column("Filnavn", width=40), Column("Filtype", width=8), Column("Størrelse (byte)", "number"),
    Column("Modtaget", "datetime"), Column("SHA-256", width=20), Column("Link (medarbejdere)"),
)
# Answer types that hold a code, number or date chosen from what the form offered: they say
# how the goal stands and cannot carry a name. Everything else (text, textarea, e-mail,
# phone, repeat rows) is removed on de-identification.
STRUCTURED_TYPES = frozenset({"choice", "multichoice", "yesno", "integer", "decimal", "date"})


def is_erased(owner: Owner) -> bool:
    """A de-identified placeholder owner (never invited, never found by the GDPR search)."""
    return owner.is_erased


def _owner(person: Person) -> Owner | None:
    return goals.find_owner(person.email) if person.email else None


def invitations_of(owner: Owner) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation).where(Invitation.owner_id == owner.id).order_by(Invitation.id)
        )
    )


def scrub_answers(definition, answers: dict) -> dict:
    """The answers without free text: {"goals": {id: {structured}}, "general": {structured}}."""

    def keep(fields, block: dict) -> dict:
        if definition is None:
            allowed = {STATUS_KEY, PROGRESS_KEY}
        else:
            allowed = {f.key for f in fields if f.type in STRUCTURED_TYPES}
        return {k: v for k, v in (block or {}).items() if k in allowed}

    goal_fields = definition.goal_fields if definition is not None else ()
    general_fields = definition.fields if definition is not None else ()
    return {
        "goals": {
            gid: keep(goal_fields, block) for gid, block in (answers.get("goals") or {}).items()
        },
        "general": keep(general_fields, answers.get("general") or {}),
    }


def public_words(invitation: Invitation) -> list[tuple[int | None, str]]:
    """The owner's `offentlig_kommentar` answers in this invitation as (goal id, text as
    given): every submitted version and every late answer (drafts were never answers);
    non-empty only."""
    given = [s.answers for s in invitation.submissions]
    given += [a.answers for a in getattr(invitation, "late_answers", None) or []]
    words = []
    for answers in given:
        for goal_id, block in ((answers or {}).get("goals") or {}).items():
            value = (block or {}).get(publishing.COMMENT_KEY)
            if isinstance(value, str) and value.strip():
                words.append((int(goal_id) if str(goal_id).isdigit() else None, value))
    return words


def published_comments(invitations: list[Invitation]) -> list[PublishedGoal]:
    """Published-goal rows whose comment still holds the words of one of these invitations'
    `offentlig_kommentar` answers (any round, any publication state). Reads only."""
    return publishing.comments_holding(w for i in invitations for w in public_words(i))


def take_down_comments(invitations: list[Invitation]) -> list[dict]:
    """Empty and hide every comment `published_comments` finds (flushes); returns the log's
    entries: {"id", "publication_id", "goal_id"} per row, no text."""
    rows = published_comments(invitations)
    for row in rows:
        publishing.take_down_comment(row)
    return [
        {"id": row.id, "publication_id": row.publication_id, "goal_id": row.goal_id}
        for row in rows
    ]


def deidentify(
    invitation: Invitation, *, keep_versions: bool = True, taken_down: list | None = None
) -> int:
    """Detach the invitation from its person; returns how many rows were changed or deleted.

    Published comments holding the owner's words are emptied first (their log entries are
    appended to `taken_down` if given). Links, reminders and the draft go; submitted versions
    stay without free text (only the latest if not `keep_versions`, as retention does). An
    invitation never answered is deleted whole.
    """
    owner = invitation.owner
    if owner is not None and is_erased(owner):
        return 0
    comments = take_down_comments([invitation])  # before the answers lose the words
    if taken_down is not None:
        taken_down.extend(comments)
    # The attached files go first and whole: a file can name anyone (rows now, disk after commit).
    count = len(comments) + files.delete(files.files_of_invitation(invitation.id))
    count += 1 + len(invitation.tokens) + len(invitation.reminders) + len(invitation.submissions)
    accepted_late = [
        a for a in getattr(invitation, "late_answers", None) or [] if a.state.value != "pending"
    ]
    if not invitation.submissions and not accepted_late:
        # Nothing was submitted: nothing belongs to the goal's record. Deleting the invitation
        # also means no reminder can ever go to the placeholder.
        db.session.delete(invitation)
        return count
    invitation.owner = Owner(
        name=ERASED_NAME,
        email=f"{uuid.uuid4().hex}@{ERASED_DOMAIN}",
        organisation="",
        sector=owner.sector,
        created_at=now(),
    )
    invitation.tokens.clear()
    invitation.reminders.clear()
    invitation.message = None
    invitation.draft_answers = None
    invitation.draft_saved_at = None
    definition = definition_for(invitation.round)
    latest = invitation.latest
    for submission in list(invitation.submissions):
        if not keep_versions and submission is not latest:
            invitation.submissions.remove(submission)
        else:
            submission.answers = scrub_answers(definition, submission.answers)
    for late in list(getattr(invitation, "late_answers", None) or []):
        count += 1
        if late.state.value == "pending":  # never taken into the round: not part of the record
            invitation.late_answers.remove(late)
        else:
            late.answers = scrub_answers(definition, late.answers)
    return count


def erase_owner(owner: Owner, taken_down: list | None = None) -> int:
    """Delete the owner and de-identify everything they answered (flushes); the published
    comments taken down on the way are appended to `taken_down` if given."""
    count = 1 + len(owner.goals)
    for invitation in invitations_of(owner):
        count += deidentify(invitation, taken_down=taken_down)
    db.session.flush()
    owner.goals.clear()
    db.session.delete(owner)
    db.session.flush()
    return count


class GoalOwnerData(PersonDataProvider):
    key = "goal_owners"
    title = "Målejere og opfølgning"
    order = 30

    def find(self, person: Person) -> list[Section]:
        owner = _owner(person)
        if owner is None:
            return []
        who = Section(
            "Målejer",
            (
                Column("Navn", width=24),
                Column("E-mail", width=30),
                Column("Organisation", width=24),
                Column("Sektor"),
                Column("Oprettet", "datetime"),
            ),
            [[owner.name, owner.email, owner.organisation, owner.sector.label, owner.created_at]],
        )
        owned = Section(
            "Mål",
            (Column("År", "number"), Column("Fokusområde", width=20), Column("Mål", width=50)),
            [[g.period.year, g.focus_area.label, g.title] for g in owner.goals],
        )
        followup = Section(
            "Opfølgning",
            (
                Column("Runde", width=28),
                Column("Inviteret", "datetime"),
                Column("Åbnet", "datetime"),
                Column("Påmindelser", "number"),
                Column("Version", "number"),
                Column("Sendt", "datetime"),
                Column("Mål", width=40),
                Column("Spørgsmål", width=40),
                Column("Svar", width=60),
            ),
            key_column=0,
        )
        for invitation in invitations_of(owner):
            round_ = invitation.round
            definition = answered_for(round_)  # old answers under old questions too
            head = [
                round_.title,
                invitation.invited_at,
                invitation.opened_at,
                invitation.reminder_count,
            ]
            unsent = invitation.draft_answers is None and not invitation.late_answers
            if not invitation.submissions and unsent:
                followup.rows.append([*head, None, None, None, None, None])
            versions = [(s.version, s.submitted_at, s.answers) for s in invitation.submissions]
            if invitation.draft_answers is not None:
                versions.append(("kladde", invitation.draft_saved_at, invitation.draft_answers))
            versions += [("sent svar", a.received_at, a.answers) for a in invitation.late_answers]
            titles = {g.id: g.title for g in goals.goals_of(round_.period)}
            for version, at, answers in versions:
                for goal_id, block in (answers.get("goals") or {}).items():
                    for question, answer in self._rows(definition, block, goals_part=True):
                        followup.rows.append(
                            [
                                *head,
                                version,
                                at,
                                titles.get(int(goal_id), goal_id),
                                question,
                                answer,
                            ]
                        )
                for question, answer in self._rows(
                    definition, answers.get("general") or {}, goals_part=False
                ):
                    followup.rows.append([*head, version, at, None, question, answer])
        return [who, owned, followup, *self._files(owner), *self._comments(owner)]

    @staticmethod
    def _comments(owner: Owner) -> list[Section]:
        """Published comments that still hold the owner's `offentlig_kommentar` words."""
        section = Section("Offentlig kommentar", (
            Column("Runde", width=28), Column("Mål (offentlig titel)", width=40),
            Column("Kommentar", width=60), Column("Vist offentligt"),
            Column("Offentliggjort", "datetime"),
        ))
        for row in published_comments(invitations_of(owner)):
            publication = row.publication
            shown = publication.is_published and row.is_comment_shown
            section.rows.append([
                publication.round.title, row.public_title, row.comment,
                "Ja" if shown else "Nej", publication.published_at,
            ])
        return [section] if section.rows else []

    @staticmethod
    def _files(owner: Owner) -> list[Section]:
        """The files attached to the owner's answers, each with its staff download link (as
        intake/files/gdpr.py does for a sign-up's files)."""
        from intake.links import public_url

        section = Section("Vedhæftede filer (opfølgning)", FILE_COLUMNS)
        for invitation in invitations_of(owner):
            definition = answered_for(invitation.round)
            for row in files.files_of_invitation(invitation.id):
                fdef = definition.goal_field(row.field_key) or definition.field(row.field_key) \
                    if definition is not None else None
                section.rows.append([
                    invitation.round.title, row.goal.title if row.goal else None,
                    fdef.label.da if fdef else row.field_key, row.name, row.kind, row.size,
                    row.created_at, row.sha256,
                    public_url("staff.file_download", file_id=row.id),
                ])
        return [section] if section.rows else []

    def plan(self, person: Person) -> list[tuple[str, int]]:
        owner = _owner(person)
        if owner is None:
            return []
        invitations = invitations_of(owner)
        return [
            (label, n)
            for label, n in [
                ("Målejer (navn, e-mail, organisation) slettes", 1),
                ("Ejerskab af mål fjernes (målene bevares)", len(owner.goals)),
                (
                    "Invitationer til opfølgning: personlige links, påmindelser og kladder slettes",
                    len(invitations),
                ),
                (
                    "Indsendte svar bevares uden navn, e-mail og fritekst "
                    "(status og fremdrift bevares)",
                    sum(len(i.submissions) for i in invitations),
                ),
                (
                    "Vedhæftede filer (fx handlingsplaner) slettes (også fra disken)",
                    sum(len(files.files_of_invitation(i.id)) for i in invitations),
                ),
            ]
            if n
        ] + [
            (
                f"Offentlig kommentar til målet «{row.public_title}» fjernes fra den "
                "offentlige side"
                if row.publication.is_published and row.is_comment_shown
                else f"Offentlig kommentar til målet «{row.public_title}» slettes "
                "(den vises ikke offentligt nu)",
                1,
            )
            for row in published_comments(invitations)
        ]

    @staticmethod
    def _rows(definition, answers: dict, goals_part: bool) -> list[tuple[str, str]]:
        if definition is None:
            return [
                (key, str(value)) for key, value in answers.items() if value not in (None, "", [])
            ]
        return readable(definition, answers, definition.goal_fields if goals_part else None)

    def erase(self, person: Person) -> tuple[int, dict] | None:
        owner = _owner(person)
        if owner is None:
            return None
        entry = {"id": owner.id, "created_at": owner.created_at.isoformat()}
        taken_down: list[dict] = []
        count = erase_owner(owner, taken_down)
        return count, {"owners": [entry], "published_comments": taken_down}

    def reapply(self, payload: dict) -> int:
        done = 0
        for item in payload.get("owners") or []:
            owner = db.session.get(Owner, item.get("id"))
            if owner is not None and owner.created_at == datetime.fromisoformat(
                item.get("created_at", "")
            ):
                done += erase_owner(owner)
        for item in payload.get("invitations") or []:
            invitation = db.session.get(Invitation, item.get("id"))
            if invitation is not None and invitation.created_at == datetime.fromisoformat(
                item["created_at"]
            ):
                done += deidentify(invitation, keep_versions=False)
        db.session.flush()
        return done


register(GoalOwnerData())
