"""Whole-store reads that list views draw from: one row per story, cheap change detection."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from revtrack.store.rows import StoryStatus
from revtrack.store.sql import Dialect, SQLConnection


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the stories table."""

    id: int
    url: str
    site: str
    headline: str
    versions: int  # real versions (noise left out)
    last_change: str  # ISO 8601 UTC as stored ("" if never): sorts as text, parsed on draw
    next_check: str
    status: str  # a StoryStatus, or "error" while checks of a story that is not gone fail


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
    " (SELECT story_id, count(*) AS n FROM real_versions GROUP BY story_id)"
)
# Stores from before last_changed_at was kept: the newest real version stands in.
_LAST_SQL = (
    "SELECT json_group_object(story_id, last) FROM (SELECT story_id, max(captured_at) AS last"
    " FROM real_versions WHERE story_id IN"
    " (SELECT id FROM stories WHERE last_changed_at IS NULL) GROUP BY story_id)"
)
# The same three on PostgreSQL: its JSON aggregates (NULL over no rows, hence coalesce).
_PG_SQL = {
    _STORIES_SQL: (
        "SELECT coalesce(json_agg(json_build_array(id, url, site, headline, status,"
        " error_streak, next_check_at, last_changed_at) ORDER BY id)::text, '[]') FROM stories"
    ),
    _COUNTS_SQL: (
        "SELECT coalesce(json_object_agg(story_id, n)::text, '{}') FROM"
        " (SELECT story_id, count(*) AS n FROM real_versions GROUP BY story_id) counts"
    ),
    _LAST_SQL: (
        "SELECT coalesce(json_object_agg(story_id, last)::text, '{}') FROM"
        " (SELECT story_id, max(captured_at) AS last FROM real_versions WHERE story_id IN"
        " (SELECT id FROM stories WHERE last_changed_at IS NULL) GROUP BY story_id) lasts"
    ),
}


class ViewMixin:
    conn: SQLConnection
    dialect: Dialect

    def _json_row(self, sql: str) -> Any:
        if self.dialect != "sqlite":
            sql = _PG_SQL[sql]
        return json.loads(self.conn.execute(sql).fetchone()[0])

    def story_rows(self) -> list[StoryRow]:
        """Every story with its real version count and the time of its last change."""
        counts, last = self._json_row(_COUNTS_SQL), self._json_row(_LAST_SQL)
        return [
            StoryRow(id_, url, site, headline, counts.get(str(id_), 0),
                     changed or last.get(str(id_), ""), next_at or "",
                     "error" if errors and status != StoryStatus.GONE else status)
            for id_, url, site, headline, status, errors, next_at, changed
            in self._json_row(_STORIES_SQL)
        ]  # fmt: skip

    def data_version(self) -> int:
        """Changes whenever another connection commits to the store (cheap: no I/O)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
