"""Read-only queries the screens run in workers (no Textual here: plain data)."""

from __future__ import annotations

from dataclasses import dataclass

from revtrack.diff import ChangeSet, diff_articles
from revtrack.history.changes import version_history_labels
from revtrack.review import QueueItem, ReviewCounts, change_items, ensure_changes, review_counts
from revtrack.store.rows import Version, decode_row
from revtrack.store.store import Store
from revtrack.store.views import StoryRow as StoryRow  # its home until the TUI imports it


@dataclass(frozen=True, slots=True)
class StoreTotals:
    stories: int
    versions: int
    max_version_id: int


def story_rows(store: Store) -> list[StoryRow]:
    """Every story with its version count and time of its last change."""
    return store.story_rows()


def data_version(store: Store) -> int:
    """Changes whenever another connection commits to the file."""
    return store.data_version()


def last_change_labels(store: Store, story_id: int) -> tuple[str, ...]:
    """Labels of a story's latest real change (one diff: the last two versions)."""
    rows = store.conn.execute(
        "SELECT * FROM versions WHERE story_id = ? AND kind != 'noise' ORDER BY seq DESC LIMIT 2",
        (story_id,),
    ).fetchall()
    if not rows:
        return ()
    if len(rows) == 1:
        return ("first",)
    new, old = decode_row(Version, rows[0]), decode_row(Version, rows[1])
    context = version_history_labels(store, story_id, old, new)
    changes = diff_articles(store.article(old), store.article(new), context=context)
    return tuple(changes.labels)


def review_totals(store: Store) -> ReviewCounts:
    """Review counts, after computing any change rows an older store lacks (cheap when none)."""
    ensure_changes(store)
    return review_counts(store)


def review_items(store: Store) -> tuple[list[QueueItem], ReviewCounts]:
    """Every change (all states, newest first) and the counts, read together."""
    ensure_changes(store)
    return change_items(store), review_counts(store)


def change_diff(store: Store, story_id: int, base_seq: int, seq: int) -> ChangeSet:
    """The full diff of one change (version ``seq`` against its base), as the diff screen has it."""
    old, new = store.version(story_id, base_seq), store.version(story_id, seq)
    context = version_history_labels(store, story_id, old, new)
    return diff_articles(store.article(old), store.article(new), context=context)
