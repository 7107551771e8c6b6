"""The text of `revtrack log`: the story's timeline, one line an entry, oldest first."""

from __future__ import annotations

from revtrack.cli.output import format_time, one_line
from revtrack.history.timeline import (
    FailedRun,
    NoiseRun,
    Timeline,
    TimelineEntry,
    VersionEntry,
    kind_note,
    source_note,
)
from revtrack.store.rows import Event

_INDENT = "     "


def _version_line(entry: VersionEntry) -> str:
    v = entry.version
    labels = f"  [{', '.join(entry.labels)}]" if entry.labels else ""
    if entry.review is not None and entry.review.state != "unreviewed":
        labels += f"  ({entry.review.state})"
    stamp = f"updated {format_time(v.updated_at)}" if v.updated_at else "no updated stamp"
    summary = entry.summary()
    source = f"  ({one_line(source_note(v))})" if v.source else ""
    return (
        f"v{v.seq:<3} {format_time(v.captured_at)}  {stamp:<27} {v.word_count:>5} words"
        f"{kind_note(v)}{labels}{'  ' + summary if summary else ''}  {one_line(v.headline, 60)}"
        f"{source}"
    )


def _failed_line(run: FailedRun) -> str:
    times = "failed check" if run.count == 1 else f"{run.count} failed checks"
    until = f" until {format_time(run.last)}" if run.count > 1 else ""
    detail = f": {one_line(run.detail, 80)}" if run.detail else ""
    return f"{_INDENT}{format_time(run.first)}  {times}{until}{detail}"


def entry_line(entry: TimelineEntry) -> str:
    if isinstance(entry, VersionEntry):
        return _version_line(entry)
    if isinstance(entry, Event):
        detail = f"  ({one_line(entry.detail, 70)})" if entry.detail else ""
        return f"{_INDENT}{format_time(entry.at)}  {entry.kind}{detail}"
    if isinstance(entry, NoiseRun):
        return f"{_INDENT}{format_time(entry.first)}  quiet checks: {entry.describe()}"
    return _failed_line(entry)


def log_lines(timeline: Timeline) -> list[str]:
    """Every line of a story's log after its URL, oldest first."""
    return [entry_line(entry) for entry in timeline.entries()]
