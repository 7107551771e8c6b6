"""The changes a report or feed shows: queue items with their stored ChangeSets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revtrack.clock import to_iso
from revtrack.diff import ChangeSet
from revtrack.history.records import stored_changeset, stored_changeset_json
from revtrack.review import QueueItem, ReviewState, change_items
from revtrack.store.store import Store

__all__ = ["Filters", "ReportChange", "by_story", "collect"]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which changes to show; empty means no filter."""

    since: datetime | None = None
    labels: tuple[str, ...] = ()
    states: tuple[ReviewState, ...] = ()
    story: str | None = None  # the story's URL as given
    limit: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "since": to_iso(self.since) if self.since else None,
            "labels": list(self.labels),
            "states": [str(s) for s in self.states],
            "story": self.story,
            "limit": self.limit,
        }


@dataclass(frozen=True, slots=True)
class ReportChange:
    """One change (a version against its base); its ChangeSet is read from the store
    when a format asks for it, so a report of many changes never holds them all."""

    item: QueueItem
    store: Store = field(repr=False, compare=False)

    @property
    def story_id(self) -> int:
        return self.item.change.story_id

    @property
    def changes(self) -> ChangeSet:
        """Every edit the change made, as stored."""
        return stored_changeset(self.store, self.item.change)

    def changeset_json(self) -> dict[str, Any]:
        """``changes.to_json()``, read without building the ChangeSet."""
        return stored_changeset_json(self.store, self.item.change)


def collect(store: Store, filters: Filters) -> list[ReportChange]:
    """The changes ``filters`` pick, newest first, each with its ChangeSet."""
    story_id = store.story(filters.story).id if filters.story else None
    items = change_items(
        store,
        states=filters.states,
        labels=filters.labels,
        since=filters.since,
        story_id=story_id,
    )
    if filters.limit is not None:
        items = items[: filters.limit]
    return [ReportChange(item, store) for item in items]


def by_story(changes: Sequence[ReportChange]) -> list[list[ReportChange]]:
    """The changes grouped per story: stories by their latest change, newest first inside.

    ``changes`` come newest first, so first appearance orders the stories.
    """
    groups: dict[int, list[ReportChange]] = {}
    for change in changes:
        groups.setdefault(change.story_id, []).append(change)
    return list(groups.values())
