"""How each version of a story changed: ChangeSets with the labels only history knows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from revtrack.diff import ChangeSet, diff_articles
from revtrack.store.rows import Event, Story, Version
from revtrack.store.store import Store


def history_context(
    story: Story, events: Sequence[Event], latest_seq: int, old: Version, new: Version
) -> frozenset[str]:
    """Labels the articles cannot show: flip-flop, page removed, page restored."""
    labels = set()
    if new.kind == "flip-flop":
        labels.add("flip-flop")
    start, end = sorted((old.captured_at, new.captured_at))
    if any(e.kind == "restored" and start < e.at <= end for e in events):
        labels.add("restored")
    if story.status == "gone" and new.seq == latest_seq:
        labels.add("removed")
    return frozenset(labels)


@dataclass(frozen=True, slots=True)
class VersionChange:
    """A version and how it differs from the version before it (None for the first)."""

    version: Version
    previous: Version | None
    changes: ChangeSet | None


def version_changes(store: Store, story: Story) -> list[VersionChange]:
    """Every version with its ChangeSet against the previous real version.

    Versions that re-extraction found to be noise are listed with no changes
    and are skipped as a baseline.
    """
    versions = store.versions(story.id)
    events = store.events(story.id)
    latest_seq = versions[-1].seq if versions else 0
    out: list[VersionChange] = []
    previous: Version | None = None
    before = None
    for version in versions:
        if version.kind == "noise":
            out.append(VersionChange(version, previous, None))
            continue
        article = store.article(version)
        changes = None
        if previous is not None and before is not None:
            context = history_context(story, events, latest_seq, previous, version)
            changes = diff_articles(before, article, context=context)
        out.append(VersionChange(version, previous, changes))
        previous, before = version, article
    return out
