"""The changes a report or feed shows: queue items with their full ChangeSets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revtrack.article import Article
from revtrack.clock import to_iso
from revtrack.diff import ChangeSet
from revtrack.history.records import change_changeset
from revtrack.review import QueueItem, ReviewState, change_items, ensure_changes
from revtrack.store.rows import Story, Version
from revtrack.store.store import Store

__all__ = ["Filters", "ReportChange", "by_story", "change_set", "collect"]


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
    """One change (a version against its base) and every edit it made."""

    item: QueueItem
    changes: ChangeSet

    @property
    def story_id(self) -> int:
        return self.item.change.story_id


@dataclass(slots=True)
class _Articles:
    """Articles read once per report: each version is the base of the next change too."""

    store: Store
    cache: dict[tuple[int, int], tuple[Version, Article]] = field(default_factory=dict)

    def get(self, story_id: int, seq: int) -> tuple[Version, Article]:
        key = (story_id, seq)
        if key not in self.cache:
            version = self.store.version(story_id, seq)
            self.cache[key] = (version, self.store.article(version))
        return self.cache[key]


def change_set(store: Store, story: Story, item: QueueItem, articles: _Articles) -> ChangeSet:
    """The full diff of a change, with the labels only the story's history knows."""
    base, before = articles.get(story.id, item.change.base_seq)
    version, after = articles.get(story.id, item.change.seq)
    return change_changeset(store, story, base, version, before, after)


def collect(store: Store, filters: Filters) -> list[ReportChange]:
    """The changes ``filters`` pick, newest first, each with its ChangeSet."""
    ensure_changes(store)
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
    articles = _Articles(store)
    stories: dict[int, Story] = {}
    out = []
    for item in items:
        sid = item.change.story_id
        if sid not in stories:
            stories[sid] = store.story(sid)
        out.append(ReportChange(item, change_set(store, stories[sid], item, articles)))
    return out


def by_story(changes: Sequence[ReportChange]) -> list[list[ReportChange]]:
    """The changes grouped per story: stories by their latest change, newest first inside.

    ``changes`` come newest first, so first appearance orders the stories.
    """
    groups: dict[int, list[ReportChange]] = {}
    for change in changes:
        groups.setdefault(change.story_id, []).append(change)
    return list(groups.values())
