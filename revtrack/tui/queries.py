"""Reads the screens run in the background (through ``host.query``) that are more than
one store call: the stories with their labels, and a pair's ChangeSet."""

from __future__ import annotations

from revtrack.article import Article
from revtrack.diff import ChangeSet
from revtrack.history.changes import diff_versions
from revtrack.history.records import stored_changeset
from revtrack.store.rows import Version
from revtrack.store.store import Store
from revtrack.store.views import StoryRow

__all__ = ["StoriesRead", "change_diff", "pair_changes", "stories_read"]

StoriesRead = tuple[list[StoryRow], dict[int, tuple[str, ...]]]


def stories_read(store: Store) -> StoriesRead:
    """Every story, and the labels of each one's last change ("first" for a story with
    one real version): the stories screen's whole load, no diff."""
    rows = store.story_rows()
    latest = store.latest_change_labels()
    labels = {
        row.id: latest.get(row.id) or (("first",) if row.versions == 1 else ()) for row in rows
    }
    return rows, labels


def pair_changes(
    store: Store, story_id: int, old: Version, new: Version, before: Article, after: Article
) -> ChangeSet:
    """What changed from ``old`` to ``new``: the stored change when the pair is one (read,
    not diffed), ``diff_versions`` for any other pair."""
    record = store.change(story_id, new.seq)
    if record is None or record.base_seq != old.seq:
        return diff_versions(store, story_id, old, new, before=before, after=after)
    return stored_changeset(store, record)


def change_diff(store: Store, story_id: int, base_seq: int, seq: int) -> ChangeSet:
    """The full ChangeSet of one stored change (version ``seq`` against its base)."""
    record = store.change(story_id, seq)
    if record is None or record.base_seq != base_seq:
        old, new = store.version(story_id, base_seq), store.version(story_id, seq)
        return diff_versions(store, story_id, old, new)
    return stored_changeset(store, record)
