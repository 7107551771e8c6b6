"""Replaying an archive's captures through the capture pipeline, in capture order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from revtrack.archive.layout import GONE_STATUSES, OK_STATUS, ArchiveError, Capture, StoryArchive
from revtrack.check.record import CheckReport, record_fetch
from revtrack.fetch import FetchOutcome, FetchResult, decode_body
from revtrack.store.reviews import ReviewState
from revtrack.store.rows import Story
from revtrack.store.store import Store

CONTENT_TYPE = "text/html"  # what a capture file is served as; its <meta charset> decides

Progress = Callable[[StoryArchive, Capture, CheckReport], None]


@dataclass(frozen=True, slots=True)
class ImportedStory:
    """A story read from the archive and the check each of its captures made."""

    archive: StoryArchive
    story: Story
    reports: tuple[CheckReport, ...]
    reviews: int = 0  # review marks restored from the archive


def fetch_result(url: str, capture: Capture) -> FetchResult:
    """The FetchResult a fetch of ``url`` would have given at ``capture.at``."""
    base = FetchResult(
        url=url, outcome=FetchOutcome.ERROR, fetched_at=capture.at,
        final_url=capture.url or url, status=capture.status,
    )  # fmt: skip
    if capture.status == OK_STATUS:
        text, charset = decode_body(capture.body, CONTENT_TYPE)
        return replace(
            base, outcome=FetchOutcome.OK, body=capture.body, text=text, charset=charset,
            content_type=CONTENT_TYPE,
        )  # fmt: skip
    if capture.status in GONE_STATUSES:
        return replace(base, outcome=FetchOutcome.GONE, error=capture.error)
    return replace(base, error=capture.error or f"HTTP {capture.status}")


def check_importable(store: Store, stories: Sequence[StoryArchive]) -> None:
    """Refuse, before anything is written, stories the store already has history for."""
    refuse_tracked(store, [(archive.url, str(archive.folder)) for archive in stories])


def refuse_tracked(store: Store, urls: Iterable[tuple[str, str]]) -> None:
    """Refuse (url, where it comes from) pairs whose story the store has history for."""
    tracked = {story.url: story for story in store.stories()}
    for url, where in urls:
        known = tracked.get(url)
        if known is not None and store.checks(known.id, limit=1):
            raise ArchiveError(
                f"{where}: {url} is already tracked with history"
                " (import into an empty store, e.g. a fresh --home)"
            )


def replay_results(
    store: Store, url: str, results: Iterable[FetchResult]
) -> Iterator[tuple[FetchResult, CheckReport]]:
    """Record each capture of ``url`` (oldest first, as a fetch of it would have given it)
    through the capture pipeline at the capture's own time: one committed check each.
    The story is added at the first capture's time if it is not tracked yet."""
    story: Story | None = None
    for result in results:
        if story is None:
            story, _ = store.add_story(url, now=result.fetched_at)
        story = store.story(story.id)  # record_fetch reads the story's last state
        yield result, record_fetch(store, story, replace(result, url=story.url))


def import_archive(
    store: Store, stories: Sequence[StoryArchive], progress: Progress | None = None
) -> list[ImportedStory]:
    """Replay every capture of every story into ``store``: one committed check each.

    Checks all stories first (``check_importable``), so a refused import writes nothing.
    """
    check_importable(store, stories)
    return [_import_story(store, archive, progress) for archive in stories]


def _import_story(store: Store, archive: StoryArchive, progress: Progress | None) -> ImportedStory:
    results = (fetch_result(archive.url, capture) for capture in archive.captures)
    reports = []
    for capture, (_, report) in zip(
        archive.captures, replay_results(store, archive.url, results), strict=True
    ):
        reports.append(report)
        if progress is not None:
            progress(archive, capture, report)
    story = store.story(archive.url)
    marks = _restore_reviews(store, story.id, archive, reports)
    return ImportedStory(archive, store.story(story.id), tuple(reports), marks)


def _restore_reviews(
    store: Store, story_id: int, archive: StoryArchive, reports: list[CheckReport]
) -> int:
    """Mark the versions the captures made as the archive's review record says."""
    restored = 0
    with store.transaction():
        for mark in archive.reviews:
            seq = reports[mark.capture - 1].version_seq
            if seq is None:
                continue  # that capture made no version here: nothing to review
            store.mark_review(
                story_id, seq, state=ReviewState(mark.state), note=mark.note,
                reviewer=mark.reviewer, at=mark.at,
            )  # fmt: skip
            restored += 1
    return restored
