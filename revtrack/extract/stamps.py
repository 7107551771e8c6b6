"""Visible date stamps: "Updated 3 sec ago", "Updated: June 16, 2023 10:42 am ET".

No library resolves the stamps news pages show, so this module does. Relative
stamps ("5 mins ago", "yesterday") are resolved against the time the page was
fetched, never against the wall clock, so re-extracting stored HTML gives the
same answer. Conventions, for stamps that leave things open:

- a date without a time is midnight UTC of that date;
- a time without a zone is UTC; known zone abbreviations ("ET", "BST", "IST")
  are mapped in :mod:`revtrack.extract.zones`;
- numeric dates are day-first ("16/06/2023") unless ``day_first=False`` or one
  field is over 12 ("06/16/2023");
- a date without a year, or a time without a date, is the latest such moment
  not after the fetch (allowing a little clock skew);
- "2 months ago" is 60 days, "a year ago" 365 days.

Each stamp also says how exact it is (``resolution``, in seconds): "31 min ago"
is good to the minute, "2 hours ago" to the hour, "yesterday" or a date without
a time to the day. Two readings of one stamp a few seconds apart resolve to
instants that differ by less than that, and callers use it to tell them apart
from a real new stamp.

Month and weekday names are English; anything else is left to htmldate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from revtrack.clock import as_utc
from revtrack.extract.datetext import (
    DAY,
    MINUTE,
    Moment,
    localise,
    scan_absolute,
    scan_time,
    skip_glue,
)
from revtrack.extract.zones import offset_minutes

StampKind = Literal["updated", "published", ""]

MAX_STAMP_LENGTH = 160

_UNIT_SECONDS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800,
    "mo": 2592000, "mos": 2592000, "month": 2592000, "months": 2592000,
    "y": 31536000, "yr": 31536000, "yrs": 31536000, "year": 31536000, "years": 31536000,
}  # fmt: skip
_LABEL = re.compile(
    r"\b(?P<label>(?:last\s+)?(?:updated|modified|edited|amended|revised)"
    r"|(?:first\s+|originally\s+)?(?:published|posted))"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_JUST_NOW = re.compile(
    r"(?:just\s+now|a\s+moment\s+ago|moments\s+ago|(?:a\s+few\s+)?seconds\s+ago)(?![\w])",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?P<qty>\d{1,4}|an?|one)\s*(?P<unit>[a-z]{1,7})\.?\s+ago(?![\w])", re.IGNORECASE
)
_DAY_WORD = re.compile(r"(?P<day>today|yesterday)(?![\w])", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r"\s+[|•·]\s+|\n")
_TRAILING_NOISE = re.compile(r"[\s.,;:)\]]*")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A stamp found in page text: its kind, its text as shown, and the moment.

    ``offset`` is the zone the stamp was written in (minutes east of UTC, None
    without one), ``resolution`` its precision in seconds (0 = exact), and
    ``partial`` says its year or day was not written but taken from the fetch.
    """

    kind: StampKind
    text: str
    when: datetime
    relative: bool
    offset: int | None = None
    resolution: int = 0
    partial: bool = False


def parse_stamp(text: str, now: datetime, *, day_first: bool = True) -> datetime | None:
    """Parse a text that is nothing but a stamp ("Updated 3 sec ago", "16/06/2023").

    Returns an aware UTC datetime, or None when the text holds anything more than
    an optional label, one moment and trailing punctuation.
    """
    stamp = read_stamp(text, now, day_first=day_first)
    return None if stamp is None else stamp.when


def read_stamp(text: str, now: datetime, *, day_first: bool = True) -> Stamp | None:
    """Like :func:`parse_stamp`, with the stamp's kind, zone and resolution."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_STAMP_LENGTH:
        return None
    label = _LABEL.match(text)
    start = label.end() if label else 0
    moment = _scan(text, start, as_utc(now), day_first)
    if moment is None or not _only_noise_after(text, moment.end):
        return None
    kind = _label_kind(label.group("label")) if label else ""
    return _stamp(kind, text[: moment.end], moment)


def _stamp(kind: StampKind, text: str, moment: Moment) -> Stamp:
    return Stamp(
        kind, text, moment.when, moment.relative, moment.offset, moment.resolution, moment.partial
    )


def find_stamps(text: str, now: datetime, *, day_first: bool = True) -> list[Stamp]:
    """All stamps in a short text such as "By Jane Doe | Updated 5 mins ago".

    Labelled stamps are found anywhere; an unlabelled moment only where a segment
    (split on " | ", " • ", newlines) starts with it, so prose is not mistaken
    for a stamp.
    """
    now = as_utc(now)
    stamps: list[Stamp] = []
    for segment in _SEGMENT_BREAK.split(text[: MAX_STAMP_LENGTH * 4]):
        segment = " ".join(segment.split())
        found = _labelled_stamps(segment, now, day_first)
        if not found:
            moment = _scan(segment, 0, now, day_first)
            if moment is not None:
                found = [_stamp("", segment[: moment.end], moment)]
        stamps.extend(found)
    return stamps


def _labelled_stamps(segment: str, now: datetime, day_first: bool) -> list[Stamp]:
    stamps = []
    for label in _LABEL.finditer(segment):
        moment = _scan(segment, label.end(), now, day_first)
        if moment is not None:
            kind = _label_kind(label.group("label"))
            shown = segment[label.start() : moment.end]
            stamps.append(_stamp(kind, shown, moment))
    return stamps


def _label_kind(label: str) -> StampKind:
    lowered = label.lower()
    return "published" if "publish" in lowered or "posted" in lowered else "updated"


def _only_noise_after(text: str, end: int) -> bool:
    noise = _TRAILING_NOISE.match(text, end)
    return noise is not None and noise.end() == len(text)


def _scan(text: str, pos: int, now: datetime, day_first: bool) -> Moment | None:
    """The moment starting exactly at ``pos``, if any."""
    for scanner in (_scan_relative, _scan_day_word, scan_absolute):
        moment = scanner(text, pos, now, day_first)
        if moment is not None:
            return moment
    return None


def _scan_relative(text: str, pos: int, now: datetime, day_first: bool) -> Moment | None:
    just_now = _JUST_NOW.match(text, pos)
    if just_now:
        return Moment(now.replace(microsecond=0), just_now.end(), True, resolution=MINUTE)
    match = _RELATIVE.match(text, pos)
    if match is None:
        return None
    unit = _UNIT_SECONDS.get(match.group("unit").lower())
    if unit is None:
        return None
    qty = match.group("qty")
    count = int(qty) if qty.isdigit() else 1
    when = now.replace(microsecond=0) - timedelta(seconds=count * unit)
    # "31 min ago" is good to the minute: the page rounds down to its unit.
    return Moment(when, match.end(), True, resolution=unit)


def _scan_day_word(text: str, pos: int, now: datetime, day_first: bool) -> Moment | None:
    match = _DAY_WORD.match(text, pos)
    if match is None:
        return None
    day = now.date() - timedelta(days=1 if match.group("day").lower() == "yesterday" else 0)
    clock = scan_time(text, skip_glue(text, match.end()))
    if clock is None:
        return Moment(datetime.combine(day, time(), UTC), match.end(), True, resolution=DAY)
    when = localise(day, clock.time, clock.zone)
    if when is None:
        return None
    offset = offset_minutes(clock.zone, when) if clock.zone else None
    return Moment(when, clock.end, True, offset, clock.resolution)
