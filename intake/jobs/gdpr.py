"""Queued jobs in GDPR find and erase: a lost-link or 'send my confirmation again' request
holds the address it was asked for until the mail worker runs (seconds, or longer while the
worker is down), and that address is personal data like any other (GDPR art. 15 and 17)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from intake import matching
from intake.exports.cells import Column
from intake.extensions import db
from intake.gdpr.person import Person
from intake.gdpr.providers import PersonDataProvider, Section, register
from intake.jobs.models import Job, JobKind

KIND_LABELS = {
    JobKind.FOLLOWUP_LOST_LINK: "Nyt personligt link til opfølgning",
    JobKind.SIGNUP_RESEND: "Send bekræftelsen igen",
}


def _jobs(person: Person) -> list[Job]:
    """The jobs for the person's address, however it was typed (matching.email_key): an
    ASCII part of the key finds the candidates, the exact test is in Python."""
    if not person.email:
        return []
    anchor = "%" + matching.like_escaped(matching.ascii_anchor(person.email)) + "%"
    found = db.session.scalars(
        sa.select(Job).where(Job.email.ilike(anchor, escape="\\")).order_by(Job.id)
    )
    return [job for job in found if matching.email_key(job.email) == person.email]


class JobData(PersonDataProvider):
    key = "jobs"
    title = "Ventende forespørgsler"
    # After mails and sign-ups: the access workbook's last sheet. Erased in the same
    # transaction as the rest, so no waiting job can mail the person afterwards.
    order = 30

    def find(self, person: Person) -> list[Section]:
        section = Section(
            "Ventende forespørgsler",
            (Column("Modtaget", "datetime"), Column("Forespørgsel", width=34),
             Column("E-mail", width=30)),
        )
        for job in _jobs(person):
            section.rows.append([job.created_at, KIND_LABELS.get(job.kind, job.kind.value),
                                 job.email])
        return [section]

    def erase(self, person: Person) -> tuple[int, dict] | None:
        jobs = _jobs(person)
        if not jobs:
            return None
        payload = {"jobs": [{"id": j.id, "created_at": j.created_at.isoformat()} for j in jobs]}
        for job in jobs:
            db.session.delete(job)
        db.session.flush()
        return len(jobs), payload

    def reapply(self, payload: dict) -> int:
        """By id and creation time, so a restored database's newer job with a reused id stays."""
        done = 0
        for item in payload.get("jobs") or []:
            job = db.session.get(Job, item.get("id"))
            if job is not None and job.created_at == datetime.fromisoformat(item["created_at"]):
                db.session.delete(job)
                done += 1
        db.session.flush()
        return done


register(JobData())
