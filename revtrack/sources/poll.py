"""Polling sources: conditional GETs, new article URLs become stories."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from revtrack.errors import InvalidURLError
from revtrack.fetch.client import Fetcher
from revtrack.fetch.result import FetchOutcome, FetchRequest, FetchResult
from revtrack.sources import store as db
from revtrack.sources.entry import Entry
from revtrack.sources.errors import SourceError
from revtrack.sources.feeds import parse_feed
from revtrack.sources.sitemaps import parse_sitemap, recent_children
from revtrack.sources.store import Source
from revtrack.store.store import Store
from revtrack.urls import canonical_url

DEFAULT_EVERY_S = 600  # poll a source every 10 minutes unless it says otherwise
DEFAULT_WINDOW = timedelta(days=3)  # only articles published this recently are tracked
MAX_BACKOFF_S = 6 * 3600
MAX_NEW_PER_POLL = 1000  # a runaway source cannot flood the store in one poll


@dataclass(frozen=True, slots=True)
class SourcePoll:
    """What one source's poll did."""

    source: Source
    outcome: str  # "ok", "not-modified" or "error"
    listed: int = 0  # article links the document listed
    new: int = 0  # stories created
    old: int = 0  # skipped: published before the window, or undated in a sitemap
    error: str = ""


@dataclass(slots=True)
class PollSummary:
    polls: list[SourcePoll] = field(default_factory=list)

    @property
    def new_stories(self) -> int:
        return sum(p.new for p in self.polls)

    @property
    def errors(self) -> list[SourcePoll]:
        return [p for p in self.polls if p.outcome == "error"]

    @property
    def not_modified(self) -> int:
        return sum(p.outcome == "not-modified" for p in self.polls)


@dataclass(frozen=True, slots=True)
class _Fetched:
    """A source's fetch, parsed: entries, or an error message; ready to write."""

    result: FetchResult
    entries: tuple[Entry, ...] = ()
    title: str = ""
    error: str = ""
    # An index can stay byte-identical while its children grow (undated children), so
    # its validators are not kept: it is fetched in full each time, children and all.
    keep_validators: bool = True


def _interval(source: Source) -> int:
    return source.every_s or DEFAULT_EVERY_S


def _backoff(source: Source, retry_after: float | None) -> timedelta:
    """Double the interval for each error in a row, capped; never before Retry-After."""
    seconds = min(_interval(source) * 2 ** min(source.error_streak + 1, 10), MAX_BACKOFF_S)
    return timedelta(seconds=max(seconds, retry_after or 0))


async def _sitemap(fetcher: Fetcher, result: FetchResult, since: datetime) -> _Fetched:
    url = result.final_url or result.url
    sitemap = await asyncio.to_thread(parse_sitemap, result.body, url)
    if not sitemap.is_index:
        return _Fetched(result, sitemap.entries)
    children = recent_children(sitemap, since)
    fetched = await asyncio.gather(*(fetcher.fetch(FetchRequest(c.url)) for c in children))
    entries: list[Entry] = []
    for child in fetched:
        if child.outcome is not FetchOutcome.OK:
            continue  # one broken child must not hide the others
        try:
            nested = await asyncio.to_thread(
                parse_sitemap, child.body, child.final_url or child.url
            )
        except SourceError:
            continue
        entries.extend(nested.entries)  # an index inside an index is not followed
    return _Fetched(result, tuple(entries), keep_validators=False)


async def _fetch(fetcher: Fetcher, source: Source, since: datetime) -> _Fetched:
    request = FetchRequest(source.url, source.etag, source.last_modified)
    result = await fetcher.fetch(request)
    if result.outcome is FetchOutcome.NOT_MODIFIED:
        return _Fetched(result)
    if result.outcome is not FetchOutcome.OK:
        return _Fetched(result, error=result.error or result.outcome.value)
    try:
        if source.kind == "feed":
            # Parsing a big document takes a while: keep the other fetches running.
            feed = await asyncio.to_thread(parse_feed, result.body, result.final_url or result.url)
            return _Fetched(result, feed.entries, feed.title)
        return await _sitemap(fetcher, result, since)
    except SourceError as exc:
        return _Fetched(result, error=str(exc))


def _wanted(entries: tuple[Entry, ...], kind: str, since: datetime) -> tuple[dict[str, Entry], int]:
    """Canonical URL -> entry for the entries inside the window; and how many were old.

    Undated feed items count as recent (a feed lists its latest items); undated sitemap
    URLs do not (a sitemap may list every article a site ever published)."""
    wanted: dict[str, Entry] = {}
    old = 0
    for entry in entries:
        recent = entry.published >= since if entry.published else kind == "feed"
        if not recent:
            old += 1
            continue
        try:
            url = canonical_url(entry.url)
        except InvalidURLError:
            continue
        wanted.setdefault(url, entry)
    return wanted, old


def _write(
    store: Store, source: Source, fetched: _Fetched, now: datetime, since: datetime
) -> SourcePoll:
    """Record one source's poll and its new stories in one transaction."""
    result = fetched.result
    with store.transaction():
        if fetched.error:
            due = now + _backoff(source, result.retry_after)
            db.record_failure(store, source, now=now, next_poll_at=due, error=fetched.error)
            return SourcePoll(source, "error", error=fetched.error)
        wanted, old = _wanted(fetched.entries, source.kind, since)
        new = 0
        for url, entry in list(wanted.items())[:MAX_NEW_PER_POLL]:
            new += db.add_discovered(store, url, source=source, now=now, published=entry.published)
        keep = fetched.keep_validators
        db.record_success(
            store,
            source,
            now=now,
            next_poll_at=now + timedelta(seconds=_interval(source)),
            etag=(result.etag or source.etag) if keep else None,
            last_modified=(result.last_modified or source.last_modified) if keep else None,
            title=fetched.title,
        )
    outcome = "not-modified" if result.outcome is FetchOutcome.NOT_MODIFIED else "ok"
    return SourcePoll(source, outcome, len(fetched.entries), new, old)


async def poll_sources(
    store: Store,
    fetcher: Fetcher,
    now: datetime,
    sources: list[Source],
    *,
    window: timedelta = DEFAULT_WINDOW,
) -> PollSummary:
    """Poll ``sources`` (fetched concurrently within the fetcher's limits); each
    source's results are written in a transaction of their own as its fetch ends."""
    since = now - window
    summary = PollSummary()

    async def one(source: Source) -> None:
        fetched = await _fetch(fetcher, source, since)
        summary.polls.append(_write(store, source, fetched, now, since))

    await asyncio.gather(*(one(s) for s in sources))
    return summary
