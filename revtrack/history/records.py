"""Each version's change against the version before it, computed once and kept for review.

Capture records a change in the same transaction as its version; re-extraction
and stores from before the review desk compute theirs with ``refresh_changes``.
Reviews are keyed by (story, version) and live apart, so recomputing a change
never loses its review.
"""

from __future__ import annotations

from collections import defaultdict

from revtrack.article import Article
from revtrack.diff import ChangeSet, diff_articles
from revtrack.history.changes import version_changes, version_history_labels
from revtrack.history.highlights import highlights, summarise
from revtrack.store.reviews import ChangeRecord
from revtrack.store.rows import Story, Version
from revtrack.store.store import Store

__all__ = [
    "RECIPE",
    "change_changeset",
    "change_record",
    "ensure_changes",
    "record_change",
    "refresh_changes",
]

# Bump when labels, summary or highlights are made differently: stored changes made
# by an older recipe are computed anew by ``ensure_changes``.
# 2: claims without numbers are facts, silent headlines, history labels; 3: whole highlights
RECIPE = 3
# "removed" is known only once the page goes away, after a version's row was written at
# capture; left out so that a row never depends on when it was made (it is in the log).
_LATER_LABELS = frozenset({"removed"})


def change_record(
    story_id: int, version: Version, base_seq: int, changes: ChangeSet
) -> ChangeRecord:
    items = highlights(changes)
    return ChangeRecord(
        story_id=story_id,
        seq=version.seq,
        base_seq=base_seq,
        captured_at=version.captured_at,
        labels=tuple(label for label in changes.labels if label not in _LATER_LABELS),
        counts=changes.counts.to_json(),
        summary=summarise(changes, items),
        highlights=items,
        recipe=RECIPE,
    )


def change_changeset(
    store: Store, story: Story, base: Version, version: Version, before: Article, after: Article
) -> ChangeSet:
    """Every edit of ``version`` against ``base``, with the labels the story's history adds."""
    context = version_history_labels(store, story.id, base, version)
    return diff_articles(before, after, context=context - _LATER_LABELS)


def record_change(
    store: Store, story: Story, version: Version, after: Article
) -> tuple[ChangeRecord, ChangeSet] | None:
    """Diff a just-added version against its base and keep the change; call in a transaction.

    Returns None for a story's first version, which has nothing to change from.
    """
    base_seq = store.base_version_seq(story.id, version.seq)
    if base_seq is None:
        return None
    base = store.version(story.id, base_seq)
    changes = change_changeset(store, story, base, version, store.article(base), after)
    record = change_record(story.id, version, base_seq, changes)
    store.put_change(record)
    return record, changes


def refresh_changes(store: Store, story: Story) -> int:
    """Compute every change of ``story`` anew; call in a transaction. Returns how many."""
    store.delete_changes(story.id)
    count = 0
    for item in version_changes(store, story):
        if item.changes is None or item.previous is None:
            continue
        store.put_change(change_record(story.id, item.version, item.previous.seq, item.changes))
        count += 1
    return count


def ensure_changes(store: Store) -> int:
    """Compute the changes missing or made by an older recipe; returns how many."""
    missing = store.versions_without_change(RECIPE)
    if not missing:
        return 0
    by_story: dict[int, list[int]] = defaultdict(list)
    for story_id, seq in missing:
        by_story[story_id].append(seq)
    count = 0
    for story_id in by_story:
        with store.transaction():
            count += refresh_changes(store, store.story(story_id))
    return count
