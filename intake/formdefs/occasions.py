"""Occasions: fixed dates from the YAML, or the next N dates from a monthly rule."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time

import holidays
from flask_babel import format_date, format_datetime

from intake import clock
from intake.clock import LOCAL
from intake.formdefs.schema import FormDef, Occasion, OccasionRule
from intake.i18n import date_pattern


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    days = [
        date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if len(days) >= nth else None


def is_public_holiday(day: date) -> bool:
    """A Danish public holiday (helligdag: nytårsdag, påske, Kristi himmelfart, pinse, jul),
    from the `holidays` package rather than a list of our own."""
    return day in holidays.country_holidays("DK", years=day.year)


def generate(rule: OccasionRule, after: datetime) -> list[Occasion]:
    """The next `rule.count` occasions that start after `after`; a day in `rule.skip` or, unless
    the form says `skip_holidays: false`, a Danish public holiday is left out and a later month
    takes its place."""
    start, end = time.fromisoformat(rule.start), time.fromisoformat(rule.end)
    local = after.astimezone(LOCAL)
    year, month = local.year, local.month
    result: list[Occasion] = []
    for _ in range(rule.count * 3 + 24):
        day = nth_weekday(year, month, rule.weekday, rule.nth)
        if day and day not in rule.skip and not (rule.skip_holidays and is_public_holiday(day)):
            starts = clock.local_time_on(day, start)
            if starts > local:
                result.append(Occasion(
                    key=day.isoformat(), starts_at=starts,
                    ends_at=clock.local_time_on(day, end),
                    place=rule.place, capacity=rule.capacity,
                ))
                if len(result) == rule.count:
                    break
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return result


def upcoming(definition: FormDef) -> list[Occasion]:
    """Occasions a person can still choose: future ones only."""
    now = clock.now()
    if definition.occasion_rule:
        return generate(definition.occasion_rule, now)
    return [o for o in definition.occasions if o.starts_at > now]


def by_key(definition: FormDef, key: str) -> Occasion | None:
    """Any occasion with this key, past or future, for receipts, mails and staff views."""
    for occasion in definition.occasions:
        if occasion.key == key:
            return occasion
    if definition.occasion_rule:
        try:
            day = date.fromisoformat(key)
        except ValueError:
            return None
        rule = definition.occasion_rule
        return Occasion(
            key=key, starts_at=clock.local_time_on(day, time.fromisoformat(rule.start)),
            ends_at=clock.local_time_on(day, time.fromisoformat(rule.end)),
            place=rule.place, capacity=rule.capacity,
        )
    return None


def describe(occasion: Occasion) -> str:
    """Read in the current language (patterns via i18n.date_pattern: English has no "kl.")."""
    starts = format_datetime(occasion.starts_at, date_pattern("EEEE d. MMMM y 'kl.' HH.mm"))
    return f"{starts}–{format_datetime(occasion.ends_at, date_pattern('HH.mm'))}, {occasion.place}"


def describe_key(key: str) -> str:
    try:
        return format_date(date.fromisoformat(key), date_pattern("EEEE d. MMMM y"))
    except ValueError:
        return key


def chosen(definition: FormDef, answers: dict) -> list[Occasion]:
    """The occasions a sign-up is for: those picked, or the form's only occasion."""
    field = definition.occasion_field()
    if field is None:
        return list(definition.occasions) if len(definition.occasions) == 1 else []
    value = answers.get(field.key)
    keys = value if isinstance(value, list) else ([value] if value else [])
    return [o for o in (by_key(definition, k) for k in keys) if o is not None]


def fixed_events(definition: FormDef) -> list[str]:
    """Date, time and place of a form's fixed events (a list in the definition, not a monthly
    rule), in the current language, for the card on / and the top of the form page: nobody
    should first learn when and where the fair is from the receipt (issue 8 §7)."""
    if definition.occasion_rule is not None or not definition.occasions:
        return []
    future = [o for o in definition.occasions if o.ends_at > clock.now()]
    return [describe(o) for o in (future or list(definition.occasions)[-1:])]
