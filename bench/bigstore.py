"""The big store the view benchmarks share: 10,000 stories, ~100,000 versions, ~90,000 changes.

    python bench/bigstore.py [--db PATH] [--rebuild]     # build (or check) the cached store

``ensure_store()`` returns the cached store's path, building it first (in a child process,
so the builder's memory never counts against a benchmark) when it is missing, when
``--rebuild`` is asked, or when its schema version (``PRAGMA user_version``) differs from
``revtrack.store.migrations.LATEST``, when a stored change was made by another recipe
than ``revtrack.history.records.RECIPE``, or when the code that built it changed (this
file, ``history.py``, or any module under revtrack/ but cli/ and tui/: a digest is kept
beside the store, in ``revtrack.db.built-by``).

What is in it, and how it gets there:

- story 1, ``BIG_URL``: a 3,000-word live story with 10 versions (``make_history``);
- story 2, ``LONG_URL``: a ~500-word story with 200 versions of small real edits;
- stories 3-22: a pool of 20 stories of ~300 words with 10 versions each;
- stories 23-10,000: SQL copies of the pool (a new story row, the pool story's version
  and change rows with a new story id, url and shifted capture times; the blobs are shared).

Stories 1-22 are recorded through the real capture path: ``Store.add_version`` and
``record_change`` in one transaction, so each real version after a story's first has its
row in ``changes``, made by today's recipe, and opening the store computes nothing. The
copies read their column lists with ``PRAGMA table_info``, so columns added to
``versions`` or ``changes`` later come along. The store lives at ``<home>/revtrack.db``,
so ``revtrack --home <home>`` opens it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a checkout, not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import make_history

from revtrack.article import Article
from revtrack.clock import from_iso, to_iso
from revtrack.store.history import NewVersion
from revtrack.store.migrations import LATEST
from revtrack.store.store import Store

# Bump the folder name when what the builder puts in the store changes.
HOME = Path("/tmp/revtrack-bench-big-v4")
DB = HOME / "revtrack.db"
STORIES = 10_000
VERSIONS = 10  # per story, except the long one
LONG_VERSIONS = 200
POOL = 20
NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
BIG_ID, BIG_URL = 1, "https://big.example.com/live"
LONG_ID, LONG_URL = 2, "https://long.example.com/rolling"
FIRST_COPY = 3 + POOL
VIEWS = ("cli", "tui")  # revtrack/ folders whose changes need no new store


def _new_version(url: str, headline: str, paragraphs: tuple[str, ...], at: datetime) -> NewVersion:
    art = Article(url=url, headline=headline, paragraphs=paragraphs, updated=at)
    raw = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    fingerprint = hashlib.sha256("\n".join((headline, *paragraphs)).encode()).hexdigest()[:32]
    return NewVersion(
        article=art, raw=raw.encode(), fingerprint=fingerprint, captured_at=at,
        url=url, extractor="bench", extractor_version="1",
    )  # fmt: skip


def _recorder() -> Callable[..., Any]:
    """``record_change(store, story, version, article)``, wherever the refactor put it."""
    try:
        from revtrack.history.records import record_change
    except ImportError:  # pragma: no cover - moved mid-refactor
        from revtrack.review import record_change  # type: ignore[attr-defined,no-redef]
    return record_change


def _add_history(
    store: Store, url: str, words: int, versions: int, seed: int, start: datetime
) -> int:
    """A story with ``versions`` real versions, each recorded with its change as capture does."""
    record_change = _recorder()
    story, _ = store.add_story(url, now=start)
    for v in make_history(words, versions, seed):
        at = start + timedelta(minutes=v.minutes)
        new = _new_version(url, v.headline, v.paragraphs, at)
        with store.transaction():
            version = store.add_version(story.id, new)
            record_change(store, store.story(story.id), version, new.article)
    return story.id


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copier(conn: sqlite3.Connection, table: str) -> tuple[str, list[str]]:
    """An INSERT into ``table`` of every column but ``id``, and those columns."""
    columns = [c for c in _columns(conn, table) if c != "id"]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    return sql, columns


def _shift(text: str | None, offset: timedelta) -> str | None:
    return None if text is None else to_iso(from_iso(text) - offset)


def build(path: Path) -> None:
    """Build the store at ``path`` (written beside it, then renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{path.name}.building-{os.getpid()}")  # builders may race
    for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
        leftover.unlink(missing_ok=True)
    store = Store.open(temp)
    start = NOW - timedelta(days=3)
    t = time.perf_counter()
    assert _add_history(store, BIG_URL, 3_000, VERSIONS, 1, NOW - timedelta(hours=10)) == BIG_ID
    long_minutes = make_history(500, LONG_VERSIONS, 7)[-1].minutes
    long_start = NOW - timedelta(minutes=long_minutes, hours=12)  # before the big one
    assert _add_history(store, LONG_URL, 500, LONG_VERSIONS, 7, long_start) == LONG_ID
    pool = [
        _add_history(store, f"https://pool{n}.example.com/s", 300, VERSIONS, n, start)
        for n in range(POOL)
    ]
    print(f"  real histories: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    conn = store.conn
    version_sql, version_cols = _copier(conn, "versions")
    change_sql, change_cols = _copier(conn, "changes")
    pool_versions = {
        sid: conn.execute(
            f"SELECT {', '.join(version_cols)} FROM versions WHERE story_id = ? ORDER BY seq",
            (sid,),
        ).fetchall()
        for sid in pool
    }
    pool_changes = {
        sid: conn.execute(
            f"SELECT {', '.join(change_cols)} FROM changes WHERE story_id = ? ORDER BY seq",
            (sid,),
        ).fetchall()
        for sid in pool
    }

    def copy(
        rows: list[Any], columns: list[str], sid: int, url: str, offset: timedelta
    ) -> list[tuple[Any, ...]]:
        """The pool story's rows for story ``sid``: new id and url, capture times shifted."""
        out = []
        for row in rows:
            values = list(row)
            for i, name in enumerate(columns):
                if name == "story_id":
                    values[i] = sid
                elif name == "url":
                    values[i] = url
                elif name == "captured_at":
                    values[i] = _shift(values[i], offset)
            out.append(tuple(values))
        return out

    with store.transaction():
        for n in range(FIRST_COPY, STORIES + 1):
            url = f"https://site{n % 97}.example.net/story/{n}"
            cur = conn.execute(
                "INSERT INTO stories (url, site, added_at, status, headline, next_check_at)"
                " VALUES (?, ?, ?, 'live', ?, ?)",
                (url, f"site{n % 97}.example.net", to_iso(start), f"Story {n}",
                 to_iso(NOW + timedelta(minutes=n % 600))),
            )  # fmt: skip
            sid = cur.lastrowid
            assert sid is not None
            source = pool[n % POOL]
            offset = timedelta(minutes=n % 2000)
            conn.executemany(
                version_sql, copy(pool_versions[source], version_cols, sid, url, offset)
            )
            conn.executemany(change_sql, copy(pool_changes[source], change_cols, sid, url, offset))
    with store.transaction():
        conn.execute("UPDATE stories SET status = 'live' WHERE status = 'new'")
        conn.execute("UPDATE stories SET headline = 'Live: the big story' WHERE id = ?", (BIG_ID,))
        conn.execute(
            "UPDATE stories SET headline = 'Rolling: the long story' WHERE id = ?", (LONG_ID,)
        )
        conn.execute(
            "UPDATE stories SET last_changed_at ="
            " (SELECT max(captured_at) FROM versions v WHERE v.story_id = stories.id)"
        )
    store.close()
    check = sqlite3.connect(temp)
    check.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    check.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
        temp.with_name(temp.name + suffix).unlink(missing_ok=True)
    temp.replace(path)


def schema_of(path: Path) -> int | None:
    """The cached store's ``PRAGMA user_version``, or None if there is no store."""
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _recipe() -> int | None:
    """The recipe today's code makes changes by, if it says (``RECIPE``)."""
    try:
        from revtrack.history.records import RECIPE
    except ImportError:  # pragma: no cover - moved mid-refactor
        return None
    return int(RECIPE)


def stale_recipe(path: Path) -> bool:
    """Whether some stored change was made by another recipe than today's code's."""
    recipe = _recipe()
    if recipe is None:
        return False
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT 1 FROM changes WHERE recipe != ? LIMIT 1", (recipe,))
        return row.fetchone() is not None
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("stories", "versions", "changes")
        }
    finally:
        conn.close()


def _builder_digest() -> str:
    """What the store is built by: this file, the histories it makes, and the engine that
    records them (every module under revtrack/ but the views in cli/ and tui/), so a
    change to how changes are made or kept never leaves a stale store (a build is ~10 s)."""
    here = Path(__file__).resolve().parent
    package = here.parent / "revtrack"
    engine = (p for p in package.rglob("*.py") if p.relative_to(package).parts[0] not in VIEWS)
    sources = [here / "bigstore.py", here / "history.py", *sorted(engine)]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(str(source.relative_to(here.parent)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".built-by")


def ensure_store(path: Path = DB, *, rebuild: bool = False) -> Path:
    """The cached store at ``path``, built in a child process when missing or stale."""
    schema = schema_of(path)
    stamp = _stamp(path)
    built_by = stamp.read_text().strip() if stamp.exists() else ""
    reason = (
        "asked" if rebuild
        else "missing" if schema is None
        else "built by other code" if built_by != _builder_digest()
        else f"schema {schema}, revtrack wants {LATEST}" if schema != LATEST
        else "changes made by another recipe" if stale_recipe(path)
        else ""
    )  # fmt: skip
    if reason:
        print(f"building {path} ({reason}) ...", file=sys.stderr)
        t = time.perf_counter()
        stamp.unlink(missing_ok=True)
        digest = _builder_digest()  # before: code edited during the build makes it stale
        subprocess.run([sys.executable, __file__, "--build-only", "--db", str(path)], check=True)
        stamp.write_text(digest + "\n")
        print(f"built {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.db)
        return
    path = ensure_store(args.db, rebuild=args.rebuild)
    print(f"{path}: schema {schema_of(path)}, {counts(path)}")


if __name__ == "__main__":
    main()
