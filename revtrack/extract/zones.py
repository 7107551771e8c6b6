"""Time zone abbreviations as news pages print them ("10:42 am ET", "14:05 BST").

Abbreviations are ambiguous; the table picks the reading news sites mean most
often: IST is India (+05:30), AST is Arabia (+03:00), CST is US Central. The
season-dependent names (ET, PT, "Eastern") use the tz database when the system
has one and fall back to standard time otherwise.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FIXED_OFFSETS_MINUTES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "WEST": 60, "MSK": 180, "AST": 180, "GST": 240, "PKT": 300,
    "NPT": 345, "BDT": 360, "ICT": 420, "WIB": 420, "HKT": 480, "SGT": 480, "PHT": 480,
    "AWST": 480, "JST": 540, "KST": 540, "ACST": 570, "ACDT": 630, "AEST": 600,
    "AEDT": 660, "NZST": 720, "NZDT": 780, "WAT": 60, "CAT": 120, "SAST": 120, "EAT": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "BRT": -180,
    "ART": -180, "NST": -210, "NDT": -150,
}  # fmt: skip
# Names whose offset depends on the date: (tz database key, standard offset).
_SEASONAL = {
    "ET": ("America/New_York", -300),
    "CT": ("America/Chicago", -360),
    "MT": ("America/Denver", -420),
    "PT": ("America/Los_Angeles", -480),
    "UK": ("Europe/London", 0),
}
_NUMERIC_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+\-−])\s*(\d{1,2}):?(\d{2})?")


@lru_cache(maxsize=256)
def zone_for(name: str) -> tzinfo | None:
    """The tzinfo for an abbreviation or offset ("ET", "GMT+3", "+05:30"), else None."""
    key = name.strip("() ").upper()
    if key in _FIXED_OFFSETS_MINUTES:
        return _fixed(_FIXED_OFFSETS_MINUTES[key])
    if key in _SEASONAL:
        return _seasonal(*_SEASONAL[key])
    return _numeric(key)


def offset_minutes(name: str, moment: datetime) -> int | None:
    """The zone's offset east of UTC in minutes at ``moment`` (aware), None if unknown."""
    zone = zone_for(name)
    if zone is None:
        return None
    offset = moment.astimezone(zone).utcoffset()
    return None if offset is None else int(offset.total_seconds()) // 60


def _fixed(minutes: int) -> tzinfo:
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


def _seasonal(database_key: str, standard_minutes: int) -> tzinfo:
    try:
        return ZoneInfo(database_key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _fixed(standard_minutes)


def _numeric(key: str) -> tzinfo | None:
    match = _NUMERIC_OFFSET.fullmatch(key)
    if match is None:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if match.group(1) in "-−" else 1
    return _fixed(sign * (hours * 60 + minutes))
