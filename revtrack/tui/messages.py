"""Messages workers post to screens, named as past events."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from revtrack.history.timeline import VersionEntry
from revtrack.store.rows import Check, Event, Story, Version
from revtrack.tui.queries import StoreTotals, StoryRow


@dataclass
class StoriesLoaded(Message):
    """The stories table's rows and the store's totals were read."""

    rows: list[StoryRow]
    totals: StoreTotals


@dataclass
class LabelsComputed(Message):
    """Labels of the last change of some stories (story id -> labels)."""

    labels: dict[int, tuple[str, ...]]


@dataclass
class StoryLoaded(Message):
    """A story's versions, events and checks were read (labels not yet computed)."""

    story: Story
    versions: list[Version]
    events: list[Event]
    checks: list[Check]


@dataclass
class TimelineComputed(Message):
    """Every version of a story was diffed against its predecessor."""

    story_id: int
    entries: list[VersionEntry]


@dataclass
class StoreChanged(Message):
    """Another process committed to the store (new versions or checks)."""

    generation: int


@dataclass
class LoadFailed(Message):
    """A worker could not read the store."""

    what: str
    error: str
