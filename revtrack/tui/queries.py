"""Read-only queries the screens run in workers (no Textual here: plain data)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from revtrack.diff import ChangeSet, diff_articles
from revtrack.history.changes import version_history_labels
from revtrack.review import QueueItem, ReviewCounts, change_items, ensure_changes, review_counts
from revtrack.store.rows import Version
from revtrack.store.store import Store


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the stories table."""

    id: int
    url: str
    site: str
    headline: str
    versions: int
    last_change: str  # ISO 8601 UTC as stored ("" if never): sorts as text, parsed on draw
    next_check: str
    status: str


@dataclass(frozen=True, slots=True)
class StoreTotals:
    stories: int
    versions: int
    max_version_id: int


# Each query returns one JSON row: sqlite3 releases the GIL for every row it steps,
# and 10,000 hand-offs against a busy UI thread cost far more than the query itself.
_STORIES_SQL = (
    "SELECT json_group_array(json_array(id, url, site, headline, status, error_streak,"
    " next_check_at, last_changed_at)) FROM (SELECT * FROM stories ORDER BY id)"
)
# Small queries beat one join: each scans one index or table (~20 ms at 100,000
# versions) where the join took 150 ms.
_COUNTS_SQL = (
    "SELECT json_group_object(story_id, n) FROM"
    " (SELECT story_id, count(*) AS n FROM versions GROUP BY story_id)"
)
_NOISE_SQL = (
    "SELECT json_group_object(story_id, n) FROM (SELECT story_id, count(*) AS n"
    " FROM versions WHERE kind = 'noise' GROUP BY story_id)"
)
_LAST_SQL = (
    "SELECT json_group_object(story_id, last) FROM (SELECT story_id, max(captured_at) AS last"
    " FROM versions WHERE kind != 'noise' AND story_id IN"
    " (SELECT id FROM stories WHERE last_changed_at IS NULL) GROUP BY story_id)"
)


def _json(store: Store, sql: str) -> Any:
    return json.loads(store.conn.execute(sql).fetchone()[0])


def story_rows(store: Store) -> list[StoryRow]:
    """Every story with its version count and time of its last change."""
    counts, noise, last = (_json(store, sql) for sql in (_COUNTS_SQL, _NOISE_SQL, _LAST_SQL))
    return [
        StoryRow(id_, url, site, headline, counts.get(str(id_), 0) - noise.get(str(id_), 0),
                 changed or last.get(str(id_), ""), next_at or "",
                 "error" if errors and status != "gone" else status)
        for id_, url, site, headline, status, errors, next_at, changed
        in _json(store, _STORIES_SQL)
    ]  # fmt: skip


def data_version(store: Store) -> int:
    """Changes whenever another connection commits to the file."""
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


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
    new, old = Version.from_row(rows[0]), Version.from_row(rows[1])
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
