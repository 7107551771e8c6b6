"""A story's history as one typed, time-ordered timeline: versions, events, quiet and
failed checks. Read from the stored changes (nothing is diffed); the CLI's text and
JSON and the TUI only format it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from revtrack.clock import as_utc, to_iso
from revtrack.store.reviews import ChangeRecord, Review
from revtrack.store.rows import (
    Check,
    CheckOutcome,
    Event,
    EventKind,
    Story,
    Version,
    VersionKind,
    row_to_json,
)
from revtrack.store.rows import story_to_json as _story_json
from revtrack.store.store import Store

__all__ = [
    "FailedRun",
    "NoiseRun",
    "Timeline",
    "TimelineEntry",
    "VersionEntry",
    "archive_name",
    "event_json",
    "failed_runs",
    "kind_note",
    "noise_runs",
    "source_note",
    "story_log",
    "story_timeline",
    "version_entries",
    "version_title",
]

_QUIET = {CheckOutcome.NOISE, CheckOutcome.UNCHANGED, CheckOutcome.NOT_MODIFIED}


def kind_note(version: Version) -> str:
    """ "" for a plain version, " flip-flop of v1" or " noise" otherwise."""
    note = "" if version.kind == VersionKind.VERSION else f" {version.kind}"
    return note + (f" of v{version.same_as}" if version.same_as else "")


def source_note(version: Version) -> str:
    """ "" for revtrack's own fetch; "archived 2025-06-02 07:52Z web.archive.org" for a
    version read from an archived capture (when it was captured, and by which archive)."""
    if not version.source:
        return ""
    when = as_utc(version.captured_at).strftime("%Y-%m-%d %H:%MZ")
    return f"archived {when} {archive_name(version)}"


def archive_name(version: Version) -> str:
    """Where an archived version came from, short: the archive's host, or the WARC file."""
    return urlsplit(version.source).netloc or version.source.split("@", 1)[0]


def version_title(version: Version) -> str:
    """How every view names a version: "v3", "v3 flip-flop of v1"."""
    return f"v{version.seq}{kind_note(version)}"


@dataclass(frozen=True, slots=True)
class VersionEntry:
    """A version with its stored change (labels, counts) and the change's review."""

    version: Version
    labels: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    review: Review | None = None  # None: no change to review (a first or noise version)

    @property
    def at(self) -> datetime:
        return self.version.captured_at

    def title(self) -> str:
        return version_title(self.version)

    def to_json(self) -> dict[str, Any]:
        data = row_to_json(self.version)
        for private in ("id", "story_id", "article_sha", "raw_sha", "fingerprint", "headers"):
            data.pop(private)
        review = self.review.to_json() if self.review is not None else None
        return data | {"labels": list(self.labels), "counts": self.counts, "review": review}

    def summary(self) -> str:
        """ "+12/-3 words, 1 sentence edited" for one log line."""
        c = self.counts
        if not c:
            return ""
        parts = [f"+{c['words_added']}/-{c['words_removed']} words"]
        for action in ("added", "deleted", "edited", "moved"):
            n = c.get(f"sentences_{action}", 0)
            if n:
                parts.append(f"{n} sentence{'' if n == 1 else 's'} {action}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class NoiseRun:
    """Consecutive checks that found nothing new, summarised as one entry."""

    first: datetime
    last: datetime
    counts: dict[str, int]

    @property
    def at(self) -> datetime:
        return self.first

    def describe(self) -> str:
        """ "3 noise, 2 unchanged"."""
        return ", ".join(f"{n} {o}" for o, n in sorted(self.counts.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "quiet-checks",
            "at": to_iso(self.first),
            "until": to_iso(self.last),
            "count": sum(self.counts.values()),
            "outcomes": self.counts,
        }


@dataclass(frozen=True, slots=True)
class FailedRun:
    """Consecutive failed checks, with the last failure's detail (untrusted)."""

    first: datetime
    last: datetime
    count: int
    detail: str

    @property
    def at(self) -> datetime:
        return self.first


TimelineEntry = VersionEntry | Event | NoiseRun | FailedRun
# At one instant a version comes first, then its event, then the checks around it.
_RANK = {VersionEntry: 0, Event: 1, NoiseRun: 2, FailedRun: 3}


def _entry_at(entry: TimelineEntry) -> datetime:
    return entry.at


@dataclass(frozen=True, slots=True)
class Timeline:
    story: Story
    versions: list[VersionEntry]
    events: list[Event]
    quiet: list[NoiseRun]
    failures: list[Check]  # every failed check (the text log groups them in runs)

    @property
    def failed(self) -> list[FailedRun]:
        return failed_runs(self.failures)

    def entries(self, *, flip_flop_events: bool = False) -> list[TimelineEntry]:
        """Everything in time order (flip-flop events repeat a version: left out unless
        asked for)."""
        events = [e for e in self.events if flip_flop_events or e.kind != EventKind.FLIP_FLOP]
        items: list[TimelineEntry] = [*self.versions, *events, *self.quiet, *self.failed]
        return sorted(items, key=lambda e: (_entry_at(e), _RANK[type(e)]))

    def to_json(self) -> dict[str, Any]:
        """The `revtrack log --json` document."""
        events: list[dict[str, Any]] = [event_json(e) for e in self.events]
        events += [run.to_json() for run in self.quiet]
        events.sort(key=lambda e: str(e["at"]))
        failures = [{"at": to_iso(c.checked_at), "detail": c.detail} for c in self.failures]
        return {
            "story": _story_json(self.story),
            "versions": [entry.to_json() for entry in self.versions],
            "events": events,
            "errors": failures,
        }


def _entries(
    versions: list[Version], changes: dict[int, ChangeRecord], reviews: dict[int, Review]
) -> list[VersionEntry]:
    entries = []
    first = True
    for version in versions:
        change = changes.get(version.seq)
        if change is not None:
            review = reviews.get(version.seq, Review())
            entries.append(VersionEntry(version, change.labels, change.counts, review))
        elif first and version.is_real:
            entries.append(VersionEntry(version, ("first",)))
        else:
            entries.append(VersionEntry(version))
        first = first and not version.is_real
    return entries


def version_entries(store: Store, story_id: int) -> list[VersionEntry]:
    """Every version of a story with its stored change and review, oldest first."""
    changes = {c.seq: c for c in store.changes(story_id)}
    return _entries(store.versions(story_id), changes, store.reviews(story_id))


def noise_runs(checks: list[Check]) -> list[NoiseRun]:
    """Group the quiet checks between eventful ones."""
    runs: list[NoiseRun] = []
    current: list[Check] = []
    for check in [*checks, None]:
        if check is not None and check.outcome in _QUIET:
            current.append(check)
            continue
        if current:
            counts: dict[str, int] = {}
            for c in current:
                counts[c.outcome] = counts.get(c.outcome, 0) + 1
            runs.append(NoiseRun(current[0].checked_at, current[-1].checked_at, counts))
            current = []
    return runs


def failed_runs(checks: list[Check]) -> list[FailedRun]:
    """Group the failed checks that follow each other."""
    runs: list[FailedRun] = []
    current: list[Check] = []
    for check in [*checks, None]:
        if check is not None and check.outcome == CheckOutcome.ERROR:
            current.append(check)
            continue
        if current:
            first, last = current[0], current[-1]
            runs.append(FailedRun(first.checked_at, last.checked_at, len(current), last.detail))
            current = []
    return runs


def event_json(event: Event) -> dict[str, Any]:
    data = row_to_json(event)
    data.pop("id")
    data.pop("story_id")
    return data


def story_timeline(store: Store, story_id: int) -> Timeline:
    """A story's whole history, read from the store (a handful of queries, no diff)."""
    checks = store.checks(story_id)
    return Timeline(
        store.story(story_id),
        version_entries(store, story_id),
        store.events(story_id),
        noise_runs(checks),
        [c for c in checks if c.outcome == CheckOutcome.ERROR],
    )


def story_log(store: Store, story_id: int) -> dict[str, Any]:
    """The `revtrack log --json` document."""
    return story_timeline(store, story_id).to_json()
