"""The change report shown before publishing: what a new version does to what is collected.

Read-only against the sign-ups and bookings of the form (intake/signups/models.py; seats via
intake/signups/availability.py, the one place seats taken are counted). Old answers are never
touched by a publish: they keep the version they were given under, so the report says how
many answers or bookings each change concerns and what happens to them.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from intake import clock
from intake.extensions import db
from intake.formdefs import occasions as occasion_rules
from intake.formdefs.changes import Change, ChangeKind, pair_moved
from intake.formdefs.changes_text import (
    as_list,
    field_name,
    label_of,
    normalize,
    option_name,
    show,
    show_day,
    show_moment,
    type_label,
)
from intake.formdefs.schema import FormDef, OccasionRule
from intake.formdefs.starters import check
from intake.signups import availability, buckets
from intake.signups.buckets import Bucket
from intake.signups.models import Booking, BookingStatus, Signup

ACTIVE = (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.PENDING)
GOAL_BLOCK = "goal_fields"  # a follow-up's questions asked once per goal


class NotChecked(ValueError):
    """`new` (or `old`) does not pass the checker; publish refuses it before any report."""


def impact(slug: str, old: dict, new: dict) -> list[Change]:
    """What publishing `new` over `old` does to the sign-ups of form `slug`, in order:
    answers of fields and options removed, renamed or retyped (each with `count` answers;
    they stay and exports show them under their old label), capacity lowered below seats
    taken (per bucket, `count` seats taken), dates moved, removed or changed while people
    are booked (`count` sign-ups, `offers_notice=True`), opening and closing changed.
    A change that concerns no answer or booking is left out (see `changes.diff` for all).
    Raises NotChecked if either mapping fails the checker."""
    old_def, new_def = _definition(old), _definition(new)
    counter = _Answers(slug, new_def.kind)
    before, after = normalize(old), normalize(new)
    result = _fields(counter, as_list(before.get("fields")), as_list(after.get("fields")), "")
    result += _fields(
        counter,
        as_list(before.get(GOAL_BLOCK)),
        as_list(after.get(GOAL_BLOCK)),
        GOAL_BLOCK + ".",
    )
    result += _capacity(slug, old_def, new_def)
    result += _occasions(slug, old_def, new_def)
    result += _window(normalize(old), normalize(new), new_def)
    return result


def _definition(mapping: dict) -> FormDef:
    definition, problems = check(mapping)
    if definition is None:
        raise NotChecked("; ".join(problems))
    return definition


# -- answers -------------------------------------------------------------------------------


class _Answers:
    """Stored answers of one question, read once each. A sign-up form's are its sign-ups';
    a follow-up's are the latest submitted version per invitation of its rounds, one answer
    per goal for a question of `goal_fields`. `path`: "key", "repeat.key",
    "goal_fields.key"."""

    def __init__(self, slug: str, kind: str):
        self.slug, self.kind, self.cache = slug, kind, {}
        self.submitted: list[dict] | None = None

    def values(self, path: str) -> list:
        if path not in self.cache:
            top, _dot, sub = path.partition(".")
            if self.kind != "followup":
                rows = db.session.scalars(
                    sa.select(Signup.answers[top]).where(Signup.form_slug == self.slug)
                ).all()
            elif top == GOAL_BLOCK:
                top, _dot, sub = sub.partition(".")
                goals = [g for a in self._submitted() for g in (a.get("goals") or {}).values()]
                rows = [g.get(top) for g in goals if isinstance(g, dict)]
            else:
                rows = [(a.get("general") or {}).get(top) for a in self._submitted()]
            if sub:
                rows = [
                    [r.get(sub) for r in value if isinstance(r, dict)]
                    for value in rows
                    if isinstance(value, list)
                ]
                rows = [[v for v in row if not _empty(v)] for row in rows]
            self.cache[path] = [v for v in rows if not _empty(v)]
        return self.cache[path]

    def _submitted(self) -> list[dict]:
        if self.submitted is None:
            from intake.rounds.models import Invitation, Round, Submission

            latest: dict[int, tuple[int, dict]] = {}
            for invitation, version, answers in db.session.execute(
                sa.select(Submission.invitation_id, Submission.version, Submission.answers)
                .join(Invitation, Invitation.id == Submission.invitation_id)
                .join(Round, Round.id == Invitation.round_id)
                .where(Round.form_slug == self.slug)
            ):
                if invitation not in latest or version > latest[invitation][0]:
                    latest[invitation] = (version, answers if isinstance(answers, dict) else {})
            self.submitted = [answers for _version, answers in latest.values()]
        return self.submitted

    def count(self, path: str) -> int:
        return len(self.values(path))

    def with_code(self, path: str, code: str) -> int:
        def has(value) -> bool:
            if isinstance(value, list):
                return any(has(v) for v in value)
            return str(value) == code

        return sum(1 for value in self.values(path) if has(value))


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _answered(count: int) -> str:
    return ngettext("Der er %(num)d svar på det", "Der er %(num)d svar på det", count)


def _fields(counter: _Answers, old: list[dict], new: list[dict], parent: str) -> list[Change]:
    new_by = {str(f.get("key")): f for f in new}
    result = []
    for item in old:
        key = str(item.get("key"))
        path = parent + key
        after = new_by.get(key)
        if after is None:
            if counter.count(path):
                result.append(
                    Change(
                        _(
                            "Feltet %(name)s fjernes. %(answered)s; svarene bliver gemt, og "
                            "eksporten viser dem under den gamle tekst %(label)s.",
                            name=field_name(item),
                            answered=_answered(counter.count(path)),
                            label=show(label_of(item)),
                        ),
                        path,
                        ChangeKind.FIELD_REMOVED,
                        count=counter.count(path),
                    )
                )
            continue
        if item.get("label") != after.get("label") and counter.count(path):
            result.append(
                Change(
                    _(
                        "Feltet %(key)s får ny tekst %(new)s. %(answered)s under den gamle tekst "
                        "%(old)s; eksporten viser de svar under den gamle tekst.",
                        key=path,
                        new=show(label_of(after)),
                        old=show(label_of(item)),
                        answered=_answered(counter.count(path)),
                    ),
                    path,
                    ChangeKind.FIELD_RENAMED,
                    count=counter.count(path),
                )
            )
        if item.get("type") != after.get("type") and counter.count(path):
            result.append(
                Change(
                    _(
                        "Feltet %(name)s skifter type fra %(old)s til %(new)s. %(answered)s; "
                        "de svar bliver gemt, som de blev givet.",
                        name=field_name(after),
                        old=type_label(item.get("type")),
                        new=type_label(after.get("type")),
                        answered=_answered(counter.count(path)),
                    ),
                    path,
                    ChangeKind.FIELD_TYPE,
                    count=counter.count(path),
                )
            )
        result += _options(counter, item, after, path)
        result += _fields(
            counter, as_list(item.get("fields")), as_list(after.get("fields")), path + "."
        )
    return result


def _options(counter: _Answers, old: dict, new: dict, path: str) -> list[Change]:
    new_by = {str(o.get("code")): o for o in as_list(new.get("options"))}
    result = []
    for option in as_list(old.get("options")):
        code = str(option.get("code"))
        chosen = counter.with_code(path, code) if counter.count(path) else 0
        if not chosen:
            continue
        chose = ngettext("Den er valgt i %(num)d svar", "Den er valgt i %(num)d svar", chosen)
        if code not in new_by:
            result.append(
                Change(
                    _(
                        "Svarmuligheden %(option)s fjernes fra feltet %(name)s. %(chose)s; svarene "
                        "bliver gemt og vises med den gamle tekst.",
                        option=option_name(option),
                        name=field_name(new),
                        chose=chose,
                    ),
                    path,
                    ChangeKind.OPTION_REMOVED,
                    count=chosen,
                )
            )
        elif new_by[code].get("label") != option.get("label"):
            result.append(
                Change(
                    _(
                        "Svarmuligheden %(code)s i feltet %(name)s får ny tekst %(new)s. %(chose)s "
                        "som %(old)s; eksporten viser de svar med den gamle tekst.",
                        code=code,
                        name=field_name(new),
                        new=show(label_of(new_by[code])),
                        old=show(label_of(option)),
                        chose=chose,
                    ),
                    path,
                    ChangeKind.OPTION_RELABELLED,
                    count=chosen,
                )
            )
    return result


# -- capacity ------------------------------------------------------------------------------


def _capacity(slug: str, old: FormDef, new: FormDef) -> list[Change]:
    old_by = old.capacity.count_by if old.capacity else buckets.FORM
    new_by = new.capacity.count_by if new.capacity else buckets.FORM
    if old_by != new_by:
        held = (
            db.session.scalar(
                sa.select(sa.func.count(sa.distinct(Booking.signup_id))).where(
                    Booking.form_slug == slug, Booking.status.in_(ACTIVE)
                )
            )
            or 0
        )
        if not held:
            return []
        return [
            Change(
                ngettext(
                    "Pladserne tælles på en ny måde. %(num)d tilmelding har en plads eller "
                    "står på venteliste efter den gamle måde og bliver stående der.",
                    "Pladserne tælles på en ny måde. %(num)d tilmeldinger har en plads eller "
                    "står på venteliste efter den gamle måde og bliver stående der.",
                    held,
                ),
                None,
                ChangeKind.CAPACITY,
                count=held,
            )
        ]
    keys = sorted(set(availability.known(new)) | set(buckets.configured(old)))
    result = []
    for key, row in availability.read(new, keys).items():
        before = Bucket.parse(key).defined_seats(old) if row.override is None else row.override
        if row.limit is None or row.taken <= row.limit:
            continue
        if before is not None and row.limit >= before:
            continue  # not lowered now: it was over before this version
        result.append(
            Change(
                ngettext(
                    "%(where)s: %(num)d plads, men %(taken)d er allerede taget. Ingen "
                    "mister sin plads, men ingen nye får plads, før færre end %(num)d er taget.",
                    "%(where)s: %(num)d pladser, men %(taken)d er allerede taget. Ingen "
                    "mister sin plads, men ingen nye får plads, før færre end %(num)d er taget.",
                    row.limit,
                    where=buckets.label(new, key),
                    taken=row.taken,
                ),
                new.capacity.field if new.capacity else None,
                ChangeKind.CAPACITY,
                count=row.taken,
            )
        )
    return result


# -- occasions -----------------------------------------------------------------------------


def booked(slug: str) -> dict[str, int]:
    """Sign-ups holding a seat or a waiting place per date key."""
    return dict(
        db.session.execute(
            sa.select(Booking.occasion_key, sa.func.count(sa.distinct(Booking.signup_id)))
            .where(
                Booking.form_slug == slug,
                Booking.status.in_(ACTIVE),
                Booking.occasion_key.is_not(None),
            )
            .group_by(Booking.occasion_key)
        ).all()
    )


def _occasions(slug: str, old: FormDef, new: FormDef) -> list[Change]:
    held = booked(slug)
    moment = clock.now()
    ahead = {}
    for key, count in held.items():
        occasion = occasion_rules.by_key(old, key)
        if occasion is not None and occasion.ends_at > moment:
            ahead[key] = (occasion, count)
    if not ahead:
        return []
    old_keys, new_keys = {o.key for o in old.occasions}, {o.key for o in new.occasions}
    moves = dict(pair_moved(sorted(old_keys - new_keys), sorted(new_keys - old_keys)))
    result = []
    for key, (occasion, count) in sorted(ahead.items()):
        after = _still(new, key)
        people = ngettext("%(num)d tilmeldt", "%(num)d tilmeldte", count)
        if after is None and key in moves:
            text = _(
                "Datoen %(old)s flyttes til %(new)s, men %(people)s har den gamle dato. "
                "Deres tilmeldinger står stadig på den gamle dato; giv dem besked.",
                old=show_day(key),
                new=show_day(moves[key]),
                people=people,
            )
            kind = ChangeKind.OCCASION_MOVED
        elif after is None:
            text = _(
                "Datoen %(day)s fjernes, men %(people)s har den. Tilmeldingerne bliver "
                "stående; giv dem besked.",
                day=show_day(key),
                people=people,
            )
            kind = ChangeKind.OCCASION_REMOVED
        elif _differs(occasion, after):
            text = _(
                "Tid eller sted ændres for %(day)s, og %(people)s har datoen. De kan få "
                "en opdateret kalenderinvitation.",
                day=show_day(key),
                people=people,
            )
            kind = ChangeKind.OCCASION_CHANGED
        else:
            continue
        result.append(Change(text, None, kind, count=count, offers_notice=True, occasion=key))
    return result


def _still(definition: FormDef, key: str):
    """The occasion `key` in the new version, or None if it is no longer one of its dates."""
    rule = definition.occasion_rule
    if rule is None:
        return next((o for o in definition.occasions if o.key == key), None)
    try:
        day = date.fromisoformat(key)
    except ValueError:
        return None
    return occasion_rules.by_key(definition, key) if _rule_has(rule, day) else None


def _rule_has(rule: OccasionRule, day: date) -> bool:
    return (
        occasion_rules.nth_weekday(day.year, day.month, rule.weekday, rule.nth) == day
        and day not in rule.skip
        and not (rule.skip_holidays and occasion_rules.is_public_holiday(day))
    )


def _differs(before, after) -> bool:
    with force_locale("da"):
        place_before, place_after = str(before.place), str(after.place)
    return (before.starts_at, before.ends_at, place_before) != (
        after.starts_at,
        after.ends_at,
        place_after,
    )


# -- opening and closing -------------------------------------------------------------------


def _window(old: dict, new: dict, new_def: FormDef) -> list[Change]:
    result = []
    moment = clock.now()
    if old.get("opens") != new.get("opens"):
        text = _(
            "Tilmeldingen åbner %(new)s (før %(old)s).",
            new=show_moment(new.get("opens")),
            old=show_moment(old.get("opens")),
        )
        if new_def.opens_at and new_def.opens_at > moment:
            text += " " + _("Indtil da kan ingen tilmelde sig.")
        result.append(Change(text, None, ChangeKind.OPENS))
    if old.get("closes") != new.get("closes"):
        text = _(
            "Tilmeldingen lukker %(new)s (før %(old)s).",
            new=show_moment(new.get("closes")),
            old=show_moment(old.get("closes")),
        )
        if new_def.closes_at and new_def.closes_at <= moment:
            text += " " + _("Det tidspunkt er passeret, så formularen lukker, når den udgives.")
        result.append(Change(text, None, ChangeKind.CLOSES))
    return result


# -- telling the people booked -------------------------------------------------------------


def notify_booked(definition: FormDef, occasion_keys: list[str]) -> int:
    """Queue an updated calendar invitation to everyone holding one of these dates whose time
    or place differs from what their calendar holds (the mail and calendar parts of
    intake/mails/calendar_updates.py, in the caller's transaction: call it after the new
    version is stored, before the request commits). `definition`: the new version. The mail
    worker's compare after a publish (calendar_updates.worker_task) would send the same
    update later; the calendar rows this records keep it from sending twice. Dates no
    longer in the definition cannot be described, so they get no update (the change report
    says so: "giv dem besked"). Returns mails queued."""
    from intake.mails.calendar_events import parts_for
    from intake.signups import mails

    ids = db.session.scalars(
        sa.select(Booking.signup_id)
        .distinct()
        .where(
            Booking.form_slug == definition.slug,
            Booking.status == BookingStatus.CONFIRMED,
            Booking.occasion_key.in_(list(occasion_keys)),
        )
    ).all()
    sent = 0
    for signup_id in sorted(ids):
        signup = db.session.get(Signup, signup_id)
        if signup is None or signup.is_cancelled or not signup.email:
            continue
        with force_locale(signup.locale):
            parts = parts_for(definition, signup)
        if parts:
            mails.signup_event_changed(definition, signup, parts)
            sent += 1
    return sent
