"""Content-addressed, zstd-compressed, delta-encoded blobs in SQLite.

A blob is keyed by the sha256 of its content and stored in one of four codecs:

- ``STORED`` (0): the content as is (the empty blob, or content zstd cannot shrink);
- ``ZSTD`` (1): one zstd frame, no dictionary, compressed at the store's level;
- ``ZSTD_DELTA`` (2): one zstd frame compressed with the content of the blob ``base``
  as a raw-content dictionary, so a version costs little more than its edits;
- ``ZSTD_FAST`` (3): a ``ZSTD`` blob re-encoded for decoding speed when it first became
  a delta base (see ``FAST_ROOT_MIN``).

Frames are written without the 4-byte magic number, checksum or dictionary id (the
sha256 key already identifies the content); they keep the content size, which chain
decoding needs. Reading a delta fetches its chain in one read transaction and decodes
it, root first, in one call; ``delta_base_seq`` keeps every chain short.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Final

import zstandard as zstd

from revtrack.errors import StoreError
from revtrack.store.sql import Dialect, SQLConnection

__all__ = [
    "KEYFRAME_EVERY",
    "MAX_DELTA_DEPTH",
    "RAW_PAGE_LEVEL",
    "STORED",
    "ZSTD",
    "ZSTD_DELTA",
    "ZSTD_FAST",
    "BlobStore",
    "MissingBlobError",
    "blob_sha",
    "delta_base_seq",
]

# Raw pages are 60-120 KB: level 12 costs ~1 ms a page instead of 10-20 ms at 19,
# for 2-4% more bytes (bench/storage.py).
RAW_PAGE_LEVEL: Final = 12

STORED: Final = 0
ZSTD: Final = 1
ZSTD_DELTA: Final = 2
ZSTD_FAST: Final = 3
_CODECS: Final = frozenset({STORED, ZSTD, ZSTD_DELTA, ZSTD_FAST})

KEYFRAME_EVERY: Final = 256
_TEXT_RADIX: Final = 4
_RAW_RADIX: Final = 8

MAX_DELTA_DEPTH: Final = 16
"""A base already this many deltas deep is ignored, whatever the caller asks."""

FAST_ROOT_MIN: Final = 32 * 1024
"""A root this large becomes ``ZSTD_FAST`` when a delta first uses it as a base.

Every read of a version decodes the root of its chain. For a 100 KB page that is most
of a cold read: a frame without entropy-coded literals takes ~1.4x the bytes of a
level-19 one but decodes ~1.7x faster. Smaller roots (articles) decode fast anyway and
keep their bytes; roots no delta uses (single-version stories) stay compact too.
"""
_FAST_LEVEL: Final = 1
_FAST_TUNING: Final = {"strategy": zstd.STRATEGY_FAST, "target_length": 1, "min_match": 7}

_CHAIN_LIMIT: Final = MAX_DELTA_DEPTH + 8  # rows a chain query may return, minus one

_MAX_WINDOW_LOG: Final = 27  # the largest window a zstd decoder accepts by default
_MAGIC: Final = b"\x28\xb5\x2f\xfd"
_DELTA_PAYS: Final = 0.9  # keep a delta only below this fraction of the plain frame
_SURELY_PAYS: Final = 8  # a delta under 1/8 of the content beats any plain frame of text

_ROW_SQL: Final = "SELECT sha, base, codec, size, data FROM blobs WHERE sha = ?"

_DEPTH_SQL: Final = f"""
WITH RECURSIVE chain (depth, base) AS (
    SELECT 0, base FROM blobs WHERE sha = ?
    UNION ALL
    SELECT chain.depth + 1, blobs.base FROM chain JOIN blobs ON blobs.sha = chain.base
    WHERE chain.depth < {_CHAIN_LIMIT}
)
SELECT max(depth) FROM chain
"""

_Row = tuple[str, str | None, int, int, bytes]  # sha, base, codec, size, data


class MissingBlobError(StoreError, KeyError):
    """A blob, or a delta base on its chain, is not in the store."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "missing blob"


def blob_sha(data: bytes) -> str:
    """The key of ``data``: its sha256, as 64 lowercase hex digits."""
    return hashlib.sha256(data).hexdigest()


def delta_base_seq(seq: int, *, raw: bool = False) -> int | None:
    """Which earlier version of a story version ``seq`` (1-based) is delta-encoded against.

    ``None`` makes a keyframe: one every ``KEYFRAME_EVERY`` versions, so no chain ever
    crosses more than one period. Inside a period, write ``k`` (the offset from the
    keyframe) in base ``r`` and take its lowest nonzero digit:

    - extracted articles (``raw=False``, r = 4): decrement that digit. Three versions in
      four are deltas against the previous one, which is what makes text small; the
      chain is the digit sum of ``k``: median 5, at most 12.
    - raw pages (``raw=True``, r = 8): clear that digit. Every version is at most three
      deltas from its keyframe: a page's deltas are dominated by per-capture noise that
      no base removes, while each step of a chain costs a 100 KB decode.
    """
    if seq < 1:
        raise ValueError(f"versions are numbered from 1, not {seq}")
    k = (seq - 1) % KEYFRAME_EVERY
    if k == 0:
        return None
    radix = _RAW_RADIX if raw else _TEXT_RADIX
    place = 1
    while k // place % radix == 0:
        place *= radix
    step = k // place % radix * place if raw else place
    return seq - step


class BlobStore:
    """Blobs on one connection. ``put`` never commits: the caller owns the transaction."""

    def __init__(
        self, conn: SQLConnection, *, level: int = 19, cache_size: int = 64,
        dialect: Dialect | None = None,
    ) -> None:  # fmt: skip
        self._conn = conn
        # The connection's own (postgres.PgConnection has one); sqlite3's has none.
        self._dialect: Dialect = dialect or (
            "postgresql" if getattr(conn, "dialect", None) == "postgresql" else "sqlite"
        )
        self._level = level
        self._params: dict[tuple[int, int, bool], zstd.ZstdCompressionParameters] = {}
        self._dctx = zstd.ZstdDecompressor()
        self._lock = threading.RLock()  # guards the cache and the (unshareable) zstd context
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._cache_size = cache_size

    # -- writing ---------------------------------------------------------------------------

    def put(self, data: bytes, *, base: str | None = None, level: int | None = None) -> str:
        """Store ``data`` (once) and return its sha.

        ``base`` names a stored blob to delta-encode against. It is a hint: ignored when
        the delta is not clearly smaller than a plain frame, when the base's chain is
        already ``MAX_DELTA_DEPTH`` deltas deep, and when the base is missing or cannot be
        rebuilt (damage to an old version must never stop a new one from being saved).
        ``level`` overrides the store's zstd level for this blob (cheaper for big pages).
        """
        sha = blob_sha(data)
        if not self._exists(sha):
            base_data = self._base_content(base)
            codec, payload = self._encode(data, base_data, level or self._level)
            if codec == ZSTD_DELTA and base is not None and base_data is not None:
                self._speed_up_root(base, base_data)
            self._conn.execute(
                "INSERT INTO blobs (sha, base, codec, size, data) VALUES (?, ?, ?, ?, ?)",
                (sha, base if codec == ZSTD_DELTA else None, codec, len(data), payload),
            )
        self._remember(sha, data)
        return sha

    def _exists(self, sha: str) -> bool:
        # Ask the database, never the cache: the cache outlives rolled-back transactions.
        row = self._conn.execute("SELECT 1 FROM blobs WHERE sha = ?", (sha,)).fetchone()
        return row is not None

    def _base_content(self, base: str | None) -> bytes | None:
        if base is None or not self._exists(base):
            return None
        depth = self._conn.execute(_DEPTH_SQL, (base,)).fetchone()[0]
        if depth >= MAX_DELTA_DEPTH:
            return None
        try:
            return self.get(base)
        except StoreError:
            return None

    def _encode(self, data: bytes, base_data: bytes | None, level: int) -> tuple[int, bytes]:
        if not data:
            return STORED, b""
        delta = None
        if base_data:
            delta = self._compress(data, base_data, level=level)
            if len(delta) * _SURELY_PAYS <= len(data):
                return ZSTD_DELTA, delta
        plain = self._compress(data, None, level=level)
        if delta is not None and len(delta) < _DELTA_PAYS * len(plain):
            return ZSTD_DELTA, delta
        if len(plain) < len(data):
            return ZSTD, plain
        return STORED, data

    def _speed_up_root(self, sha: str, content: bytes) -> None:
        """Re-encode a large ``ZSTD`` root for decoding speed, now that a chain hangs on it.

        Safe at any time: the blobs that use it as a base depend on its content only.
        """
        if len(content) < FAST_ROOT_MIN:
            return
        row = self._conn.execute("SELECT codec FROM blobs WHERE sha = ?", (sha,)).fetchone()
        if row is not None and row[0] == ZSTD:
            self._conn.execute(
                "UPDATE blobs SET codec = ?, data = ? WHERE sha = ?",
                (ZSTD_FAST, self._compress(content, None, fast=True), sha),
            )

    def _compress(
        self, data: bytes, base_data: bytes | None, *, level: int | None = None, fast: bool = False
    ) -> bytes:
        level = level or self._level
        if base_data is None:
            params = self._params_for(len(data), level=level, fast=fast)
            return zstd.ZstdCompressor(compression_params=params).compress(data)
        params = self._params_for(len(data) + len(base_data), level=level, fast=fast)
        dictionary = zstd.ZstdCompressionDict(base_data, dict_type=zstd.DICT_TYPE_RAWCONTENT)
        return zstd.ZstdCompressor(dict_data=dictionary, compression_params=params).compress(data)

    def _params_for(self, span: int, *, level: int, fast: bool) -> zstd.ZstdCompressionParameters:
        """Frame parameters whose window covers ``span`` bytes (base and content) if it can."""
        level, tuning = (_FAST_LEVEL, _FAST_TUNING) if fast else (level, {})
        default = zstd.ZstdCompressionParameters.from_level(level).window_log
        window_log = max(default, min(_MAX_WINDOW_LOG, span.bit_length()))
        key = (window_log, level, fast)
        if key not in self._params:
            self._params[key] = zstd.ZstdCompressionParameters.from_level(
                level,
                window_log=window_log,
                format=zstd.FORMAT_ZSTD1_MAGICLESS,
                write_content_size=1,
                write_checksum=0,
                write_dict_id=0,
                **tuning,
            )
        return self._params[key]

    # -- reading ---------------------------------------------------------------------------

    def get(self, sha: str) -> bytes:
        """The content of blob ``sha``; raises ``MissingBlobError`` if it cannot be rebuilt."""
        with self._lock:
            data = self._cache.get(sha)
            if data is not None:
                self._cache.move_to_end(sha)
                return data
            data = self._decode(sha, self._fetch_chain(sha))
            self._remember(sha, data)
            return data

    def _fetch_chain(self, sha: str) -> list[_Row]:
        """The rows of ``sha`` and of its bases, target first, read in one transaction.

        (A savepoint opens one if the caller has none: measurably faster than a
        recursive query, which copies every row's data through its queue.)
        """
        rows: list[_Row] = []
        # PostgreSQL takes a savepoint only inside a transaction: outside, open one.
        own = self._dialect != "sqlite" and not self._conn.in_transaction
        self._conn.execute("BEGIN" if own else "SAVEPOINT blob_chain")
        try:
            key: str | None = sha
            while key is not None and len(rows) <= _CHAIN_LIMIT:
                row = self._conn.execute(_ROW_SQL, (key,)).fetchone()
                if row is None:
                    break
                rows.append(row)
                key = row[1]
        finally:
            if own:
                self._conn.rollback()  # it only read
            else:
                self._conn.execute("RELEASE blob_chain")
        return rows

    def clear_cache(self) -> None:
        """Forget every cached content (the next reads go to the database)."""
        with self._lock:
            self._cache.clear()

    def _remember(self, sha: str, data: bytes) -> None:
        with self._lock:
            self._cache[sha] = data
            self._cache.move_to_end(sha)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _decode(self, sha: str, rows: Sequence[_Row]) -> bytes:
        """Rebuild the first of ``rows`` (a chain, target first, root last)."""
        if not rows:
            raise MissingBlobError(f"blob {sha} is not in the store")
        _check_chain(sha, rows)
        try:
            data = self._rebuild(rows)
        except (zstd.ZstdError, ValueError) as exc:
            raise StoreError(f"blob {sha} is damaged and cannot be decoded: {exc}") from None
        if len(data) != rows[0][3]:
            raise StoreError(f"blob {sha} decodes to {len(data)} bytes, not {rows[0][3]}")
        return data

    def _rebuild(self, rows: Sequence[_Row]) -> bytes:
        start = next((k for k in range(1, len(rows)) if rows[k][0] in self._cache), None)
        if start is not None:  # a base on the chain is cached: start from it
            return self._replay(self._cache[rows[start][0]], rows[:start])
        if rows[-1][2] == STORED:
            return self._replay(rows[-1][4], rows[:-1])
        frames: list[bytes | bytearray | memoryview[int]] = [
            _MAGIC + row[4] for row in reversed(rows)
        ]
        return self._dctx.decompress_content_dict_chain(frames)

    def _replay(self, data: bytes, deltas: Sequence[_Row]) -> bytes:
        """Apply ``deltas`` (target first) on top of the content ``data`` of their root."""
        for row in reversed(deltas):
            dictionary = zstd.ZstdCompressionDict(data, dict_type=zstd.DICT_TYPE_RAWCONTENT)
            data = zstd.ZstdDecompressor(dict_data=dictionary).decompress(_MAGIC + row[4])
        return data


def _check_chain(sha: str, rows: Sequence[_Row]) -> None:
    """Refuse a chain that does not end at a root, or holds a codec we do not know."""
    last_sha, last_base = rows[-1][0], rows[-1][1]
    if last_base is not None and len(rows) > _CHAIN_LIMIT:
        raise StoreError(f"blob {sha} has a delta chain longer than {_CHAIN_LIMIT}: damaged store")
    if last_base is not None:
        raise MissingBlobError(
            f"blob {sha} cannot be rebuilt: its delta chain breaks at {last_sha},"
            f" whose base {last_base} is not in the store"
        )
    for row_sha, base, codec, _size, _data in rows:
        if codec not in _CODECS or (codec == ZSTD_DELTA) != (base is not None):
            raise StoreError(f"blob {row_sha} is damaged: codec {codec} with base {base}")
