"""The review desk's tables: changes, their review state and the record of every mark."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from revtrack.clock import from_iso, to_iso
from revtrack.store.decode import Decode, Row, decode_row
from revtrack.store.sql import Dialect, SQLConnection


class ReviewState(StrEnum):
    UNREVIEWED = "unreviewed"
    REVIEWED = "reviewed"
    FLAGGED = "flagged"


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """What one version changed against the version before it, as kept for review."""

    story_id: int
    seq: int
    base_seq: int
    captured_at: datetime
    labels: tuple[str, ...]
    counts: dict[str, int]
    summary: str
    highlights: tuple[str, ...]
    recipe: int = 0  # how the summary and highlights were made; older ones are redone
    changeset_sha: str | None = None  # the full ChangeSet (JSON blob), for diff views


@dataclass(frozen=True, slots=True)
class Review:
    """A change's review: its state, the note, who marked it and when (None: never)."""

    state: ReviewState = ReviewState.UNREVIEWED
    note: str = ""
    reviewer: str = ""
    at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "state": str(self.state),
            "note": self.note,
            "reviewer": self.reviewer,
            "at": to_iso(self.at) if self.at else None,
        }


@dataclass(frozen=True, slots=True)
class ChangeListing:
    """A stored change as lists show it: its review, its story and its version's headline."""

    change: ChangeRecord
    review: Review
    url: str
    site: str
    headline: str  # the headline of this version
    kind: str  # the version's kind: version or flip-flop


@dataclass(frozen=True, slots=True)
class ChangeTally:
    """How many stored changes have one review state and one set of labels."""

    state: ReviewState
    labels: tuple[str, ...]
    count: int


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """One line of the review record: a change marked by someone at some time."""

    story_id: int
    seq: int
    state: ReviewState
    note: str
    reviewer: str
    at: datetime


_CHANGE_COLUMNS: dict[str, Decode] = {
    "labels": lambda value: tuple(value.split()),
    "counts": json.loads,
    "highlights": lambda value: tuple(json.loads(value)),
}


def change_from_row(row: Row) -> ChangeRecord:
    return decode_row(ChangeRecord, row, _CHANGE_COLUMNS)


def review_from_row(row: Row) -> Review:
    """A change's review from a row of ``reviews`` or a listing (NULL state: never marked)."""
    if row["state"] is None:
        return Review()
    return decode_row(Review, row)


def _listing(row: Row) -> ChangeListing:
    return ChangeListing(change_from_row(row), review_from_row(row), row["url"], row["site"],
                         row["version_headline"], row["version_kind"])  # fmt: skip


class ReviewMixin:
    """SQL for changes and reviews; the caller owns the transaction for writes."""

    conn: SQLConnection
    dialect: Dialect

    def put_change(self, change: ChangeRecord) -> None:
        self.conn.execute(
            "INSERT INTO changes (story_id, seq, base_seq, captured_at, labels,"
            " counts, summary, highlights, recipe, changeset_sha) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (story_id, seq) DO UPDATE SET base_seq = excluded.base_seq,"
            " captured_at = excluded.captured_at, labels = excluded.labels,"
            " counts = excluded.counts, summary = excluded.summary,"
            " highlights = excluded.highlights, recipe = excluded.recipe,"
            " changeset_sha = excluded.changeset_sha",
            (
                change.story_id, change.seq, change.base_seq, to_iso(change.captured_at),
                " ".join(change.labels), json.dumps(change.counts, sort_keys=True),
                change.summary, json.dumps(list(change.highlights), ensure_ascii=False),
                change.recipe, change.changeset_sha,
            ),
        )  # fmt: skip

    def set_change_labels(self, story_id: int, seq: int, labels: tuple[str, ...]) -> None:
        """Replace a stored change's labels (history learned one later: ``removed``)."""
        self.conn.execute(
            "UPDATE changes SET labels = ? WHERE story_id = ? AND seq = ?",
            (" ".join(labels), story_id, seq),
        )

    def last_real_version_before(self, story_id: int, at: datetime) -> int | None:
        """The seq of the last real version captured before ``at`` (None: none)."""
        row = self.conn.execute(
            "SELECT max(seq) FROM real_versions WHERE story_id = ? AND captured_at < ?",
            (story_id, to_iso(at)),
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def latest_change_labels(self) -> dict[int, tuple[str, ...]]:
        """Each story's latest stored change's labels, by story id (one query for a list)."""
        aggregate = (
            "json_group_object(c.story_id, c.labels)"
            if self.dialect == "sqlite"
            else "json_object_agg(c.story_id, c.labels)::text"
        )
        rows = self.conn.execute(
            f"SELECT {aggregate} FROM changes c"
            " JOIN (SELECT story_id, max(seq) AS seq FROM changes GROUP BY story_id) m"
            " ON m.story_id = c.story_id AND m.seq = c.seq"
        ).fetchone()
        return {int(k): tuple(v.split()) for k, v in json.loads(rows[0] or "{}").items()}

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set one store-wide setting; call inside a transaction."""
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def delete_changes(self, story_id: int) -> None:
        """Forget the computed changes (not the reviews) of a story, to compute them anew."""
        self.conn.execute("DELETE FROM changes WHERE story_id = ?", (story_id,))

    def change(self, story_id: int, seq: int) -> ChangeRecord | None:
        row = self.conn.execute(
            "SELECT * FROM changes WHERE story_id = ? AND seq = ?", (story_id, seq)
        ).fetchone()
        return change_from_row(row) if row else None

    def changes(self, story_id: int) -> list[ChangeRecord]:
        rows = self.conn.execute(
            "SELECT * FROM changes WHERE story_id = ? ORDER BY seq", (story_id,)
        ).fetchall()
        return [change_from_row(r) for r in rows]

    def versions_without_change(self, recipe: int) -> list[tuple[int, int]]:
        """(story id, seq) of real versions after the first whose change row is missing
        or was made by an older ``recipe``."""
        rows = self.conn.execute(
            "SELECT v.story_id, v.seq FROM real_versions v"
            " LEFT JOIN changes c ON c.story_id = v.story_id AND c.seq = v.seq"
            " WHERE (c.seq IS NULL OR c.recipe != ?) AND EXISTS ("
            "  SELECT 1 FROM real_versions p WHERE p.story_id = v.story_id AND p.seq < v.seq)"
            " ORDER BY v.story_id, v.seq",
            (recipe,),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def base_version_seq(self, story_id: int, seq: int) -> int | None:
        """The real version (not noise) just before ``seq``: the base its change is against."""
        row = self.conn.execute(
            "SELECT max(seq) FROM real_versions WHERE story_id = ? AND seq < ?",
            (story_id, seq),
        ).fetchone()
        return None if row[0] is None else int(row[0])

    def review(self, story_id: int, seq: int) -> Review:
        row = self.conn.execute(
            "SELECT * FROM reviews WHERE story_id = ? AND seq = ?", (story_id, seq)
        ).fetchone()
        return review_from_row(row) if row else Review()

    def reviews(self, story_id: int) -> dict[int, Review]:
        """Every review of a story's changes, by version seq (unreviewed ones absent)."""
        rows = self.conn.execute("SELECT * FROM reviews WHERE story_id = ?", (story_id,))
        return {row["seq"]: review_from_row(row) for row in rows}

    def mark_review(
        self, story_id: int, seq: int, *, state: ReviewState, note: str, reviewer: str,
        at: datetime,
    ) -> None:  # fmt: skip
        """Set a change's review and add the mark to the record."""
        values = (story_id, seq, str(state), note, reviewer, to_iso(at))
        self.conn.execute(
            "INSERT INTO reviews (story_id, seq, state, note, reviewer, at)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (story_id, seq) DO UPDATE SET"
            " state = excluded.state, note = excluded.note, reviewer = excluded.reviewer,"
            " at = excluded.at",
            values,
        )
        self.conn.execute(
            "INSERT INTO review_log (story_id, seq, state, note, reviewer, at)"
            " VALUES (?,?,?,?,?,?)",
            values,
        )

    def review_log(self, story_id: int, seq: int | None = None) -> list[ReviewMark]:
        rows = self.conn.execute(
            "SELECT * FROM review_log WHERE story_id = ? AND (? IS NULL OR seq = ?) ORDER BY id",
            (story_id, seq, seq),
        ).fetchall()
        return [
            ReviewMark(
                r["story_id"], r["seq"], ReviewState(r["state"]), r["note"], r["reviewer"],
                from_iso(r["at"]),
            )
            for r in rows
        ]  # fmt: skip

    def change_rows(
        self, *, since: datetime | None = None, story_id: int | None = None
    ) -> list[ChangeListing]:
        """Changes joined with their review and story, newest first."""
        rows = self.conn.execute(
            _LISTING + " WHERE (? IS NULL OR c.captured_at >= ?) AND (? IS NULL OR c.story_id = ?)"
            + _NEWEST_FIRST,
            (
                to_iso(since) if since else None, to_iso(since) if since else None,
                story_id, story_id,
            ),
        ).fetchall()  # fmt: skip
        return [_listing(r) for r in rows]

    def change_page(
        self,
        *,
        states: Sequence[ReviewState] = (),
        label: str | None = None,
        after: tuple[datetime, int, int] | None = None,
        limit: int = 100,
    ) -> list[ChangeListing]:
        """Up to ``limit`` changes newest first, in one of ``states`` (any when empty), with
        ``label`` (when given), older than ``after`` (captured at, story id, seq): a page of
        the review queue. The order is the one ``change_rows`` gives."""
        where: list[str] = []
        params: list[str | int] = []
        if states:
            where.append(f"coalesce(r.state, 'unreviewed') IN ({', '.join('?' * len(states))})")
            params += [str(state) for state in states]
        if label is not None:
            find = "instr" if self.dialect == "sqlite" else "strpos"
            where.append(f"{find}(' ' || c.labels || ' ', ?) > 0")
            params.append(f" {label} ")
        if after is not None:
            where.append("(c.captured_at, c.story_id, c.seq) < (?, ?, ?)")
            params += [to_iso(after[0]), after[1], after[2]]
        sql = _LISTING + (" WHERE " + " AND ".join(where) if where else "") + _NEWEST_FIRST
        rows = self.conn.execute(sql + " LIMIT ?", (*params, limit)).fetchall()
        return [_listing(r) for r in rows]

    def change_tally(self) -> list[ChangeTally]:
        """Stored changes counted by review state and labels: the review counts and the
        size of any filtered queue, from two aggregate queries (changes exist only for
        real versions, so no join to versions is needed)."""
        everything = self.conn.execute("SELECT labels, count(*) FROM changes GROUP BY labels")
        unreviewed = {str(labels): int(n) for labels, n in everything}
        tally = []
        for state, labels, n in self.conn.execute(
            "SELECT r.state, c.labels, count(*) FROM reviews r"
            " JOIN changes c ON c.story_id = r.story_id AND c.seq = r.seq"
            " WHERE r.state != 'unreviewed' GROUP BY r.state, c.labels"
        ):
            unreviewed[labels] -= n
            tally.append(ChangeTally(ReviewState(state), tuple(labels.split()), int(n)))
        tally += [
            ChangeTally(ReviewState.UNREVIEWED, tuple(labels.split()), n)
            for labels, n in unreviewed.items()
            if n
        ]
        return tally


_LISTING = (
    "SELECT c.*, r.state, r.note, r.reviewer, r.at, s.url, s.site,"
    " v.headline AS version_headline, v.kind AS version_kind"
    " FROM changes c JOIN stories s ON s.id = c.story_id"
    " JOIN real_versions v ON v.story_id = c.story_id AND v.seq = c.seq"
    " LEFT JOIN reviews r ON r.story_id = c.story_id AND r.seq = c.seq"
)
_NEWEST_FIRST = " ORDER BY c.captured_at DESC, c.story_id DESC, c.seq DESC"
