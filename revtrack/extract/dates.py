"""When the story was published and last updated, from the most reliable source.

A full date (year, month and day written on the page) always beats a partial
one ("16:45", "Jan 04"), whose missing parts are guessed from the fetch time.
Order of the full dates, for each of the two:

- published: JSON-LD, meta tags, <time datetime>, a visible stamp, the generic
  "date" meta tags, the date in the URL path (``/2014/05/18/``), the page's only
  <time datetime>, htmldate (``original_date=True``), then the first date in the
  page's text;
- updated: JSON-LD, meta tags, <time datetime>, the visible "Updated" stamp
  (relative ones included: they are exact up to their resolution), then
  htmldate (``original_date=False``).

A partial stamp only fills in when no full date exists, or adds the time of
day to a full date of the same day. htmldate is given the fetch time as its
upper bound so that re-extracting old HTML gives the same answer. Each date
keeps the UTC offset the page wrote it with, so the page's own day and clock
time can be shown.
"""

from __future__ import annotations

import email.utils
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import htmldate

from revtrack.clock import as_utc
from revtrack.extract.datetext import DAY
from revtrack.extract.stamps import Stamp, find_stamps, read_stamp
from revtrack.extract.textdates import first_date_in_page, url_date

logging.getLogger("htmldate").addHandler(logging.NullHandler())

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished",
    "publishdate", "publish-date", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.created",
)  # fmt: skip
# Generic names that CMSs fill with the page's last change as often as with its
# publication: a dated byline in the article outranks them.
GENERIC_META = ("dc.date", "date")
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
    lone_time_attr: str = ""  # the page's only <time datetime>, wherever it sits


@dataclass(frozen=True, slots=True)
class When:
    """One date found on the page: the UTC instant and what the page left open.

    ``offset``: minutes east of UTC as written (None: no zone given);
    ``resolution``: precision in seconds (0 = exact, a day for a bare date);
    ``partial``: the year or the day was not written but taken from the fetch.
    """

    at: datetime
    offset: int | None = None
    resolution: int = 0
    partial: bool = False

    @property
    def local_day(self) -> date:
        return (self.at + timedelta(minutes=self.offset or 0)).date()


@dataclass(frozen=True, slots=True)
class Dates:
    published: datetime | None = None
    updated: datetime | None = None
    updated_text: str = ""
    published_offset: int | None = None
    updated_offset: int | None = None
    updated_resolution: int = 0


def parse_machine_date(text: str, fetched_at: datetime) -> datetime | None:
    """The UTC instant of a date written for machines (see :func:`read_machine_date`)."""
    found = read_machine_date(text, fetched_at)
    return None if found is None else found.at


def read_machine_date(text: str, fetched_at: datetime) -> When | None:
    """Parse a date written for machines (ISO 8601, RFC 2822, epoch), keeping its zone.

    Falls back to the stamp parser for the human formats some sites put in
    their meta tags ("June 16, 2023 10:42 AM"). Dates before 1970 or more than a
    day after the fetch are template defaults or bugs, not the story's dates.
    """
    text = text.strip()
    if not text or len(text) > 80:
        return None
    try:
        found = _parse_machine_text(text, fetched_at)
    except (OverflowError, ValueError):
        return None
    if found is None or found.at.year < 1970 or found.at > as_utc(fetched_at) + MAX_AHEAD:
        return None
    return found


def _parse_machine_text(text: str, fetched_at: datetime) -> When | None:
    try:
        moment = datetime.fromisoformat(text.replace(" Z", "Z"))
    except ValueError:
        pass
    else:
        return When(as_utc(moment), _offset_of(moment), DAY if len(text) <= 10 else 0)
    if text.isdigit() and len(text) in (10, 13):
        return When(datetime.fromtimestamp(int(text[:10]), UTC))
    try:
        mail: datetime | None = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        mail = None
    if mail is not None and mail.tzinfo is not None:
        return When(as_utc(mail), _offset_of(mail))
    # The RFC 2822 parser skips what it does not know: "8:00 pm ET" would be 08:00 UTC.
    stamp = read_stamp(text, fetched_at)
    if stamp is not None:
        return _from_stamp(stamp)
    return None if mail is None else When(as_utc(mail))


def _offset_of(moment: datetime) -> int | None:
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds()) // 60


def _from_stamp(stamp: Stamp) -> When:
    return When(stamp.when, stamp.offset, stamp.resolution, stamp.partial)


def resolve_dates(sources: DateSources, html: str, url: str) -> Dates:
    stamps = _visible_stamps(sources)
    updated_stamp = next((s for s in stamps if s.kind == "updated"), None)
    stamp_text = updated_stamp.text if updated_stamp else ""
    published_found, modified_found = _candidates(sources, stamps)
    lone_time = read_machine_date(sources.lone_time_attr, sources.fetched_at)
    published = _best(published_found) or _day(url_date(url)) or _full(lone_time)
    updated = _best(modified_found)
    if published is None:
        published = _from_htmldate(html, url, sources.fetched_at, original=True)
        if published is None:
            # Both htmldate searches look at the same candidates: nothing for one, nothing
            # for the other. Only the page's running text is left, and only for published.
            published = _day(first_date_in_page(html, sources.fetched_at))
            return _dates(_fill_in(published, published_found),
                          _fill_in(updated, modified_found), stamp_text)  # fmt: skip
        if updated_stamp and published.local_day == _from_stamp(updated_stamp).local_day:
            # htmldate only found the day the page says it was updated: when it was first
            # published is unknown, and taking that day would drift with every update.
            published = None
    if updated is None:
        updated = _from_htmldate(html, url, sources.fetched_at, original=False)
        if updated is not None and published is not None and updated.at < published.at:
            # A day-only guess before the known publication time is no update at all.
            updated = None
    return _dates(_fill_in(published, published_found),
                  _fill_in(updated, modified_found), stamp_text)  # fmt: skip


def _candidates(sources: DateSources, stamps: Sequence[Stamp]) -> tuple[list[When], list[When]]:
    """Every full or partial date for published and for updated, most reliable first."""
    meta = sources.meta or {}
    published = _machine_dates(sources, _published_texts(sources))
    generic = _machine_dates(sources, (meta.get(key, "") for key in GENERIC_META))
    modified = _machine_dates(sources, _modified_texts(sources))
    page_offset = _page_offset([*published, *generic, *modified])
    published = [*_adopt_offset(published, page_offset),
                 *(_from_stamp(s) for s in stamps if s.kind != "updated"),
                 *_adopt_offset(generic, page_offset)]  # fmt: skip
    modified = [*_adopt_offset(modified, page_offset),
                *(_from_stamp(s) for s in stamps if s.kind == "updated")]  # fmt: skip
    return published, modified


def _dates(published: When | None, updated: When | None, updated_text: str) -> Dates:
    return Dates(
        published=published.at if published else None,
        updated=updated.at if updated else None,
        updated_text=updated_text,
        published_offset=published.offset if published else None,
        updated_offset=updated.offset if updated else None,
        updated_resolution=updated.resolution if updated else 0,
    )


def _best(found: Sequence[When]) -> When | None:
    """The first full date."""
    return next((when for when in found if not when.partial), None)


def _day(day: date | None) -> When | None:
    """A bare day: midnight UTC, good to the day."""
    if day is None:
        return None
    return When(datetime(day.year, day.month, day.day, tzinfo=UTC), None, DAY)


def _full(when: When | None) -> When | None:
    return None if when is None or when.partial else when


def _partials(found: Iterable[When]) -> list[When]:
    return [when for when in found if when.partial]


def _fill_in(best: When | None, found: Sequence[When]) -> When | None:
    """Let a partial stamp stand in for a missing date, or time a day-only one.

    A partial stamp was completed from the fetch time: it only counts when it
    agrees with the full date's day, or when there is no full date at all.
    """
    partials = _partials(found)
    if best is None:
        return partials[0] if partials else None
    if best.resolution < DAY:
        return best
    finer = (w for w in found if w.resolution < DAY and w.local_day == best.local_day)
    return next(finer, best)


def _machine_dates(sources: DateSources, texts: Iterable[str]) -> list[When]:
    found = (read_machine_date(text, sources.fetched_at) for text in texts if text)
    return [when for when in found if when is not None]


def _page_offset(found: Iterable[When]) -> int | None:
    """The page's own zone: the first non-UTC offset any of its machine dates carries."""
    return next((when.offset for when in found if when.offset), None)


def _adopt_offset(found: Iterable[When], page_offset: int | None) -> list[When]:
    """Dates written in UTC take the page's zone, if another of its dates shows it.

    CMSs often write meta tags in UTC and <time> elements in the site's zone; the
    story's day is the one in the site's zone.
    """
    if not page_offset:
        return list(found)
    return [replace(w, offset=page_offset) if w.offset == 0 else w for w in found]


def _published_texts(sources: DateSources) -> list[str]:
    meta = sources.meta or {}
    return [sources.jsonld_published, *(meta.get(key, "") for key in PUBLISHED_META),
            sources.published_attr]  # fmt: skip


def _modified_texts(sources: DateSources) -> list[str]:
    meta = sources.meta or {}
    return [sources.jsonld_modified, *(meta.get(key, "") for key in MODIFIED_META),
            sources.modified_attr]  # fmt: skip


def _visible_stamps(sources: DateSources) -> list[Stamp]:
    stamps: list[Stamp] = []
    for text in sources.stamp_texts:
        stamps.extend(find_stamps(text, sources.fetched_at, day_first=sources.day_first))
    return stamps


def _from_htmldate(html: str, url: str, fetched_at: datetime, *, original: bool) -> When | None:
    # htmldate downloads its input when that looks like a URL ("http..." without
    # spaces); a leading newline makes sure a page never does.
    found = htmldate.find_date(
        "\n" + html,
        # The extensive free-text search costs 40-60 ms on a page without dates (and a
        # second on its first call); textdates.first_date_in_page does that job.
        extensive_search=False,
        original_date=original,
        outputformat=_HTMLDATE_FORMAT,
        url=url or None,
        max_date=(as_utc(fetched_at) + timedelta(days=1)).strftime("%Y-%m-%d"),
        deferred_url_extractor=True,
    )
    if not isinstance(found, str):
        return None
    moment = parse_machine_date(found, fetched_at)
    if moment is None:
        return None
    # htmldate drops the zone; a result at midnight is a bare day.
    return When(moment, None, DAY if moment.time() == datetime.min.time() else 0)
