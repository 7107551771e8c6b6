"""Each version's change against its base, computed once and kept: the stored truth.

Capture records a change in the same transaction as its version (with the full
ChangeSet as a blob); re-extraction computes a story's changes anew; a store from an
older recipe has its changes recomputed once, when it is opened (``ensure_changes``),
never while a view reads. Reviews are keyed by (story, version) and live apart, so
recomputing a change never loses its review.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from typing import Any

from revtrack.article import Article
from revtrack.diff import ChangeSet
from revtrack.diff.labels import ordered
from revtrack.history.changes import diff_versions, version_changes
from revtrack.history.highlights import highlights, summarise
from revtrack.store.reviews import ChangeRecord
from revtrack.store.rows import Story, Version
from revtrack.store.store import Store

__all__ = [
    "RECIPE",
    "change_record",
    "ensure_changes",
    "mark_removed",
    "record_change",
    "refresh_changes",
    "stored_changeset",
    "stored_changeset_json",
]

# Bump when labels, summary or highlights are made differently: stored changes made
# by an older recipe are computed anew when the store is opened.
# 2: claims without numbers are facts, silent headlines, history labels; 3: whole
# highlights; 4: "removed" kept too, the full ChangeSet stored
RECIPE = 4
_RECIPE_KEY = "changes_recipe"


def _put_changeset(store: Store, changes: ChangeSet) -> str:
    data = json.dumps(changes.to_json(texts=True), ensure_ascii=False)
    return store.blobs.put(data.encode("utf-8"))


def change_record(
    store: Store, story_id: int, version: Version, base_seq: int, changes: ChangeSet
) -> ChangeRecord:
    """The row kept for a change, its ChangeSet stored as a blob; call in a transaction."""
    items = highlights(changes)
    return ChangeRecord(
        story_id=story_id,
        seq=version.seq,
        base_seq=base_seq,
        captured_at=version.captured_at,
        labels=tuple(changes.labels),
        counts=changes.counts.to_json(),
        summary=summarise(changes, items),
        highlights=items,
        recipe=RECIPE,
        changeset_sha=_put_changeset(store, changes),
    )


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
    changes = diff_versions(store, story.id, base, version, after=after)
    record = change_record(store, story.id, version, base_seq, changes)
    store.put_change(record)
    return record, changes


def mark_removed(store: Store, story_id: int, gone_at: datetime) -> None:
    """The page went away at ``gone_at``: the last real version before it is the story as
    it was then, and its stored change says so; call in the gone event's transaction."""
    seq = store.last_real_version_before(story_id, gone_at)
    record = store.change(story_id, seq) if seq is not None else None
    if record is not None and "removed" not in record.labels:
        store.set_change_labels(story_id, record.seq, ordered({*record.labels, "removed"}))


def stored_changeset(store: Store, record: ChangeRecord) -> ChangeSet:
    """A stored change's full ChangeSet (read, not re-diffed, when it was kept)."""
    if record.changeset_sha is None:
        old = store.version(record.story_id, record.base_seq)
        new = store.version(record.story_id, record.seq)
        return diff_versions(store, record.story_id, old, new)
    data = json.loads(store.blobs.get(record.changeset_sha))
    # Labels history learned later (removed) are on the row, not in the blob.
    return replace(ChangeSet.from_json(data), labels=record.labels)


def _without_texts(ops: list[dict[str, Any]]) -> None:
    for op in ops:
        op.pop("texts", None)


def stored_changeset_json(store: Store, record: ChangeRecord) -> dict[str, Any]:
    """``stored_changeset(...).to_json()`` straight from the blob: for reports of
    thousands of changes, with no ChangeSet built."""
    if record.changeset_sha is None:
        return stored_changeset(store, record).to_json()
    data: dict[str, Any] = json.loads(store.blobs.get(record.changeset_sha))
    data["labels"] = list(record.labels)
    _without_texts(data["body"])
    for field_change in data["fields"]:
        _without_texts(field_change["items"])
    return data


def refresh_changes(store: Store, story: Story) -> int:
    """Compute every change of ``story`` anew; call in a transaction. Returns how many."""
    store.delete_changes(story.id)
    count = 0
    for item in version_changes(store, story):
        if item.changes is None or item.previous is None:
            continue
        store.put_change(
            change_record(store, story.id, item.version, item.previous.seq, item.changes)
        )
        count += 1
    return count


def ensure_changes(store: Store) -> int:
    """Compute the changes missing or made by an older recipe; returns how many.

    Runs when a store is opened: cheap when the store says its changes are current.
    """
    if store.meta(_RECIPE_KEY) == str(RECIPE):
        return 0
    missing = store.versions_without_change(RECIPE)
    by_story: dict[int, list[int]] = defaultdict(list)
    for story_id, seq in missing:
        by_story[story_id].append(seq)
    count = 0
    for story_id in by_story:
        with store.transaction():
            count += refresh_changes(store, store.story(story_id))
    with store.transaction():
        store.set_meta(_RECIPE_KEY, str(RECIPE))
    return count
