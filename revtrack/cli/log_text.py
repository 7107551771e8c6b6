"""The text of `revtrack log`: versions, events, quiet checks and failed checks in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from revtrack.cli.output import format_time, one_line
from revtrack.history.timeline import VersionEntry, noise_runs, version_entries
from revtrack.store.rows import Check, CheckOutcome, Story
from revtrack.store.store import Store

_INDENT = "     "


@dataclass(frozen=True, slots=True)
class ErrorRun:
    """Consecutive failed checks, shown as one line with the last failure's detail."""

    first: datetime
    last: datetime
    count: int
    detail: str

    def line(self) -> str:
        times = "failed check" if self.count == 1 else f"{self.count} failed checks"
        until = f" until {format_time(self.last)}" if self.count > 1 else ""
        detail = f": {one_line(self.detail, 80)}" if self.detail else ""
        return f"{_INDENT}{format_time(self.first)}  {times}{until}{detail}"


def error_runs(checks: list[Check]) -> list[ErrorRun]:
    """Group the failed checks that follow each other."""
    runs: list[ErrorRun] = []
    current: list[Check] = []
    for check in [*checks, None]:
        if check is not None and check.outcome == CheckOutcome.ERROR:
            current.append(check)
            continue
        if current:
            first, last = current[0], current[-1]
            runs.append(ErrorRun(first.checked_at, last.checked_at, len(current), last.detail))
            current = []
    return runs


def _version_line(store: Store, entry: VersionEntry, reviewed: set[int]) -> str:
    v = entry.version
    labels = f"  [{', '.join(entry.labels)}]" if entry.labels else ""
    if v.seq in reviewed:
        review = store.review(v.story_id, v.seq)
        labels += "" if review.state == "unreviewed" else f"  ({review.state})"
    kind = "" if v.kind == "version" else f" {v.kind}"
    if v.same_as:
        kind += f" of v{v.same_as}"
    stamp = f"updated {format_time(v.updated_at)}" if v.updated_at else "no updated stamp"
    summary = entry.summary()
    return (
        f"v{v.seq:<3} {format_time(v.captured_at)}  {stamp:<27} {v.word_count:>5} words"
        f"{kind}{labels}{'  ' + summary if summary else ''}  {one_line(v.headline, 60)}"
    )


def log_lines(store: Store, story: Story) -> list[str]:
    """Every line of a story's log after its URL, oldest first."""
    lines: list[tuple[datetime, str]] = []
    reviewed = {c.seq for c in store.changes(story.id)}
    for entry in version_entries(store, story.id):
        lines.append((entry.version.captured_at, _version_line(store, entry, reviewed)))
    for event in store.events(story.id):
        if event.kind != "flip-flop":
            detail = f"  ({one_line(event.detail, 70)})" if event.detail else ""
            lines.append((event.at, f"{_INDENT}{format_time(event.at)}  {event.kind}{detail}"))
    checks = store.checks(story.id)
    for run in noise_runs(checks):
        counts = ", ".join(f"{n} {o}" for o, n in sorted(run.counts.items()))
        lines.append((run.first, f"{_INDENT}{format_time(run.first)}  quiet checks: {counts}"))
    lines += [(run.first, run.line()) for run in error_runs(checks)]
    return [text for _, text in sorted(lines, key=lambda item: item[0])]
