"""When the story was published and last updated, from the most reliable source.

Order for each: JSON-LD, meta tags, <time datetime>, the visible stamp, then
htmldate. htmldate is the slow last resort, and it is given the fetch time as
its upper bound so that re-extracting old HTML gives the same answer.
"""

from __future__ import annotations

import email.utils
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import htmldate

from revtrack.clock import as_utc
from revtrack.extract.stamps import Stamp, find_stamps, parse_stamp

logging.getLogger("htmldate").addHandler(logging.NullHandler())

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished",
    "publishdate", "publish-date", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.created", "dc.date", "date",
)  # fmt: skip
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "article:updated_time", "datemodified",
    "last-modified", "lastmod", "dc.date.modified", "dcterms.modified",
)  # fmt: skip
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
MAX_AHEAD = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateSources:
    """Every place a date may come from, most reliable first."""

    fetched_at: datetime
    jsonld_published: str = ""
    jsonld_modified: str = ""
    meta: Mapping[str, str] | None = None
    published_attr: str = ""
    modified_attr: str = ""
    stamp_texts: tuple[str, ...] = ()
    day_first: bool = True


@dataclass(frozen=True, slots=True)
class Dates:
    published: datetime | None = None
    updated: datetime | None = None
    updated_text: str = ""


def parse_machine_date(text: str, fetched_at: datetime) -> datetime | None:
    """Parse a date written for machines (ISO 8601, RFC 2822, epoch); UTC out.

    Falls back to the stamp parser for the human formats some sites put in
    their meta tags ("June 16, 2023 10:42 AM"). Dates before 1970 or more than a
    day after the fetch are template defaults or bugs, not the story's dates.
    """
    text = text.strip()
    if not text or len(text) > 80:
        return None
    try:
        moment = _parse_machine_text(text, fetched_at)
    except (OverflowError, ValueError):
        return None
    if moment is None or moment.year < 1970 or moment > as_utc(fetched_at) + MAX_AHEAD:
        return None
    return moment


def _parse_machine_text(text: str, fetched_at: datetime) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(text.replace(" Z", "Z")))
    except ValueError:
        pass
    if text.isdigit() and len(text) in (10, 13):
        return datetime.fromtimestamp(int(text[:10]), UTC)
    try:
        return as_utc(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    return parse_stamp(text, fetched_at)


def resolve_dates(sources: DateSources, html: str, url: str) -> Dates:
    stamps = _visible_stamps(sources)
    updated_stamp = next((s for s in stamps if s.kind == "updated"), None)
    published_stamp = next((s for s in stamps if s.kind != "updated"), None)
    published = _first_date(sources, _published_texts(sources)) or _when(published_stamp)
    updated = _first_date(sources, _modified_texts(sources)) or _when(updated_stamp)
    stamp_text = updated_stamp.text if updated_stamp else ""
    if published is None:
        published = _htmldate(html, url, sources.fetched_at, original=True)
        if published is None:
            # Both searches look at the same candidates: nothing for one, nothing for the other.
            return Dates(None, updated, stamp_text)
        if updated is not None and published.date() == updated.date():
            # htmldate only found the "Updated" stamp's day: the publication time is unknown,
            # and guessing it would make it drift from version to version.
            published = None
    if updated is None:
        updated = _htmldate(html, url, sources.fetched_at, original=False)
        if updated is not None and published is not None and updated < published:
            # A day-only guess before the known publication time is no update at all.
            updated = None
    return Dates(published, updated, stamp_text)


def _published_texts(sources: DateSources) -> list[str]:
    meta = sources.meta or {}
    return [sources.jsonld_published, *(meta.get(key, "") for key in PUBLISHED_META),
            sources.published_attr]  # fmt: skip


def _modified_texts(sources: DateSources) -> list[str]:
    meta = sources.meta or {}
    return [sources.jsonld_modified, *(meta.get(key, "") for key in MODIFIED_META),
            sources.modified_attr]  # fmt: skip


def _first_date(sources: DateSources, texts: Iterable[str]) -> datetime | None:
    for text in texts:
        moment = parse_machine_date(text, sources.fetched_at) if text else None
        if moment is not None:
            return moment
    return None


def _visible_stamps(sources: DateSources) -> list[Stamp]:
    stamps: list[Stamp] = []
    for text in sources.stamp_texts:
        stamps.extend(find_stamps(text, sources.fetched_at, day_first=sources.day_first))
    return stamps


def _when(stamp: Stamp | None) -> datetime | None:
    return stamp.when if stamp else None


def _htmldate(html: str, url: str, fetched_at: datetime, *, original: bool) -> datetime | None:
    # htmldate downloads its input when that looks like a URL ("http..." without
    # spaces); a leading newline makes sure a page never does.
    found = htmldate.find_date(
        "\n" + html,
        # The extensive free-text search costs 40-60 ms on a page without dates;
        # labelled stamps in free text are already covered by our own scan.
        extensive_search=False,
        original_date=original,
        outputformat=_HTMLDATE_FORMAT,
        url=url or None,
        max_date=(as_utc(fetched_at) + timedelta(days=1)).strftime("%Y-%m-%d"),
        deferred_url_extractor=True,
    )
    return parse_machine_date(found, fetched_at) if isinstance(found, str) else None
