"""Backfilling one story: captures in time order through the real capture pipeline.

Captures newer than the story's last version are recorded on the story itself, one
committed check each (resumable: each capture is remembered as seen in its check's
own transaction). Captures from before its first version, or between two of its
versions, run in a scratch store that holds the story as it was then and are spliced
into their place (``splice``). A capture taken at the very time of a version is that
version (skipped). The story's live schedule state (next check, validators, page
digests, error streak, status) is as it was before, so a backfill never moves or
disturbs revtrack's own checking.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from revtrack.backfill.captures import ArchivedCapture
from revtrack.backfill.client import ArchiveClient
from revtrack.backfill.replay import capture_result, replayable
from revtrack.backfill.splice import seed_scratch, splice
from revtrack.check.record import CheckReport, record_fetch
from revtrack.clock import utcnow
from revtrack.store.history import ArchivedSource
from revtrack.store.rows import UNSET, CheckOutcome, Story, StoryUpdate
from revtrack.store.store import Store

Progress = Callable[[ArchivedCapture, str], None]  # a capture and what became of it


@dataclass(slots=True)
class BackfillSummary:
    listed: int = 0  # captures the archive listed
    seen: int = 0  # run by an earlier backfill: not fetched again
    fetched: int = 0
    versions: int = 0  # new versions (flip-flops included)
    noise: int = 0  # captures that made no version (noise, unchanged)
    gone: int = 0  # the page's own 404/410, as archived
    errors: int = 0  # served, but no article in it (an error page, an empty page)
    failed: int = 0  # the archive did not serve the capture (tried again next time)
    inside: int = 0  # taken at the very time of a version or check of the story: skipped

    def add(self, other: BackfillSummary) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        parts = [
            f"{self.listed} captures listed", f"{self.fetched} fetched",
            f"{self.versions} new versions", f"{self.noise} noise",
            f"{self.seen} already seen",
        ]  # fmt: skip
        if self.gone:
            parts.append(f"{self.gone} gone")
        if self.errors:
            parts.append(f"{self.errors} without an article")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.inside:
            parts.append(f"{self.inside} at the time of an own check")
        return ", ".join(parts)


_MADE_VERSION = {CheckOutcome.NEW_VERSION, CheckOutcome.FLIP_FLOP}


def _live_state(story: Story) -> StoryUpdate:
    """The columns revtrack's own checking runs on, as they are now."""
    return StoryUpdate(
        status=story.status, etag=story.etag, last_modified=story.last_modified,
        last_raw_sha=story.last_raw_sha, page_digest=story.page_digest,
        last_checked_at=story.last_checked_at, next_check_at=story.next_check_at,
        error_streak=story.error_streak, last_error=story.last_error,
        quiet_checks=story.quiet_checks, live=story.live,
    )  # fmt: skip


def partition(
    store: Store, story: Story, captures: Sequence[ArchivedCapture]
) -> tuple[dict[int, list[ArchivedCapture]], list[ArchivedCapture], int]:
    """The captures that go before or between the story's versions, by the id of the
    version they follow (0: before the first), those newer than its last version, and
    how many were taken at the very time of a version or check (the same capture:
    skipped)."""
    versions = store.versions(story.id)
    # revtrack's own checks saw the page at these times: an archived capture of the very
    # same moment (the same capture, imported or exported) adds nothing.
    times = {v.captured_at for v in versions} | {c.checked_at for c in store.checks(story.id)}
    gaps: dict[int, list[ArchivedCapture]] = {}
    newer: list[ArchivedCapture] = []
    same = 0
    for capture in captures:
        if capture.at in times:
            same += 1
        elif not versions or capture.at > versions[-1].captured_at:
            newer.append(capture)
        else:
            before = [v.id for v in versions if v.captured_at < capture.at]
            gaps.setdefault(before[-1] if before else 0, []).append(capture)
    return gaps, newer, same


def _outcome(report: CheckReport) -> str:
    return str(report.outcome)


async def _record(
    store: Store, story_id: int, url: str, capture: ArchivedCapture, client: ArchiveClient,
    summary: BackfillSummary, clock: Callable[[], datetime],
) -> CheckReport | None:  # fmt: skip
    """Fetch one capture and record it on ``store``'s story (with its source, and seen,
    in the check's own transaction); None when the archive did not serve it."""
    fetched = await client.fetch(capture)
    if not replayable(fetched):
        summary.failed += 1
        return None
    summary.fetched += 1
    archived = ArchivedSource(
        capture.source, capture.at, seen_at=clock(), http_status=capture.status,
        digest=capture.digest,
    )  # fmt: skip
    with store.recording_capture(archived):
        report = record_fetch(store, store.story(story_id), capture_result(url, capture, fetched))
    if report.outcome in _MADE_VERSION:
        summary.versions += 1
    elif report.outcome is CheckOutcome.GONE:
        summary.gone += 1
    elif report.outcome is CheckOutcome.ERROR:
        summary.errors += 1
    else:
        summary.noise += 1
    return report


async def _append(
    store: Store, story: Story, captures: Sequence[ArchivedCapture], client: ArchiveClient,
    summary: BackfillSummary, progress: Progress | None, clock: Callable[[], datetime],
) -> None:  # fmt: skip
    live = _live_state(story)
    recorded: list[ArchivedCapture] = []
    changed = False
    try:
        for capture in captures:
            report = await _record(store, story.id, story.url, capture, client, summary, clock)
            if report is not None:
                recorded.append(capture)
                changed = changed or report.version_seq is not None or report.event != ""
            if progress is not None:
                progress(capture, _outcome(report) if report else "failed")
    finally:
        own = story.last_checked_at
        if recorded and (own is None or own < recorded[-1].at):
            # The archive saw the page after revtrack last did: its status (live or gone)
            # is the latest known, so the next own check tells "restored" right.
            live = replace(live, status=UNSET)
        if changed and story.last_raw_sha is not None:
            # The latest version is now an archived one: the next own check must compare
            # the page with it, not skip it as bytes seen before.
            live = replace(live, etag=None, last_modified=None, last_raw_sha=None,
                           page_digest=None)  # fmt: skip
        with store.transaction():
            store.update_story(story.id, live)


async def _insert(
    store: Store, story: Story, follows: int, captures: Sequence[ArchivedCapture],
    client: ArchiveClient, summary: BackfillSummary, progress: Progress | None,
    clock: Callable[[], datetime],
) -> None:  # fmt: skip
    """Captures that go after the version with id ``follows`` (0: before the first)."""
    after = next((v.seq for v in store.versions(story.id) if v.id == follows), 0)
    with (
        tempfile.TemporaryDirectory(prefix="revtrack-backfill-") as tmp,
        Store.open(Path(tmp) / "scratch.db") as scratch,
    ):
        scratch_story, _ = scratch.add_story(story.url, now=captures[0].at)
        seed_scratch(store, story.id, after, scratch, scratch_story.id)
        seen: list[tuple[ArchivedCapture, str]] = []
        for capture in captures:
            report = await _record(scratch, scratch_story.id, story.url, capture, client,
                                   summary, clock)  # fmt: skip
            if report is not None:
                seen.append((capture, _outcome(report)))
            if progress is not None:
                progress(capture, _outcome(report) if report else "failed")
        splice(store, story.id, after, scratch, scratch_story.id, seen, now=clock())


async def backfill_story(
    store: Store,
    story: Story,
    captures: Sequence[ArchivedCapture],
    client: ArchiveClient,
    *,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> BackfillSummary:
    """Run every capture of ``captures`` not seen before through the pipeline, in time
    order, at its own capture time; returns what happened."""
    summary = BackfillSummary(listed=len(captures))
    known = store.seen_captures(story.id)
    todo = sorted((c for c in captures if c.source not in known), key=lambda c: c.at)
    summary.seen = len(captures) - len(todo)
    gaps, newer, summary.inside = partition(store, story, todo)
    if progress is not None:  # what is skipped is done at once
        taken = {id(c) for c in (*newer, *(c for gap in gaps.values() for c in gap))}
        for capture in captures:
            if id(capture) not in taken:
                progress(capture, "seen" if capture.source in known else "inside")
    for follows, captures_in_gap in gaps.items():
        await _insert(store, story, follows, captures_in_gap, client, summary, progress, clock)
    if newer:
        await _append(store, store.story(story.id), newer, client, summary, progress, clock)
    return summary


async def list_captures(
    client: ArchiveClient,
    url: str,
    *,
    wayback: str = "",
    timemap: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[ArchivedCapture]:
    """The captures of ``url``: from the TimeMap at ``timemap`` when given (cut to
    ``since``/``until``/``limit`` here), else from the CDX API of ``wayback``."""
    if not timemap:
        return await client.list_cdx(wayback, url, since=since, until=until, limit=limit)
    _, captures = await client.list_timemap(timemap)
    captures = [
        c for c in captures
        if (since is None or c.at >= since) and (until is None or c.at <= until)
    ]  # fmt: skip
    return captures[:limit] if limit is not None else captures
