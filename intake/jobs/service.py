"""Queue a job from a request; run due jobs from the mail worker.

Handlers are registered per kind by the package that owns the work (followup, signups), so
this module knows nothing of rounds or forms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from intake.extensions import db
from intake.jobs.models import Job, JobKind
from intake.transactions import unit_of_work, wake_after_commit

log = logging.getLogger(__name__)
Handler = Callable[[str, dict], None]
_HANDLERS: dict[JobKind, Handler] = {}
BATCH = 50


def handler(kind: JobKind) -> Callable[[Handler], Handler]:
    """Decorator: `fn(email, params)` does the work of one job; it flushes, never commits."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def queue(kind: JobKind, email: str, **params) -> None:
    """Store the job (one INSERT, the same for every address); the request's commit wakes
    the worker (intake/transactions.py). Raises nothing about the address: it is not looked
    up here."""
    db.session.add(Job(kind=kind, email=email, params=params))
    db.session.flush()
    wake_after_commit()


def run_due() -> int:
    """Do every queued job, a batch per unit of work (intake/transactions.py); a failing job
    is logged and dropped (its answer was already given, and it must not block the others).
    Returns jobs done."""
    done = 0
    while True:
        with unit_of_work(write=True) as session:
            jobs = session.scalars(
                sa.select(Job).order_by(Job.id).limit(BATCH).with_for_update(skip_locked=True)
            ).all()
            for job in jobs:
                kind, email, params, job_id = job.kind, job.email, dict(job.params or {}), job.id
                session.delete(job)
                try:
                    with session.begin_nested():
                        _HANDLERS[kind](email, params)
                except Exception:  # one broken job must not stop the others or the mail
                    log.exception("job %s (%s) failed", job_id, kind.value)
                done += 1
        if not jobs:
            return done


def worker_task() -> None:
    """For add_worker_task: run from the mail worker's loop, before delivery."""
    run_due()
