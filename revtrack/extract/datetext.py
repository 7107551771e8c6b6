"""Dates and clock times as pages print them: "16 June 2023", "June 16, 2023 10:42 am ET",
"16/06/2023", "10.42 BST, Fri 16 Jun 2023". The conventions for what a stamp
leaves open are listed in :mod:`revtrack.extract.stamps`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from revtrack.extract.zones import offset_minutes, zone_for

# Pages render "in 2 minutes" for scheduled items and clocks drift a little.
CLOCK_SKEW = timedelta(minutes=10)
DAY = 86400
MINUTE = 60

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_WEEKDAY = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+",
    re.IGNORECASE,
)
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_FORMS = (
    re.compile(
        r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+" + _MONTH
        + r"(?:,?[\s\-]+(?P<y>\d{4}))?(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(
        _MONTH + r"[\s\-]+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?[\s\-]+(?P<y>\d{4}))?(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<y>\d{4})(?P<sep>[\-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)"),
)  # fmt: skip
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:[:.h](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
# Zone abbreviations are upper case by convention; "at" or "on" must not match.
_ZONE = re.compile(
    r"\s*\(?(?P<tz>(?:UTC|GMT)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?|[+\-]\d{2}:?\d{2}|[A-Z]{1,5})\)?"
    r"(?![\w])"
)
_DATE_TIME_GLUE = re.compile(r"T(?=\d)|\s*(?:,|\bat\b|\bon\b|[|·•@\-–—])?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment read from text, with what the text left open.

    ``offset`` is the zone as written (minutes east of UTC; None without a zone),
    ``resolution`` how coarse the text is in seconds (0 = to the second), and
    ``partial`` says the year or the day was not written but taken from the fetch.
    """

    when: datetime
    end: int
    relative: bool
    offset: int | None = None
    resolution: int = 0
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock time read from text: "10:42 am ET" -> 10:42, "ET", to the minute."""

    time: time
    zone: str
    end: int
    resolution: int


@dataclass(frozen=True, slots=True)
class _Day:
    day: date
    end: int
    partial: bool  # no year written


def scan_absolute(text: str, pos: int, now: datetime, day_first: bool) -> Moment | None:
    """A date with an optional time after it, or a time with an optional date after it."""
    pos = _skip_weekday(text, pos)
    found = _scan_date(text, pos, now, day_first)
    if found is not None:
        clock = scan_time(text, skip_glue(text, found.end))
        if clock is None:
            zone, end = _scan_zone(text, found.end)
            return _not_after(found, Clock(time(), zone, end, DAY), now)
        return _not_after(found, clock, now)
    clock = scan_time(text, pos)
    if clock is None:
        return None
    found = _scan_date(text, _skip_weekday(text, skip_glue(text, clock.end)), now, day_first)
    if found is None:
        return _time_only(clock, now)
    return _not_after(found, replace(clock, end=max(found.end, clock.end)), now)


def _not_after(found: _Day, clock: Clock, now: datetime) -> Moment | None:
    """The moment; a year-less one that would lie after the fetch is last year's."""
    moment = _moment_at(found, clock)
    if moment is None or not found.partial or moment.when <= now + CLOCK_SKEW:
        return moment
    try:
        return _moment_at(replace(found, day=found.day.replace(year=found.day.year - 1)), clock)
    except ValueError:  # 29 February
        return None


def skip_glue(text: str, pos: int) -> int:
    glue = _DATE_TIME_GLUE.match(text, pos)
    return pos if glue is None else glue.end()


def _moment_at(found: _Day, clock: Clock) -> Moment | None:
    when = localise(found.day, clock.time, clock.zone)
    if when is None:
        return None
    offset = offset_minutes(clock.zone, when) if clock.zone else None
    return Moment(when, clock.end, False, offset, clock.resolution, found.partial)


def _skip_weekday(text: str, pos: int) -> int:
    match = _WEEKDAY.match(text, pos)
    return pos if match is None else match.end()


def _time_only(clock: Clock, now: datetime) -> Moment | None:
    """Today's time, or yesterday's when today's would lie after the fetch."""
    when = localise(now.date(), clock.time, clock.zone)
    if when is None:
        return None
    if when > now + CLOCK_SKEW:
        when -= timedelta(days=1)
    offset = offset_minutes(clock.zone, when) if clock.zone else None
    return Moment(when, clock.end, False, offset, clock.resolution, True)


def _scan_date(text: str, pos: int, now: datetime, day_first: bool) -> _Day | None:
    for form in _DATE_FORMS:
        match = form.match(text, pos)
        if match is None:
            continue
        day = _date_from(match.groupdict(), now, day_first)
        if day is not None:
            return _Day(day, match.end(), match.group("y") is None)
    return None


def _date_from(fields: dict[str, str | None], now: datetime, day_first: bool) -> date | None:
    year_text, month_name = fields.get("y"), fields.get("mon")
    if month_name is not None:
        month = _MONTHS.get(month_name[:3].lower(), 0)
        day_of_month = int(fields["d"] or 0)
    elif fields.get("m") is not None:
        month, day_of_month = int(fields["m"] or 0), int(fields["d"] or 0)
    else:
        first, second = int(fields["a"] or 0), int(fields["b"] or 0)
        swap = second > 12 or (not day_first and first <= 12)
        day_of_month, month = (second, first) if swap else (first, second)
    try:
        if year_text is None:
            return _latest_date(month, day_of_month, now)
        year = _full_year(year_text, now)
        if not 1970 <= year <= now.year + 1:
            return None
        return date(year, month, day_of_month)
    except ValueError:
        return None


def _full_year(text: str, now: datetime) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= now.year % 100 + 1 else 1900
    return year


def _latest_date(month: int, day_of_month: int, now: datetime) -> date:
    candidate = date(now.year, month, day_of_month)
    if candidate > (now + CLOCK_SKEW).date():
        candidate = date(now.year - 1, month, day_of_month)
    return candidate


def scan_time(text: str, pos: int) -> Clock | None:
    """A clock time at ``pos``, with its zone abbreviation ("" when none)."""
    match = _TIME.match(text, pos)
    if match is None or (match.group("mi") is None and match.group("ampm") is None):
        return None
    hour, minute = int(match.group("h")), int(match.group("mi") or 0)
    second = int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone, end = _scan_zone(text, match.end())
    resolution = MINUTE if match.group("s") is None else 0
    return Clock(time(hour, minute, second), zone, end, resolution)


def _scan_zone(text: str, pos: int) -> tuple[str, int]:
    match = _ZONE.match(text, pos)
    if match is None or zone_for(match.group("tz")) is None:
        return "", pos
    return match.group("tz"), match.end()


def localise(day: date, clock: time, zone: str) -> datetime | None:
    tzinfo = zone_for(zone) if zone else UTC
    try:
        return datetime.combine(day, clock, tzinfo).astimezone(UTC)
    except (OverflowError, ValueError):
        return None
