"""What differs on PostgreSQL: migrations from the one description, blobs in bytea,
transactions, several connections, errors without passwords. ``backend_store`` runs
a test on SQLite and PostgreSQL alike; ``pg_store`` on PostgreSQL alone."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from revtrack.article import Article
from revtrack.errors import StoreError
from revtrack.store.blobs import ZSTD_DELTA
from revtrack.store.history import NewVersion
from revtrack.store.migrations import LATEST, MIGRATIONS
from revtrack.store.open import open_store_at
from revtrack.store.reviews import ChangeRecord, ReviewState
from revtrack.store.rows import StoryUpdate, VersionKind
from revtrack.store.store import Store

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _new(text: str, at: datetime = T0, *, raw: bytes | None = None) -> NewVersion:
    paragraphs = (f"{text} " * 40, "second paragraph, the same in every version " * 10)
    article = Article(url="https://example.com/a", headline=text, paragraphs=paragraphs)
    return NewVersion(
        article=article, raw=raw if raw is not None else f"<h1>{text}</h1>".encode(),
        fingerprint=f"fp-{text}", captured_at=at, url="https://example.com/a",
        extractor="test", extractor_version="0",
    )  # fmt: skip


def _pg_columns(store: Store) -> dict[str, list[str]]:
    rows = store.conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name != 'revtrack_schema'"
        " ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _sqlite_columns(path: Path) -> dict[str, list[str]]:
    with Store.open(path) as store:
        names = [
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
        ]
        return {n: [c[1] for c in store.conn.execute(f"PRAGMA table_info({n})")] for n in names}


# -- migrations ------------------------------------------------------------------------


def test_migrations_make_the_same_tables_and_columns_as_on_sqlite(
    pg_store: Store, tmp_path: Path
) -> None:
    assert _pg_columns(pg_store) == _sqlite_columns(tmp_path / "revtrack.db")


def test_schema_version_is_kept_and_reopening_migrates_nothing(pg_url: str) -> None:
    from revtrack.store.postgres import PgConnection, apply_pg_migrations, pg_schema_version

    open_store_at(pg_url).close()
    conn = PgConnection.connect(pg_url)
    try:
        assert pg_schema_version(conn) == LATEST
        assert apply_pg_migrations(conn) == 0
    finally:
        conn.close()


def test_an_old_schema_is_brought_up_to_date(pg_url: str) -> None:
    """A store made by an older revtrack (here: migrations 1-5) gets the rest on open."""
    from revtrack.store.postgres import PG_MIGRATIONS, PgConnection

    conn = PgConnection.connect(pg_url)
    try:
        conn.execute("BEGIN")
        for script in PG_MIGRATIONS[:5]:
            conn.executescript(script)
        conn.execute("CREATE TABLE revtrack_schema (version BIGINT NOT NULL)")
        conn.execute("INSERT INTO revtrack_schema VALUES (5)")
        conn.commit()
    finally:
        conn.close()
    with open_store_at(pg_url) as store:
        story, _ = store.add_story("https://example.com/a", now=T0)
        with store.transaction():
            store.add_version(story.id, _new("one"))
        # Column 6's source reaches the view made by migration 4.
        assert store.real_versions(story.id)[0].source == ""
        assert store.seen_captures(story.id) == set()  # migration 7's table


def test_a_newer_schema_is_refused(pg_url: str) -> None:
    with open_store_at(pg_url) as store:
        store.conn.execute("UPDATE revtrack_schema SET version = ?", (LATEST + 1,))
    with pytest.raises(StoreError, match="newer than this revtrack"):
        open_store_at(pg_url)


def test_the_one_description_has_every_step() -> None:
    from revtrack.store.postgres import PG_MIGRATIONS

    assert len(PG_MIGRATIONS) == len(MIGRATIONS) == LATEST


# -- errors -------------------------------------------------------------------------------


def test_a_wrong_password_is_one_line_without_the_password(pg_server: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(pg_server)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{parts.username or 'revtrack'}:not-the-S3CRET@{host}:{parts.port or 5432}"
    url = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    with pytest.raises(StoreError) as caught:
        open_store_at(url)
    message = str(caught.value)
    assert "not-the-S3CRET" not in message
    assert "***" in message
    assert "\n" not in message


def test_a_url_the_driver_quotes_back_does_not_show_its_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store_at("postgresql://ed:pw-in-a-bad-url@[::1/none")
    assert "pw-in-a-bad-url" not in str(caught.value)


def test_an_unreachable_server_is_a_store_error() -> None:
    url = "postgresql://ed:pw-x@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(StoreError, match=r"cannot open store postgresql://ed:\*\*\*@") as caught:
        open_store_at(url)
    assert "pw-x" not in str(caught.value)


# -- transactions and connections ---------------------------------------------------------


def test_an_sql_error_rolls_the_whole_transaction_back(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)

    def clash() -> None:
        with store.transaction():
            store.add_version(story.id, _new("one"))
            store.add_check(story.id, at=T0, outcome="new-version")
            store.add_version(story.id, _new("two"))
            store.insert_version_at(story.id, 1, _new("clash"))  # (story_id, seq) taken

    with pytest.raises(StoreError):
        clash()
    assert store.versions(story.id) == []
    assert store.checks(story.id) == []
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    assert not store.conn.in_transaction
    with store.transaction():  # the connection is fit for the next one
        store.add_version(story.id, _new("one"))
    assert [v.headline for v in store.versions(story.id)] == ["one"]


def test_each_connection_sees_the_others_commits(pg_url: str) -> None:
    with open_store_at(pg_url) as one, open_store_at(pg_url) as two:
        before = two.data_version()
        story, _ = one.add_story("https://example.com/a", now=T0)
        assert two.story(story.id).url == story.url
        with one.transaction():
            one.add_version(story.id, _new("one"))
            # Not committed yet: the other connection does not see it.
            assert two.versions(story.id) == []
        assert [v.headline for v in two.versions(story.id)] == ["one"]
        assert two.article(two.versions(story.id)[0]).headline == "one"
        assert two.data_version() != before
        with two.transaction():
            two.update_story(story.id, StoryUpdate(headline="seen by two", live=True))
        updated = one.story(story.id)
        assert (updated.headline, updated.live) == ("seen by two", True)


def test_a_second_open_of_the_same_database_migrates_nothing(pg_url: str) -> None:
    with open_store_at(pg_url) as one:
        one.add_story("https://example.com/a", now=T0)
        with open_store_at(pg_url) as two:
            assert [s.url for s in two.stories()] == ["https://example.com/a"]


# -- blobs --------------------------------------------------------------------------------


def test_blobs_round_trip_through_bytea(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)
    rng = __import__("random").Random(7)
    noise = bytes(rng.getrandbits(8) for _ in range(70_000))  # incompressible, NUL bytes too
    page = b"<html>" + b"\x00\xff\x80 news " * 20_000 + b"</html>"
    with store.transaction():
        for i in range(6):
            raw = page.replace(b"news", f"n{i:03d}".encode(), 1) if i else noise
            store.add_version(story.id, _new(f"text {i}", T0 + timedelta(minutes=i), raw=raw))
    store.blobs.clear_cache()
    versions = store.versions(story.id)
    assert store.raw_html(versions[0]) == noise
    for version in versions[1:]:
        i = version.seq - 1
        assert store.raw_html(version) == page.replace(b"news", f"n{i:03d}".encode(), 1)
        assert store.article(version).headline == f"text {i}"
    codecs = {r[0] for r in store.conn.execute("SELECT codec FROM blobs")}
    assert ZSTD_DELTA in codecs
    data = store.conn.execute("SELECT data FROM blobs LIMIT 1").fetchone()[0]
    assert isinstance(data, bytes)


def test_removing_a_story_collects_its_blobs_and_delta_bases(backend_store: Store) -> None:
    store = backend_store
    keep, _ = store.add_story("https://example.com/keep", now=T0)
    drop, _ = store.add_story("https://example.com/drop", now=T0)
    with store.transaction():
        for i in range(5):
            store.add_version(keep.id, _new(f"keep {i}"))
            store.add_version(drop.id, _new(f"drop {i}"))
    store.remove_story(store.story(drop.id))
    store.blobs.clear_cache()
    for version in store.versions(keep.id):
        assert store.article(version).headline.startswith("keep")
    assert store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 10


# -- the SQL that differs between the engines -------------------------------------------


def _change(story_id: int, seq: int, labels: tuple[str, ...], at: datetime) -> ChangeRecord:
    return ChangeRecord(
        story_id=story_id, seq=seq, base_seq=seq - 1, captured_at=at, labels=labels,
        counts={"words": seq}, summary=f"change {seq}", highlights=("a", "ü"),
    )  # fmt: skip


def test_changes_reviews_and_the_queue(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)
    with store.transaction():
        for seq in range(1, 5):
            store.add_version(story.id, _new(f"v{seq}", T0 + timedelta(hours=seq)))
        for seq in range(2, 5):
            labels = ("fact", "headline") if seq % 2 else ("style",)
            store.put_change(_change(story.id, seq, labels, T0 + timedelta(hours=seq)))
        store.put_change(_change(story.id, 4, ("fact_check",), T0 + timedelta(hours=4)))
        store.mark_review(story.id, 3, state=ReviewState.FLAGGED, note="n", reviewer="ed", at=T0)
        store.mark_review(story.id, 3, state=ReviewState.REVIEWED, note="ok", reviewer="jo", at=T0)
    at = T0 + timedelta(hours=4)
    assert store.change(story.id, 4) == _change(story.id, 4, ("fact_check",), at)
    assert store.latest_change_labels() == {story.id: ("fact_check",)}
    assert store.review(story.id, 3).state is ReviewState.REVIEWED
    assert [m.reviewer for m in store.review_log(story.id)] == ["ed", "jo"]
    assert [m.reviewer for m in store.review_log(story.id, 3)] == ["ed", "jo"]
    page = store.change_page(label="fact")
    assert [c.change.seq for c in page] == [3]  # "fact_check" is another label
    page = store.change_page(states=[ReviewState.UNREVIEWED], limit=1)
    assert [c.change.seq for c in page] == [4]
    after = (page[0].change.captured_at, story.id, 4)
    assert [c.change.seq for c in store.change_page(after=after)] == [3, 2]
    tally = {(t.state, t.labels): t.count for t in store.change_tally()}
    assert tally == {
        (ReviewState.REVIEWED, ("fact", "headline")): 1,
        (ReviewState.UNREVIEWED, ("style",)): 1,
        (ReviewState.UNREVIEWED, ("fact_check",)): 1,
    }
    assert [c.change.seq for c in store.change_rows(story_id=story.id)] == [4, 3, 2]
    assert store.versions_without_change(0) == []
    assert store.versions_without_change(1) == [(story.id, 2), (story.id, 3), (story.id, 4)]
    assert store.base_version_seq(story.id, 3) == 2
    assert store.last_real_version_before(story.id, T0 + timedelta(hours=2, minutes=1)) == 2


def test_shifting_versions_moves_unsent_payloads(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)
    payload = json.dumps({"version": 2, "base_version": 1, "headline": "é"})
    with store.transaction():
        for seq in (1, 2):
            store.add_version(story.id, _new(f"v{seq}"))
        store.add_outbox(story.id, 2, target="https://hook", payload=payload, at=T0)
        store.add_outbox(story.id, 2, target="https://hook", payload="not json", at=T0)
        store.shift_versions(story.id, 1, after=1)
    assert [v.seq for v in store.versions(story.id)] == [1, 3]
    first, second = store.outbox()
    assert json.loads(first.payload) == {"version": 3, "base_version": 1, "headline": "é"}
    assert first.seq == 3
    assert second.payload == "not json"


def test_the_outbox_and_its_status(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)
    with store.transaction():
        for seq in (1, 2, 3):
            store.add_outbox(story.id, seq, target="t", payload="{}", at=T0)
        store.mark_delivered(1, T0)
        store.mark_failed(2, error="503", retry_at=T0 + timedelta(minutes=5))
        store.defer_outbox_after(2, T0 + timedelta(minutes=10))
    status = store.outbox_status()
    assert (status.pending, status.delivered, status.most_attempts) == (2, 1, 1)
    assert status.last_error == "503"
    assert status.next_attempt == T0 + timedelta(minutes=5)
    assert [i.id for i in store.due_outbox(T0 + timedelta(minutes=9))] == [2]
    assert store.next_delivery_at() == T0 + timedelta(minutes=5)
    assert store.pending_outbox_count() == 2
    assert [i.id for i in store.outbox(pending_only=True)] == [2, 3]


def test_sources_and_discovered_stories(backend_store: Store) -> None:
    store = backend_store
    assert store.insert_source("https://example.com/feed", "feed", now=T0)
    assert not store.insert_source("https://example.com/feed", "feed", now=T0)
    source = store.find_source("https://example.com/feed")
    assert source is not None
    with store.transaction():
        assert store.add_discovered_story(
            "https://example.com/n", source_id=source.id, now=T0, published=T0
        )
        store.record_source_success(
            source.id, now=T0, next_poll_at=T0 + timedelta(hours=1), etag='"e"',
            last_modified=None, title="Feed",
        )  # fmt: skip
    assert store.source_story_counts() == {source.id: 1}
    assert store.find_source(source.id).title == "Feed"  # type: ignore[union-attr]
    assert store.next_source_due() == T0 + timedelta(hours=1)
    with store.transaction():
        store.delete_source(source.id)
    assert store.stories()[0].source_id is None


def test_logs_in_time_order_and_lists(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)
    with store.transaction():
        for minutes in (30, 10, 20):
            at = T0 + timedelta(minutes=minutes)
            store.add_check(story.id, at=at, outcome="unchanged", detail=str(minutes))
            store.add_event(story.id, at=at, kind="gone", detail=str(minutes))
        store.order_story_log(story.id)
        store.add_version(story.id, _new("v1", T0 + timedelta(minutes=5)))
    assert [c.detail for c in store.checks(story.id)] == ["10", "20", "30"]
    assert [c.detail for c in store.checks(story.id, limit=2)] == ["20", "30"]
    assert [e.detail for e in store.events(story.id)] == ["10", "20", "30"]
    (row,) = store.story_rows()
    assert (row.versions, row.last_change, row.status) == (1, "2026-01-01T12:05:00Z", "new")
    assert store.next_check_due() == T0
    assert store.summaries()[0].checks == 3
    with store.transaction():
        store.replace_article(
            store.versions(story.id)[0], _new("again").article, fingerprint="f2",
            kind=VersionKind.NOISE, same_as=None, extractor="x", extractor_version="1",
        )  # fmt: skip
    assert store.real_versions(story.id) == []
    with store.transaction():
        store.set_meta("recipe", "3")
        store.set_meta("recipe", "4")
    assert store.meta("recipe") == "4"


def test_sqlite_still_opens_as_before(tmp_path: Path) -> None:
    path = tmp_path / "revtrack.db"
    with open_store_at(path) as store:
        assert isinstance(store.conn, sqlite3.Connection)
        assert store.dialect == "sqlite"
    with open_store_at(str(path)) as store:
        assert store.location == str(path)
    assert os.path.exists(path)


def test_data_version_sees_a_commit_of_a_transaction_already_running(pg_url: str) -> None:
    with open_store_at(pg_url) as writer, open_store_at(pg_url) as reader:
        story, _ = writer.add_story("https://example.com/a", now=T0)
        with writer.transaction():
            writer.update_story(story.id, StoryUpdate(headline="x"))  # it has an id now
            before = reader.data_version()
            assert reader.data_version() == before  # nothing ended in between
        assert reader.data_version() != before


def test_ids_follow_rows_copied_with_their_ids(backend_store: Store) -> None:
    store = backend_store
    with store.transaction():
        store.conn.execute(
            "INSERT INTO stories (id, url, site, added_at) VALUES (?, ?, ?, ?)",
            (41, "https://example.com/copied", "example.com", "2026-01-01T12:00:00Z"),
        )
        store._reset_id_sequences()
    story, created = store.add_story("https://example.com/new", now=T0)
    assert created
    assert story.id == 42


def test_a_lost_connection_is_a_one_line_store_error(pg_url: str, pg_server: str) -> None:
    import psycopg

    with open_store_at(pg_url) as store:
        store.add_story("https://example.com/a", now=T0)
        pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError, match="lost the connection to postgresql://") as caught:
            store.stories()
        assert "revtrack-test" not in str(caught.value)
        with pytest.raises(StoreError, match="lost the connection"), store.transaction():
            pass


def test_a_transaction_inside_another_is_refused(backend_store: Store) -> None:
    """As SQLite refuses it: PostgreSQL would let the inner commit end the outer one."""
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)

    def nested() -> None:
        with store.transaction():
            store.update_story(story.id, StoryUpdate(headline="outer"))
            store.add_story("https://example.com/b", now=T0)  # opens its own

    with pytest.raises(StoreError, match="within a transaction"):
        nested()
    assert store.story(story.id).headline == ""
    assert [s.url for s in store.stories()] == [story.url]


def test_collecting_garbage_counts_what_it_deleted(backend_store: Store) -> None:
    store = backend_store
    story, _ = store.add_story("https://example.com/a", now=T0)
    with store.transaction():
        store.add_version(story.id, _new("one"))
        store.conn.execute("DELETE FROM versions")
        assert store.collect_garbage() == 2  # the article and the raw page
        assert store.collect_garbage() == 0


def test_a_nul_in_text_is_kept_as_a_replacement_character(pg_store: Store) -> None:
    """PostgreSQL text cannot hold NUL; a hostile server's must not fail the check."""
    story, _ = pg_store.add_story("https://example.com/a", now=T0)
    with pg_store.transaction():
        pg_store.add_check(story.id, at=T0, outcome="error", detail="bad\x00header")
        pg_store.add_version(story.id, replace(_new("one"), headers="X-A: \x00\r\n"))
    assert pg_store.checks(story.id)[0].detail == "bad\ufffdheader"
    assert pg_store.versions(story.id)[0].headers == "X-A: \ufffd\r\n"


def test_one_writer_at_a_time_as_on_sqlite(pg_url: str) -> None:
    """A transaction takes the store's write lock first (SQLite's BEGIN IMMEDIATE):
    two writers reading the next version number never both take it."""
    import threading

    with open_store_at(pg_url) as first, open_store_at(pg_url) as second:
        story, _ = first.add_story("https://example.com/a", now=T0)
        inside = threading.Event()
        release = threading.Event()

        def hold() -> None:
            with first.transaction():
                first.add_version(story.id, _new("one"))
                inside.set()
                release.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        assert inside.wait(10)
        assert second.versions(story.id) == []  # reads do not wait
        done: list[int] = []

        def write() -> None:
            with second.transaction():
                done.append(second.add_version(story.id, _new("two")).seq)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(0.5)
        assert done == []  # waiting for the first writer
        release.set()
        holder.join(10)
        writer.join(10)
        assert done == [2]
        assert [v.headline for v in first.versions(story.id)] == ["one", "two"]


def test_a_writer_kept_waiting_too_long_is_told_the_store_is_busy(pg_url: str) -> None:
    with open_store_at(pg_url) as first, open_store_at(pg_url) as second:
        second.conn.execute("SET lock_timeout = 200")
        with first.transaction():
            with pytest.raises(StoreError, match="is busy"), second.transaction():
                pass
            assert not second.conn.in_transaction
        assert second.add_story("https://example.com/b", now=T0)[1]  # free again


def test_a_session_that_may_only_read_opens_a_migrated_store(pg_url: str) -> None:
    """Opening an up-to-date store runs no DDL: a reviewer's read-only role can open it."""
    with open_store_at(pg_url) as store:
        store.add_story("https://example.com/a", now=T0)
    read_only = pg_url.replace("options=", "options=-cdefault_transaction_read_only%3Don%20", 1)
    with open_store_at(read_only) as store:
        assert [s.url for s in store.stories()] == ["https://example.com/a"]
        assert store.story_rows()[0].url == "https://example.com/a"
        with pytest.raises(StoreError, match="read-only transaction"):
            store.add_story("https://example.com/b", now=T0)


def test_the_connection_reads_sql_as_sqlite_does(pg_store: Store) -> None:
    """``?`` placeholders, ``%`` and ``?`` in literals, NULL parameters, rows by name,
    by position and unpacked."""
    conn = pg_store.conn
    assert tuple(conn.execute("SELECT '50%', 100 % 7, '?'").fetchone()) == ("50%", 2, "?")
    row = conn.execute("SELECT '50%' || ? AS a, ? IS NULL AS b", ("%s", None)).fetchone()
    assert (row["a"], row[1], *row) == ("50%%s", True, "50%%s", True)
    assert row.keys() == ["a", "b"]
    assert conn.execute("SELECT 1 WHERE false").fetchone() is None
    assert conn.execute("UPDATE stories SET headline = 'x'").fetchall() == []
    assert [tuple(r) for r in conn.execute("SELECT * FROM (VALUES (1), (2)) v (n)")] == [(1,), (2,)]
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [("a", "1"), ("b", "2")])
    assert pg_store.meta("b") == "2"
