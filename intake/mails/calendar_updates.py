"""Dates whose time or place changed in the form definition reach the calendars that hold them.

A changed `occasions:` block takes effect when the new version is published (or a newer
shipped file imported). The mail worker then compares, once per catalogue read, every
standing event with what the definition says now, and mails each person concerned an update
(same UID, higher SEQUENCE; intake/mails/calendar_events.py). Safe from several workers at
once: a sign-up's calendar rows are locked while they are compared and raised.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from intake.clock import now
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.registry import current_registry
from intake.mails.calendar_events import CalendarEvent, CalendarEventStatus, parts_for
from intake.signups import mails
from intake.signups.models import Signup
from intake.transactions import unit_of_work

log = logging.getLogger(__name__)
CHECKED = "intake.calendar_checked"  # app.extensions: the catalogue last compared in full


def stale_signups() -> list[int]:
    """Ids of sign-ups holding a standing, future event whose time or place differs now."""
    registry = current_registry()
    rows = db.session.execute(
        sa.select(
            CalendarEvent.signup_id,
            CalendarEvent.occasion_key,
            CalendarEvent.starts_at,
            CalendarEvent.ends_at,
            CalendarEvent.location,
            Signup.form_slug,
            Signup.locale,
        )
        .join(Signup, Signup.id == CalendarEvent.signup_id)
        .where(
            CalendarEvent.status == CalendarEventStatus.ACTIVE,
            CalendarEvent.starts_at.is_not(None),
            CalendarEvent.ends_at > now(),
            Signup.cancelled_at.is_(None),
        )
    ).all()
    stale: set[int] = set()
    for signup_id, key, starts_at, ends_at, location, slug, locale in rows:
        definition = registry.get(slug)
        occasion = occasion_rules.by_key(definition, key) if definition is not None else None
        if occasion is None:
            continue  # a date gone from the definition: its booking stands, so its event does too
        with force_locale(locale):
            place = str(occasion.place)
        if (occasion.starts_at, occasion.ends_at, place[:255]) != (starts_at, ends_at, location):
            stale.add(signup_id)
    return sorted(stale)


def send_updates() -> int:
    """Mail an update to every sign-up with a changed event, in one unit of work
    (intake/transactions.py). Returns mails queued."""
    ids = stale_signups()
    db.session.rollback()  # end the read; the updates below start as a writer
    if not ids:
        return 0
    registry = current_registry()
    sent = 0
    with unit_of_work(write=True) as session:
        for signup_id in ids:
            signup = session.get(Signup, signup_id)
            definition = registry.get(signup.form_slug) if signup is not None else None
            if definition is None or signup.is_cancelled or not signup.email:
                continue
            with force_locale(signup.locale):
                parts = parts_for(definition, signup)
            if parts:
                mails.signup_event_changed(definition, signup, parts)
                sent += 1
    if sent:
        log.info("calendar: %d updates queued after a change of time or place", sent)
    return sent


def worker_task() -> None:
    """From the mail worker's loop: compare once per loaded set of form definitions."""
    key = current_registry().catalogue_key  # changes when a form is published
    if current_app.extensions.get(CHECKED) == key:
        return
    send_updates()
    current_app.extensions[CHECKED] = key
