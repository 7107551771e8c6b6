"""The blob codec: content addressing, delta chains, and what it does with bad input."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revtrack.errors import StoreError
from revtrack.store.blobs import (
    FAST_ROOT_MIN,
    KEYFRAME_EVERY,
    MAX_DELTA_DEPTH,
    STORED,
    ZSTD,
    ZSTD_DELTA,
    ZSTD_FAST,
    BlobStore,
    MissingBlobError,
    blob_sha,
    delta_base_seq,
)
from revtrack.store.migrations import apply_migrations
from revtrack.store.open import open_store_at

WORDS = str.split(
    "the council said at least people were killed after flood hit city on Monday officials "
    "rescuers searched damaged homes power water supply restored bridge closed police warned "
    "residents evacuated according to ministry spokesperson added that it would take weeks"
)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_path(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """The blobs table as the store creates it: in a SQLite file, or a fresh PostgreSQL
    schema (its URL)."""
    if backend == "postgresql":
        url: str = request.getfixturevalue("pg_url")
        open_store_at(url).close()
        return url
    path = tmp_path / "blobs.sqlite"
    with closing(_connect(path)) as conn:
        apply_migrations(conn)
    return path


def _open(db_path: str | Path, mode: str = "rw") -> Any:
    if isinstance(db_path, str):
        from revtrack.store.postgres import PgConnection

        conn = PgConnection.connect(db_path)
        if mode == "ro":
            conn.execute("SET default_transaction_read_only = on")
        return conn
    return sqlite3.connect(f"file:{db_path}?mode={mode}", uri=True, isolation_level=None)


@pytest.fixture
def reopen(db_path: str | Path) -> Iterator[Callable[..., sqlite3.Connection]]:
    """More connections to the same store (read-only with ``mode="ro"``), closed afterwards."""
    opened: list[sqlite3.Connection] = []

    def open_(mode: str = "rw") -> sqlite3.Connection:
        conn = _open(db_path, mode)
        opened.append(conn)
        return conn

    yield open_
    for conn in opened:
        conn.close()


@pytest.fixture
def conn(db_path: str | Path) -> Iterator[sqlite3.Connection]:
    conn = _open(db_path) if isinstance(db_path, str) else _connect(db_path)
    yield conn
    conn.close()


@pytest.fixture
def store(conn: sqlite3.Connection) -> BlobStore:
    return BlobStore(conn, level=3)


def _history(versions: int, seed: int, paragraphs: int = 30) -> list[bytes]:
    """A story whose versions differ by small edits, as news stories do."""
    rng = random.Random(seed)
    body = [[rng.choice(WORDS) for _ in range(40)] for _ in range(paragraphs)]
    history = []
    for _ in range(versions):
        paragraph = rng.choice(body)
        paragraph[rng.randrange(len(paragraph))] = str(rng.randrange(1000))
        if rng.random() < 0.2:
            body.insert(rng.randrange(len(body)), [rng.choice(WORDS) for _ in range(30)])
        history.append("\n\n".join(" ".join(p) for p in body).encode())
    return history


def _put_history(
    store: BlobStore, conn: sqlite3.Connection, history: list[bytes], *, raw: bool
) -> list[str]:
    shas: list[str] = []
    for seq, data in enumerate(history, start=1):
        base_seq = delta_base_seq(seq, raw=raw)
        conn.execute("BEGIN")
        shas.append(store.put(data, base=None if base_seq is None else shas[base_seq - 1]))
        conn.execute("COMMIT")
    return shas


def _row(conn: sqlite3.Connection, sha: str) -> tuple[str | None, int, int, bytes]:
    row = conn.execute("SELECT base, codec, size, data FROM blobs WHERE sha = ?", (sha,)).fetchone()
    assert row is not None, f"no row for {sha}"
    return row[0], row[1], row[2], row[3]


def _depth(conn: sqlite3.Connection, sha: str) -> int:
    depth = 0
    while (base := _row(conn, sha)[0]) is not None:
        sha, depth = base, depth + 1
    return depth


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [False, True])
def test_history_reads_back_in_random_order_from_a_fresh_connection(
    store: BlobStore, conn: sqlite3.Connection, reopen: Callable[..., sqlite3.Connection], raw: bool
) -> None:
    history = _history(300, seed=7)
    shas = _put_history(store, conn, history, raw=raw)
    conn.close()

    reader = BlobStore(reopen(), cache_size=0)
    order = list(range(len(history)))
    random.Random(1).shuffle(order)
    for i in order:
        assert reader.get(shas[i]) == history[i]

    check = reopen()
    codecs = [_row(check, sha)[1] for sha in shas]
    assert codecs.count(ZSTD_DELTA) >= len(history) - 3  # keyframes at 1 and 257 only
    stored = check.execute("SELECT sum(length(data)) FROM blobs").fetchone()[0]
    assert stored < sum(map(len, history)) / 40  # deltas, not whole versions
    assert max(_depth(check, sha) for sha in shas) == (3 if raw else 12)


def test_reads_through_the_cache_match_cold_reads(
    store: BlobStore, conn: sqlite3.Connection
) -> None:
    history = _history(40, seed=3)
    shas = _put_history(store, conn, history, raw=False)
    store.clear_cache()
    assert [store.get(sha) for sha in shas] == history  # each read finds its base cached
    for sha, data in zip(shas, history, strict=True):
        store.clear_cache()
        assert store.get(sha) == data


def test_empty_blob(store: BlobStore, conn: sqlite3.Connection) -> None:
    sha = store.put(b"")
    assert sha == hashlib.sha256(b"").hexdigest()
    assert _row(conn, sha) == (None, STORED, 0, b"")
    store.clear_cache()
    assert store.get(sha) == b""
    assert store.put(b"x" * 1000, base=sha) != sha  # an empty base never pays


def test_large_blob_and_a_delta_against_it(conn: sqlite3.Connection) -> None:
    store = BlobStore(conn)  # the default level: its window spans a 5 MB base and its edit
    big = random.Random(5).randbytes(5 * 2**20)
    edited = big[:3_000_000] + b" an edit " + big[3_000_000:]
    first = store.put(big)
    second = store.put(edited, base=first)
    assert _row(conn, first)[:3] == (None, STORED, len(big))  # random bytes do not compress
    base, codec, size, data = _row(conn, second)
    assert (base, codec, size) == (first, ZSTD_DELTA, len(edited))
    assert len(data) < 1000
    store.clear_cache()
    assert store.get(second) == edited
    assert store.get(first) == big


def test_large_text_blob(store: BlobStore, conn: sqlite3.Connection) -> None:
    rng = random.Random(5)
    big = " ".join(rng.choice(WORDS) for _ in range(800_000)).encode()[: 5 * 2**20]
    sha = store.put(big)
    _, codec, size, data = _row(conn, sha)
    assert (codec, size) == (ZSTD, 5 * 2**20)
    assert len(data) < size / 3
    store.clear_cache()
    assert store.get(sha) == big


def test_incompressible_data_is_stored_as_is_and_can_be_a_base(
    store: BlobStore, conn: sqlite3.Connection
) -> None:
    noise = random.Random(9).randbytes(50_000)
    first = store.put(noise)
    assert _row(conn, first)[:2] == (None, STORED)
    second = store.put(noise + b"tail", base=first)
    assert _row(conn, second)[:2] == (first, ZSTD_DELTA)
    store.clear_cache()
    assert store.get(second) == noise + b"tail"


def test_root_is_re_encoded_for_speed_once_a_chain_uses_it(
    store: BlobStore, conn: sqlite3.Connection
) -> None:
    history = _history(3, seed=10, paragraphs=150)
    assert len(history[0]) >= FAST_ROOT_MIN
    root = store.put(history[0])
    compact = _row(conn, root)
    assert compact[1] == ZSTD
    child = store.put(history[1], base=root)
    store.put(history[2], base=child)
    fast = _row(conn, root)
    assert fast[1] == ZSTD_FAST
    assert fast[3] != compact[3]
    assert _row(conn, child)[:2] == (root, ZSTD_DELTA)  # a delta is not re-encoded
    store.clear_cache()
    assert [store.get(blob_sha(h)) for h in reversed(history)] == history[::-1]


def test_small_root_stays_compact(store: BlobStore, conn: sqlite3.Connection) -> None:
    first, second = _history(2, seed=11)
    assert len(first) < FAST_ROOT_MIN
    root = store.put(first)
    store.put(second, base=root)
    assert _row(conn, root)[1] == ZSTD


def test_reads_inside_a_transaction_and_on_a_read_only_connection(
    store: BlobStore, conn: sqlite3.Connection, reopen: Callable[..., sqlite3.Connection]
) -> None:
    history = _history(5, seed=12)
    conn.execute("BEGIN IMMEDIATE" if isinstance(conn, sqlite3.Connection) else "BEGIN")
    shas = []
    previous = None
    for data in history:
        previous = store.put(data, base=previous)
        shas.append(previous)
    store.clear_cache()
    assert store.get(shas[-1]) == history[-1]
    assert conn.in_transaction  # the read did not end the caller's transaction
    conn.execute("COMMIT")
    reader = BlobStore(reopen("ro"))
    assert [reader.get(sha) for sha in shas] == history


# -- content addressing ----------------------------------------------------------------------


def test_same_content_same_sha_stored_once(store: BlobStore, conn: sqlite3.Connection) -> None:
    history = _history(3, seed=2)
    first = store.put(history[0])
    again = store.put(history[0], base=store.put(history[1]))
    assert first == again == blob_sha(history[0]) == hashlib.sha256(history[0]).hexdigest()
    assert conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 2
    assert _row(conn, first)[0] is None  # the first encoding stays


def test_put_leaves_the_transaction_to_the_caller(
    store: BlobStore, conn: sqlite3.Connection, reopen: Callable[..., sqlite3.Connection]
) -> None:
    conn.execute("BEGIN")
    sha = store.put(b"draft " * 100)
    assert conn.in_transaction
    other = reopen()
    assert other.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    conn.execute("ROLLBACK")
    # The cache still holds the content, but the store must not think the row exists.
    assert store.put(b"draft " * 100) == sha
    assert other.execute("SELECT count(*) FROM blobs").fetchone()[0] == 1


# -- bases that are ignored ------------------------------------------------------------------


def test_base_that_does_not_pay_is_ignored(store: BlobStore, conn: sqlite3.Connection) -> None:
    unrelated = store.put(random.Random(1).randbytes(20_000))
    text = _history(1, seed=4)[0]
    sha = store.put(text, base=unrelated)
    assert _row(conn, sha)[:2] == (None, ZSTD)


def test_base_that_pays_is_used(store: BlobStore, conn: sqlite3.Connection) -> None:
    first, second = _history(2, seed=4)
    base = store.put(first)
    sha = store.put(second, base=base)
    _, codec, _, data = _row(conn, sha)
    assert codec == ZSTD_DELTA
    assert len(data) < len(_row(conn, base)[3]) / 10


def test_missing_base_is_ignored_not_fatal(store: BlobStore, conn: sqlite3.Connection) -> None:
    sha = store.put(b"new version " * 50, base="0" * 64)
    assert _row(conn, sha)[:2] == (None, ZSTD)


def test_chains_never_grow_past_the_limit(store: BlobStore, conn: sqlite3.Connection) -> None:
    history = _history(MAX_DELTA_DEPTH + 10, seed=6)
    previous = None
    for data in history:
        previous = store.put(data, base=previous)  # always the previous one: an unbounded hint
    assert previous is not None
    assert _depth(conn, previous) <= MAX_DELTA_DEPTH
    store.clear_cache()
    assert store.get(previous) == history[-1]


# -- damage ----------------------------------------------------------------------------------


def test_missing_blob_raises_a_clear_error(store: BlobStore) -> None:
    sha = blob_sha(b"never stored")
    with pytest.raises(MissingBlobError, match=f"blob {sha} is not in the store") as info:
        store.get(sha)
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, StoreError)


def test_broken_chain_raises_a_clear_error(store: BlobStore, conn: sqlite3.Connection) -> None:
    first, second, third = _history(3, seed=8)
    a = store.put(first)
    b = store.put(second, base=a)
    c = store.put(third, base=b)
    if isinstance(conn, sqlite3.Connection):
        conn.execute("PRAGMA foreign_keys = OFF")
    else:
        conn.execute("ALTER TABLE blobs DROP CONSTRAINT blobs_base_fkey")
    conn.execute("DELETE FROM blobs WHERE sha = ?", (a,))
    store.clear_cache()
    with pytest.raises(MissingBlobError, match=f"blob {c} cannot be rebuilt.* {b}, whose base {a}"):
        store.get(c)


def test_damaged_rows_are_reported(store: BlobStore, conn: sqlite3.Connection) -> None:
    sha = store.put(b"some text " * 30)
    conn.execute("UPDATE blobs SET codec = 9 WHERE sha = ?", (sha,))
    store.clear_cache()
    with pytest.raises(StoreError, match=f"blob {sha} is damaged: codec 9 with base None"):
        store.get(sha)
    conn.execute("UPDATE blobs SET codec = ?, size = 1 WHERE sha = ?", (ZSTD, sha))
    with pytest.raises(StoreError, match="decodes to 300 bytes, not 1"):
        store.get(sha)
    conn.execute("UPDATE blobs SET size = 300, data = ? WHERE sha = ?", (b"garbage", sha))
    with pytest.raises(StoreError, match=f"blob {sha} is damaged and cannot be decoded"):
        store.get(sha)


# -- delta_base_seq --------------------------------------------------------------------------


def _chain(seq: int, raw: bool) -> list[int]:
    chain = [seq]
    while (base := delta_base_seq(chain[-1], raw=raw)) is not None:
        chain.append(base)
    return chain


@given(st.integers(min_value=1, max_value=100_000), st.booleans())
def test_base_is_an_earlier_version_of_the_same_period(seq: int, raw: bool) -> None:
    base = delta_base_seq(seq, raw=raw)
    keyframe = seq - (seq - 1) % KEYFRAME_EVERY
    if seq == keyframe:
        assert base is None
    else:
        assert base is not None
        assert keyframe <= base < seq


@given(st.integers(min_value=1, max_value=100_000), st.booleans())
def test_chains_are_short_and_end_at_a_keyframe(seq: int, raw: bool) -> None:
    chain = _chain(seq, raw)
    assert len(chain) - 1 <= (3 if raw else 12)
    assert (chain[-1] - 1) % KEYFRAME_EVERY == 0


def test_text_schedule_mostly_uses_the_previous_version() -> None:
    bases = [delta_base_seq(seq) for seq in range(1, 1 + 4 * KEYFRAME_EVERY)]
    previous = sum(1 for seq, base in enumerate(bases, start=1) if base == seq - 1)
    assert previous == 3 * KEYFRAME_EVERY  # three in four
    depths = sorted(len(_chain(seq, False)) - 1 for seq in range(1, 201))
    assert depths[100] == 5  # median of the first 200


def test_delta_base_seq_rejects_seq_zero() -> None:
    with pytest.raises(ValueError, match="numbered from 1"):
        delta_base_seq(0)
