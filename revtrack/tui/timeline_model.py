"""A story's timeline as the story screen's rows: ``story_timeline`` formatted, in its order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from revtrack.history.timeline import NoiseRun, Timeline, VersionEntry, archive_name
from revtrack.store.rows import Event, Version


@dataclass(frozen=True, slots=True)
class TimelineRow:
    key: str  # "v:<seq>", "e:<id>" or "n:<index>"
    at: datetime
    what: str
    updated: datetime | None = None
    words: int | None = None
    detail: str = ""  # untrusted (event detail; a version's change summary or headline)
    version: Version | None = None
    labels: tuple[str, ...] = ()  # a version's stored change's labels


def timeline_rows(timeline: Timeline) -> list[TimelineRow]:
    """One row per version, event and run of quiet checks, in the timeline's order.

    Failed checks are left to the check log (``l``), as before the timeline was shared.
    """
    rows: list[TimelineRow] = []
    quiet = 0
    for entry in timeline.entries():
        if isinstance(entry, VersionEntry):
            v = entry.version
            detail = entry.summary() or v.headline
            if v.source:  # read from a web archive or a WARC file, not fetched by revtrack
                detail = f"[{archive_name(v)}] {detail}"
            rows.append(TimelineRow(f"v:{v.seq}", v.captured_at, entry.title(), v.updated_at,
                                    v.word_count, detail, v, entry.labels))  # fmt: skip
        elif isinstance(entry, Event):
            rows.append(TimelineRow(f"e:{entry.id}", entry.at, str(entry.kind),
                                    detail=entry.detail))  # fmt: skip
        elif isinstance(entry, NoiseRun):
            rows.append(TimelineRow(f"n:{quiet}", entry.first, "quiet checks",
                                    detail=entry.describe()))  # fmt: skip
            quiet += 1
    return rows


def previous_seq(versions: list[Version], seq: int) -> int | None:
    """The real version before ``seq`` (noise versions are no baseline)."""
    before = [v.seq for v in versions if v.seq < seq and v.is_real]
    return before[-1] if before else None
