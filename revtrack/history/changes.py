"""How a version changed: the one place a change (a version against its base) is made.

Capture, re-extraction, the CLI, the TUI, reports, the feed and the webhook all get
their ChangeSets and labels from here, so a version is labelled the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from revtrack.article import Article
from revtrack.diff import ChangeSet, diff_articles
from revtrack.store.rows import Event, EventKind, Story, Version, VersionKind
from revtrack.store.store import Store

__all__ = ["VersionChange", "diff_versions", "history_context", "history_labels", "version_changes"]


def history_labels(
    old: Version, new: Version, events: Sequence[Event], next_at: datetime | None
) -> frozenset[str]:
    """The labels of version ``new`` (compared with ``old``) that only history knows.

    The one rule every view follows; each label marks the versions around its event,
    never a later edit:

    - ``flip-flop``: ``new`` equals an earlier, non-adjacent version.
    - ``restored``: ``new`` was captured by the check that saw the page come back (a
      "restored" event at its capture time), compared with a version from before the
      gap. A page that came back unchanged saved no version then: no version carries
      ``restored`` (the event is in the story's log), and the next edit is just an edit.
    - ``removed``: ``new`` is the last real version captured before a "gone" event
      (``next_at``, the capture time of the next real version, is after the event or
      None): the story as it was when the page went away. A stored change learns it
      when the page goes (``records.mark_removed``).
    """
    labels = set()
    if new.kind == VersionKind.FLIP_FLOP:
        labels.add("flip-flop")
    if any(
        e.kind == EventKind.RESTORED and e.at == new.captured_at > old.captured_at for e in events
    ):
        labels.add("restored")
    if any(
        e.kind == EventKind.GONE and new.captured_at < e.at and (next_at is None or e.at < next_at)
        for e in events
    ):
        labels.add("removed")
    return frozenset(labels)


def history_context(store: Store, story_id: int, old: Version, new: Version) -> frozenset[str]:
    """``history_labels`` of one version pair, reading what it needs from the store."""
    events = store.events(story_id)
    next_at = None
    # Versions are listed only when a page went away after ``new``: most stories never do.
    if any(e.kind == EventKind.GONE and e.at > new.captured_at for e in events):
        later = [v for v in store.real_versions(story_id) if v.seq > new.seq]
        next_at = later[0].captured_at if later else None
    return history_labels(old, new, events, next_at)


def diff_versions(
    store: Store,
    story_id: int,
    old: Version,
    new: Version,
    *,
    before: Article | None = None,
    after: Article | None = None,
) -> ChangeSet:
    """Every edit from ``old`` to ``new`` with the labels history adds: the one way to
    compute a change. ``before``/``after`` spare reading articles the caller has."""
    context = history_context(store, story_id, old, new)
    before = before if before is not None else store.article(old)
    after = after if after is not None else store.article(new)
    return diff_articles(before, after, context=context)


@dataclass(frozen=True, slots=True)
class VersionChange:
    """A version and how it differs from the version before it (None for the first)."""

    version: Version
    previous: Version | None
    changes: ChangeSet | None


def version_changes(store: Store, story: Story) -> list[VersionChange]:
    """Every version with its ChangeSet against the previous real version: the whole
    story diffed at once, for recomputing its stored changes (lists read those).

    Versions that re-extraction found to be noise are listed with no changes
    and are skipped as a baseline.
    """
    versions = store.versions(story.id)
    events = store.events(story.id)
    real = [v for v in versions if v.is_real]
    next_at = {a.seq: b.captured_at for a, b in pairwise(real)}
    out: list[VersionChange] = []
    previous: Version | None = None
    before = None
    for version in versions:
        if not version.is_real:
            out.append(VersionChange(version, previous, None))
            continue
        article = store.article(version)
        changes = None
        if previous is not None and before is not None:
            context = history_labels(previous, version, events, next_at.get(version.seq))
            changes = diff_articles(before, article, context=context)
        out.append(VersionChange(version, previous, changes))
        previous, before = version, article
    return out
