"""GDPR use cases: find a person, write the access workbook, erase, purge, reapply.

Services flush and never commit; the view or command commits once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from intake import clock
from intake.branding import current_brand
from intake.exports.cells import Column
from intake.exports.xlsx import WorkbookWriter
from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.formdefs.schema import FormDef
from intake.gdpr import logfile, removal
from intake.gdpr.models import DeletionLog, DeletionReason
from intake.gdpr.person import Person
from intake.gdpr.providers import Section, all_providers, provider
from intake.signups.models import Signup


@dataclass
class Report:
    person: Person
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sections)


def find(person: Person) -> Report:
    """Everything stored about the person; answers read in Danish, as the access workbook is."""
    with force_locale("da"):
        return Report(person, [section for p in all_providers() for section in p.find(person)])


def write_access_workbook(report: Report, target: str | IO[bytes]) -> None:
    """The answer to a right-of-access request: one sheet per kind of data, and a cover sheet."""
    with WorkbookWriter(target, title="Udtræk af personoplysninger") as book:
        book.write_sheet("Om udtrækket", (Column("Emne", width=24), Column("Værdi", width=60)), [
            ["Udtræk af", report.person.label],
            ["Dannet", clock.now()],
            ["Dataansvarlig", f"{current_brand().authority}, {current_brand().name}"],
            *([f"Antal rækker: {s.title}", s.count] for s in report.sections),
        ])
        for section in report.sections:
            book.write_sheet(section.title, section.columns, section.rows)


def plan(person: Person) -> list[tuple[str, int]]:
    """What `erase` would do, kind by kind: (Danish description, count), for the preview."""
    with force_locale("da"):
        return [item for p in all_providers() for item in p.plan(person)]


def erase(
    person: Person, *, staff_user_id: int | None = None, actor: str = "staff"
) -> DeletionLog | None:
    """Delete everything every provider holds about the person; log it without personal data."""
    counts, payload = {}, {}
    for source in all_providers():
        result = source.erase(person)
        if result is not None:
            counts[source.key], payload[source.key] = result
    if not counts:
        return None
    return _log(DeletionReason.ERASURE, counts, payload, staff_user_id, actor)


def _log(
    reason: DeletionReason,
    counts: dict,
    payload: dict,
    staff_user_id: int | None,
    actor: str,
    entry_id: str | None = None,
    created_at: datetime | None = None,
    mirror: bool = True,
) -> DeletionLog:
    entry = DeletionLog(
        entry_id=entry_id or uuid.uuid4().hex,
        created_at=created_at or clock.now(),
        reason=reason,
        actor=actor,
        staff_user_id=staff_user_id,
        counts=counts,
        payload=payload,
    )
    db.session.add(entry)
    db.session.flush()
    if mirror:
        logfile.append_after_commit(db.session, as_line(entry))
    return entry


def as_line(entry: DeletionLog) -> dict:
    return {
        "entry_id": entry.entry_id,
        "created_at": entry.created_at.isoformat(),
        "reason": entry.reason.value,
        "actor": entry.actor,
        "staff_user_id": entry.staff_user_id,
        "counts": entry.counts,
        "payload": entry.payload,
    }


# --- retention --------------------------------------------------------------------------


@dataclass
class PurgeItem:
    definition: FormDef
    cutoff: datetime
    references: list[str] = field(default_factory=list)
    oldest: datetime | None = None
    newest: datetime | None = None


@dataclass
class PurgePlan:
    items: list[PurgeItem]
    kept_for_archive: list[tuple[FormDef, int]]
    unknown_forms: list[tuple[str, int]]  # sign-ups of forms no longer in forms/: never guessed at
    followup: Any = None  # intake.rounds.retention.FollowupPurge: owners, invitations, versions
    # intake.invitations.retention.plan: [(kind, invitation ids, oldest)] of the other kinds
    invitations: list = field(default_factory=list)
    outbox: Any = None  # intake.outbox.retention.OutboxPurge: sent and failed mails

    @property
    def total(self) -> int:
        return sum(len(i.references) for i in self.items)

    @property
    def is_empty(self) -> bool:
        return (
            not self.items
            and not (self.followup and self.followup.total)
            and not self.invitations
            and not (self.outbox and self.outbox.total)
        )


def purge_plan() -> PurgePlan:
    """What `gdpr purge` would delete now: sign-ups older than their form's retention_days,
    follow-up data and invitations past theirs, and mails sent (or failed for good) more
    than OUTBOX_RETENTION_DAYS days ago (intake.outbox.retention). Reads only."""
    moment = clock.now()
    registry = current_registry()
    items, archived = [], []
    for definition in registry.definitions.values():
        if not definition.retention_days:
            continue
        cutoff = clock.add_local_days(moment, -definition.retention_days)  # Copenhagen days
        old = (Signup.form_slug == definition.slug, Signup.created_at < cutoff)
        if definition.archive:
            kept = db.session.scalar(sa.select(sa.func.count(Signup.id)).where(*old))
            if kept:
                archived.append((definition, kept))
            continue
        item = PurgeItem(definition, cutoff)
        for reference, created_at in db.session.execute(
            sa.select(Signup.reference, Signup.created_at)
            .where(*old)
            .order_by(Signup.created_at, Signup.id)
        ):
            item.references.append(reference)
            item.oldest = item.oldest or created_at
            item.newest = created_at
        if item.references:
            items.append(item)
    unknown = db.session.execute(
        sa.select(Signup.form_slug, sa.func.count(Signup.id))
        .where(Signup.form_slug.not_in(list(registry.definitions) or [""]))
        .group_by(Signup.form_slug)
    ).all()
    from intake.invitations import retention as invitations
    from intake.outbox import retention as outbox
    from intake.rounds import retention  # the follow-up package registers itself later

    return PurgePlan(
        items, archived, [(slug, n) for slug, n in unknown], retention.plan(moment),
        invitations.plan(moment),
        outbox.plan(moment, current_app.config["OUTBOX_RETENTION_DAYS"]),
    )


def purge(plan: PurgePlan, *, batch: int = 500) -> list[DeletionLog]:
    """Delete what the plan lists, one deletion log entry per form, one for follow-up
    data (de-identified answers, deleted owners, published comments taken down), one for the
    invitations of the other kinds (counts per kind; the payload holds ids and creation
    times, no personal data) and one for the outbox (count; the payload holds Message-IDs and
    the number of sent and failed mails, no address or text)."""
    entries = []
    for item in plan.items:
        for start in range(0, len(item.references), batch):
            removal.delete_signups(removal.load(item.references[start:start + batch]))
            db.session.expunge_all()  # keep memory flat on a large purge
        entries.append(
            _log(
                DeletionReason.RETENTION,
                {"signups": len(item.references)},
                {
                    "signups": {
                        "references": item.references,
                        "redactions": [],
                        "form": item.definition.slug,
                        "retention_days": item.definition.retention_days,
                    }
                },
                None,
                "cli",
            )
        )
    if plan.followup is not None and plan.followup.total:
        from intake.rounds import retention

        count, payload = retention.purge(plan.followup)
        entries.append(
            _log(
                DeletionReason.RETENTION,
                {"goal_owners": count},
                {"goal_owners": payload},
                None,
                "cli",
            )
        )
    if plan.invitations:
        from intake.invitations import retention as invitations

        counts, payload = invitations.purge(plan.invitations, batch=batch)
        entries.append(
            _log(DeletionReason.RETENTION, counts, {"invitations": payload}, None, "cli")
        )
    if plan.outbox is not None and plan.outbox.total:
        from intake.outbox import retention as outbox

        count, payload = outbox.purge(plan.outbox, batch=batch)
        entries.append(
            _log(DeletionReason.RETENTION, {"outbox": count}, {"outbox": payload}, None, "cli")
        )
    return entries


# --- restore ----------------------------------------------------------------------------


@dataclass
class Reapplied:
    entries: int = 0
    restored_log_rows: int = 0
    deleted: dict[str, int] = field(default_factory=dict)


def reapply(file_entries: list[dict]) -> Reapplied:
    """Repeat every logged deletion (file and database) on this database. Idempotent."""
    result = Reapplied()
    known = {e.entry_id: e for e in db.session.scalars(sa.select(DeletionLog))}
    merged = {e["entry_id"]: e for e in file_entries if e.get("entry_id")}
    for entry_id, entry in known.items():
        merged.setdefault(entry_id, as_line(entry))
    for line in sorted(merged.values(), key=lambda e: e.get("created_at", "")):
        for key, payload in (line.get("payload") or {}).items():
            source = provider(key)
            if source is not None:
                result.deleted[key] = result.deleted.get(key, 0) + source.reapply(payload)
        if line["entry_id"] not in known:
            _log(
                DeletionReason(line["reason"]),
                line.get("counts") or {},
                line.get("payload") or {},
                line.get("staff_user_id"),
                line.get("actor") or "cli",
                entry_id=line["entry_id"],
                created_at=datetime.fromisoformat(line["created_at"]),
                mirror=False,
            )
            result.restored_log_rows += 1
        result.entries += 1
    return result
