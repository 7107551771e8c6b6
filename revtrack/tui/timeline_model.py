"""A story's timeline rows: versions, events and quiet-check runs in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from revtrack.history.timeline import noise_runs
from revtrack.store.rows import Check, Event, Version


@dataclass(frozen=True, slots=True)
class TimelineRow:
    key: str  # "v:<seq>", "e:<id>" or "n:<index>"
    at: datetime
    what: str
    updated: datetime | None = None
    words: int | None = None
    detail: str = ""  # untrusted (event detail, headline)
    version: Version | None = None


def timeline_rows(
    versions: list[Version], events: list[Event], checks: list[Check]
) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    for v in versions:
        what = f"v{v.seq}" + ("" if v.kind == "version" else f" {v.kind}")
        if v.same_as:
            what += f" of v{v.same_as}"
        rows.append(TimelineRow(f"v:{v.seq}", v.captured_at, what, v.updated_at, v.word_count,
                                v.headline, v))  # fmt: skip
    for e in events:
        if e.kind != "flip-flop":
            rows.append(TimelineRow(f"e:{e.id}", e.at, e.kind, detail=e.detail))
    for i, run in enumerate(noise_runs(checks)):
        counts = ", ".join(f"{n} {o}" for o, n in sorted(run.counts.items()))
        rows.append(TimelineRow(f"n:{i}", run.first, "quiet checks", detail=counts))
    rows.sort(key=lambda r: (r.at, r.key[0] != "v"))
    return rows


def previous_seq(versions: list[Version], seq: int) -> int | None:
    """The real version before ``seq`` (noise versions are no baseline)."""
    before = [v.seq for v in versions if v.seq < seq and v.kind != "noise"]
    return before[-1] if before else None
