"""A story's history as one time-ordered list: versions, events and noise runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revtrack.clock import to_iso
from revtrack.history.changes import version_changes
from revtrack.store.rows import Check, CheckOutcome, Event, Version, row_to_json, story_to_json
from revtrack.store.store import Store

_QUIET = {CheckOutcome.NOISE, CheckOutcome.UNCHANGED, CheckOutcome.NOT_MODIFIED}


@dataclass(frozen=True, slots=True)
class NoiseRun:
    """Consecutive checks that found nothing new, summarised as one entry."""

    first: datetime
    last: datetime
    counts: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "quiet-checks",
            "at": to_iso(self.first),
            "until": to_iso(self.last),
            "count": sum(self.counts.values()),
            "outcomes": self.counts,
        }


@dataclass(frozen=True, slots=True)
class VersionEntry:
    version: Version
    labels: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = row_to_json(self.version)
        for private in ("id", "story_id", "article_sha", "raw_sha", "fingerprint"):
            data.pop(private)
        return data | {"labels": list(self.labels), "counts": self.counts}

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


def version_entries(store: Store, story_id: int) -> list[VersionEntry]:
    entries = []
    for item in version_changes(store, store.story(story_id)):
        if item.changes is None:
            labels = ("first",) if item.previous is None and item.version.kind != "noise" else ()
            entries.append(VersionEntry(item.version, labels))
        else:
            counts = item.changes.counts.to_json()
            entries.append(VersionEntry(item.version, item.changes.labels, counts))
    return entries


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


def event_json(event: Event) -> dict[str, Any]:
    data = row_to_json(event)
    data.pop("id")
    data.pop("story_id")
    return data


def story_log(store: Store, story_id: int) -> dict[str, Any]:
    """The `revtrack log --json` document."""
    story = store.story(story_id)
    checks = store.checks(story_id)
    events: list[dict[str, Any]] = [event_json(e) for e in store.events(story_id)]
    events += [run.to_json() for run in noise_runs(checks)]
    events.sort(key=lambda e: str(e["at"]))
    failures = [c for c in checks if c.outcome == CheckOutcome.ERROR]
    reviews = {change.seq: store.review(story_id, change.seq) for change in store.changes(story_id)}
    versions = []
    for entry in version_entries(store, story_id):
        data = entry.to_json()
        review = reviews.get(entry.version.seq)
        data["review"] = review.to_json() if review is not None else None
        versions.append(data)
    return {
        "story": story_to_json(story),
        "versions": versions,
        "events": events,
        "errors": [{"at": to_iso(c.checked_at), "detail": c.detail} for c in failures],
    }
