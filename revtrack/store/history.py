"""Versions, the check log and events of a story: the history half of the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from revtrack.article import Article
from revtrack.clock import to_iso
from revtrack.errors import RevtrackError
from revtrack.store.blobs import RAW_PAGE_LEVEL, BlobStore, delta_base_seq
from revtrack.store.rows import (
    Check,
    CheckOutcome,
    Event,
    EventKind,
    Version,
    VersionKind,
    decode_row,
)
from revtrack.store.sql import Dialect, SQLConnection


@dataclass(frozen=True, slots=True)
class NewVersion:
    """What the capture step hands over to become a version row."""

    article: Article
    raw: bytes
    fingerprint: str
    captured_at: datetime
    url: str
    extractor: str
    extractor_version: str
    kind: VersionKind = VersionKind.VERSION
    same_as: int | None = None
    source: str = ""  # "" : fetched by revtrack; else the archived capture (see Version)
    http_status: int | None = None
    headers: str | None = None  # the raw response header block, when known


@dataclass(frozen=True, slots=True)
class ArchivedSource:
    """An archived capture being recorded (see ``HistoryMixin.recording_capture``)."""

    capture: str  # the capture's address in its archive: versions' source, the "seen" key
    captured_at: datetime
    seen_at: datetime
    http_status: int | None = 200
    digest: str = ""


class HistoryMixin:
    conn: SQLConnection
    dialect: Dialect
    blobs: BlobStore
    _archived: ArchivedSource | None = None

    @contextmanager
    def recording_capture(self, capture: ArchivedSource) -> Iterator[None]:
        """While this lasts, a version added is marked with ``capture`` as its source, and
        a check logged also remembers the capture as seen: both inside the transaction
        that records the check, so they commit with it or not at all."""
        self._archived = capture
        try:
            yield
        finally:
            self._archived = None

    # -- versions ----------------------------------------------------------

    def versions(self, story_id: int) -> list[Version]:
        rows = self.conn.execute(
            "SELECT * FROM versions WHERE story_id = ? ORDER BY seq", (story_id,)
        ).fetchall()
        return [decode_row(Version, row) for row in rows]

    def real_versions(self, story_id: int) -> list[Version]:
        """The versions readers saw change, in order: every one but noise."""
        rows = self.conn.execute(
            "SELECT * FROM real_versions WHERE story_id = ? ORDER BY seq", (story_id,)
        ).fetchall()
        return [decode_row(Version, row) for row in rows]

    def latest_version(self, story_id: int) -> Version | None:
        row = self.conn.execute(
            "SELECT * FROM versions WHERE story_id = ? ORDER BY seq DESC LIMIT 1", (story_id,)
        ).fetchone()
        return decode_row(Version, row) if row else None

    def version(self, story_id: int, seq: int) -> Version:
        """Version ``seq`` (1-based); negative numbers count from the latest (-1)."""
        if seq < 0:
            latest = self.latest_version(story_id)
            if latest is None:
                raise RevtrackError("this story has no versions yet (run `revtrack check`)")
            seq = latest.seq + 1 + seq
        row = self.conn.execute(
            "SELECT * FROM versions WHERE story_id = ? AND seq = ?", (story_id, seq)
        ).fetchone()
        if row is None:
            raise RevtrackError(f"no version {seq} of this story")
        return decode_row(Version, row)

    def earlier_with_fingerprint(self, story_id: int, fingerprint: str) -> Version | None:
        row = self.conn.execute(
            "SELECT * FROM real_versions WHERE story_id = ? AND fingerprint = ?"
            " ORDER BY seq DESC LIMIT 1",
            (story_id, fingerprint),
        ).fetchone()
        return decode_row(Version, row) if row else None

    def article(self, version: Version) -> Article:
        return Article.from_json(self.blobs.get(version.article_sha))

    def raw_html(self, version: Version) -> bytes:
        return self.blobs.get(version.raw_sha)

    def _base_sha(self, story_id: int, seq: int, *, raw: bool) -> str | None:
        """The blob that version ``seq``'s article (or raw page) is delta-encoded against."""
        base_seq = delta_base_seq(seq, raw=raw)
        if base_seq is None:
            return None
        column = "raw_sha" if raw else "article_sha"
        row = self.conn.execute(
            f"SELECT {column} FROM versions WHERE story_id = ? AND seq = ?", (story_id, base_seq)
        ).fetchone()
        return str(row[0]) if row else None

    def add_version(self, story_id: int, new: NewVersion) -> Version:
        """Store a new version (with its blobs); call inside a transaction."""
        latest = self.latest_version(story_id)
        if self._archived is not None and not new.source:
            archived = self._archived
            new = replace(new, source=archived.capture, http_status=archived.http_status)
        return self.insert_version_at(story_id, (latest.seq if latest else 0) + 1, new)

    def insert_version_at(self, story_id: int, seq: int, new: NewVersion) -> Version:
        """Store ``new`` as version ``seq``, a number no version of the story has (the
        next one, or one ``shift_versions`` freed); call inside a transaction."""
        article_sha = self.blobs.put(
            new.article.to_json().encode("utf-8"), base=self._base_sha(story_id, seq, raw=False)
        )
        raw_sha = self.blobs.put(
            new.raw, base=self._base_sha(story_id, seq, raw=True), level=RAW_PAGE_LEVEL
        )
        art = new.article
        self.conn.execute(
            "INSERT INTO versions (story_id, seq, kind, same_as, captured_at, updated_at,"
            " published_at, fingerprint, article_sha, raw_sha, url, headline, word_count,"
            " extractor, extractor_version, source, http_status, headers)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                story_id, seq, new.kind, new.same_as, to_iso(new.captured_at),
                to_iso(art.updated) if art.updated else None,
                to_iso(art.published) if art.published else None,
                new.fingerprint, article_sha, raw_sha, new.url, art.headline,
                art.word_count, new.extractor, new.extractor_version, new.source,
                new.http_status, new.headers,
            ),
        )  # fmt: skip
        return self.version(story_id, seq)

    def shift_versions(self, story_id: int, by: int, *, after: int = 0) -> None:
        """Renumber the versions of a story numbered above ``after`` ``by`` places up, and
        everything that names one of them by number with it (same_as, checks, events,
        changes and their bases, reviews, the review log, the outbox and its unsent
        payloads), freeing numbers after+1..after+by for versions captured in between;
        call inside a transaction."""
        if by <= 0:
            return
        # Two steps through negative numbers: (story_id, seq) is unique at every row.
        for table in ("versions", "changes", "reviews"):
            self.conn.execute(
                f"UPDATE {table} SET seq = -(seq + ?) WHERE story_id = ? AND seq > ?",
                (by, story_id, after),
            )
            self.conn.execute(
                f"UPDATE {table} SET seq = -seq WHERE story_id = ? AND seq < 0", (story_id,)
            )
        for table, column in (
            ("versions", "same_as"), ("changes", "base_seq"), ("checks", "version_seq"),
            ("events", "version_seq"), ("review_log", "seq"), ("outbox", "seq"),
        ):  # fmt: skip
            self.conn.execute(
                f"UPDATE {table} SET {column} = {column} + ? WHERE story_id = ? AND {column} > ?",
                (by, story_id, after),
            )
        # A payload not yet sent names its versions: they move too (a sent one keeps none).
        if self.dialect != "sqlite":
            self._shift_payloads(story_id, by, after)
            return
        for key in ("version", "base_version"):
            self.conn.execute(
                f"UPDATE outbox SET payload = json_set(payload, '$.{key}',"
                f" json_extract(payload, '$.{key}') + ?)"
                " WHERE story_id = ? AND delivered_at IS NULL AND json_valid(payload)"
                f" AND json_type(payload, '$.{key}') = 'integer'"
                f" AND json_extract(payload, '$.{key}') > ?",
                (by, story_id, after),
            )

    def _shift_payloads(self, story_id: int, by: int, after: int) -> None:
        """``shift_versions``' payload step where SQLite's JSON functions are missing: the
        same edit in Python (integer members only; text that is not JSON is left alone),
        written back compact as SQLite's ``json_set`` writes it."""
        rows = self.conn.execute(
            "SELECT id, payload FROM outbox WHERE story_id = ? AND delivered_at IS NULL",
            (story_id,),
        ).fetchall()
        for row in rows:
            try:
                payload = json.loads(row[1])
            except ValueError:
                continue
            if not isinstance(payload, dict):
                continue
            moved = False
            for key in ("version", "base_version"):
                value = payload.get(key)
                if type(value) is int and value > after:
                    payload[key] = value + by
                    moved = True
            if moved:
                text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                self.conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (text, row[0]))

    def order_story_log(self, story_id: int) -> None:
        """Renumber a story's checks and events in time order (a backfill adds older ones
        after newer ones), so every reader that lists them by id lists them by time; call
        inside a transaction."""
        for table, at, columns in (
            ("checks", "checked_at", "checked_at, outcome, http_status, version_seq,"
             " page_updated_at, detail, elapsed_ms"),
            ("events", "at", "at, kind, version_seq, detail"),
        ):  # fmt: skip
            top = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
            self.conn.execute(
                f"INSERT INTO {table} (story_id, {columns}) SELECT story_id, {columns}"
                f" FROM {table} WHERE story_id = ? ORDER BY {at}, id",
                (story_id,),
            )
            self.conn.execute(
                f"DELETE FROM {table} WHERE story_id = ? AND id <= ?", (story_id, top)
            )

    # -- archive captures a backfill has seen ------------------------------

    def seen_captures(self, story_id: int) -> set[str]:
        """The archive captures of a story a backfill has already run (by address)."""
        rows = self.conn.execute(
            "SELECT capture FROM archive_captures WHERE story_id = ?", (story_id,)
        ).fetchall()
        return {str(row[0]) for row in rows}

    def mark_capture_seen(
        self, story_id: int, capture: str, *, captured_at: datetime, digest: str, outcome: str,
        at: datetime,
    ) -> None:  # fmt: skip
        """Remember that a backfill ran archive capture ``capture``; call in a transaction."""
        self.conn.execute(
            "INSERT INTO archive_captures (story_id, capture, captured_at, digest, outcome,"
            " seen_at) VALUES (?,?,?,?,?,?) ON CONFLICT (story_id, capture) DO UPDATE SET"
            " outcome = excluded.outcome, seen_at = excluded.seen_at",
            (story_id, capture, to_iso(captured_at), digest, outcome, to_iso(at)),
        )

    def replace_article(
        self, version: Version, article: Article, *, fingerprint: str, kind: VersionKind,
        same_as: int | None, extractor: str, extractor_version: str,
    ) -> None:  # fmt: skip
        """Swap in a re-extracted article; call inside a transaction, in seq order."""
        base = self._base_sha(version.story_id, version.seq, raw=False)
        sha = self.blobs.put(article.to_json().encode("utf-8"), base=base)
        self.conn.execute(
            "UPDATE versions SET article_sha = ?, fingerprint = ?, kind = ?, same_as = ?,"
            " headline = ?, word_count = ?, updated_at = ?, published_at = ?,"
            " extractor = ?, extractor_version = ? WHERE id = ?",
            (
                sha, fingerprint, kind, same_as, article.headline, article.word_count,
                to_iso(article.updated) if article.updated else None,
                to_iso(article.published) if article.published else None,
                extractor, extractor_version, version.id,
            ),
        )  # fmt: skip

    # -- check log and events ----------------------------------------------

    def add_check(
        self, story_id: int, *, at: datetime, outcome: CheckOutcome, http_status: int | None = None,
        version_seq: int | None = None, page_updated_at: datetime | None = None,
        detail: str = "", elapsed_ms: int = 0,
    ) -> None:  # fmt: skip
        self.conn.execute(
            "INSERT INTO checks (story_id, checked_at, outcome, http_status, version_seq,"
            " page_updated_at, detail, elapsed_ms) VALUES (?,?,?,?,?,?,?,?)",
            (
                story_id, to_iso(at), outcome, http_status, version_seq,
                to_iso(page_updated_at) if page_updated_at else None, detail, elapsed_ms,
            ),
        )  # fmt: skip
        if self._archived is not None:
            archived = self._archived
            self.mark_capture_seen(
                story_id, archived.capture, captured_at=archived.captured_at,
                digest=archived.digest, outcome=str(outcome), at=archived.seen_at,
            )  # fmt: skip

    def add_event(
        self, story_id: int, *, at: datetime, kind: EventKind, version_seq: int | None = None,
        detail: str = "",
    ) -> None:  # fmt: skip
        self.conn.execute(
            "INSERT INTO events (story_id, at, kind, version_seq, detail) VALUES (?,?,?,?,?)",
            (story_id, to_iso(at), kind, version_seq, detail),
        )

    def checks(self, story_id: int, limit: int | None = None) -> list[Check]:
        sql = "SELECT * FROM checks WHERE story_id = ? ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.conn.execute(sql, (story_id,)).fetchall()
        return [decode_row(Check, row) for row in reversed(rows)]

    def events(self, story_id: int) -> list[Event]:
        rows = self.conn.execute(
            "SELECT * FROM events WHERE story_id = ? ORDER BY id", (story_id,)
        ).fetchall()
        return [decode_row(Event, row) for row in rows]

    def collect_garbage(self) -> int:
        """Delete blobs no version or change needs (directly or as a delta base); call in a
        transaction. Returns how many it deleted."""
        # The statement starts with DELETE (the recursive query inside it), or sqlite3
        # would not count the rows it deletes (rowcount -1).
        cursor = self.conn.execute(
            "DELETE FROM blobs WHERE sha NOT IN (WITH RECURSIVE needed(sha) AS ("
            " SELECT article_sha FROM versions UNION SELECT raw_sha FROM versions"
            " UNION SELECT changeset_sha FROM changes WHERE changeset_sha IS NOT NULL"
            " UNION SELECT b.base FROM blobs b JOIN needed n ON b.sha = n.sha"
            " WHERE b.base IS NOT NULL)"
            " SELECT sha FROM needed)"
        )
        return cursor.rowcount
