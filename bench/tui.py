"""Benchmark the terminal UI on a big store: 10,000 stories, 100,000 versions.

    python bench/tui.py [--db PATH] [--rebuild]

The store is built once (a 3,000-word live story with 10 versions from
``bench/history.py``, and 9,999 stories whose version rows share a pool of small
articles, inserted with plain SQL) and cached under /tmp. The app then runs headless
and the script prints: time to first paint of the stories screen (app start to all
rows drawn), time to open the big story (rows shown, then labels computed), time to
show a diff of its last two versions (if the diff screen is built), medians of three
runs, and peak memory
(ru_maxrss of this process; the store is built in a child process).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a checkout, not installed

from history import make_history

from revtrack.article import Article
from revtrack.clock import to_iso
from revtrack.store.history import NewVersion
from revtrack.store.store import Store

DB = Path("/tmp/revtrack-bench-tui-v3.db")
STORIES = 10_000
VERSIONS = 10
POOL = 20
NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
GOAL_PAINT_S = 0.5
RUNS = 3
GOAL_MEMORY_MB = 200


def _new_version(url: str, headline: str, paragraphs: tuple[str, ...], at: datetime) -> NewVersion:
    art = Article(url=url, headline=headline, paragraphs=paragraphs, updated=at)
    raw = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    return NewVersion(
        article=art, raw=raw.encode(), fingerprint=f"{hash(paragraphs)}", captured_at=at,
        url=url, extractor="bench", extractor_version="1",
    )  # fmt: skip


def _add_history(
    store: Store, url: str, words: int, seed: int, start: datetime
) -> list[tuple[Any, ...]]:
    story, _ = store.add_story(url, now=start)
    for v in make_history(words, VERSIONS, seed):
        at = start + timedelta(minutes=v.minutes)
        with store.transaction():
            store.add_version(story.id, _new_version(url, v.headline, v.paragraphs, at))
    rows = store.conn.execute(
        "SELECT seq, kind, captured_at, updated_at, fingerprint, article_sha, raw_sha, headline,"
        " word_count FROM versions WHERE story_id = ? ORDER BY seq",
        (story.id,),
    ).fetchall()
    return [tuple(r) for r in rows]


def build(path: Path) -> None:
    """The big store: real histories for the pool, SQL copies for the rest."""
    path.unlink(missing_ok=True)
    store = Store.open(path)
    start = NOW - timedelta(days=3)
    _add_history(store, "https://big.example.com/live", 3_000, 1, NOW - timedelta(hours=10))
    pool = [_add_history(store, f"https://pool{n}.example.com/s", 300, n, start)
            for n in range(POOL)]  # fmt: skip
    with store.transaction():
        for n in range(2 + POOL, STORIES + 1):
            url = f"https://site{n % 97}.example.net/story/{n}"
            cur = store.conn.execute(
                "INSERT INTO stories (url, site, added_at, status, headline, next_check_at)"
                " VALUES (?, ?, ?, 'live', ?, ?)",
                (url, f"site{n % 97}.example.net", to_iso(start), f"Story {n}",
                 to_iso(NOW + timedelta(minutes=n % 600))),
            )  # fmt: skip
            sid = cur.lastrowid
            offset = timedelta(minutes=n % 2000)
            store.conn.executemany(
                "INSERT INTO versions (story_id, seq, kind, captured_at, updated_at,"
                " fingerprint, article_sha, raw_sha, url, headline, word_count, extractor,"
                " extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,'bench','1')",
                [
                    (sid, seq, kind, to_iso(datetime.fromisoformat(at[:-1]) - offset), upd,
                     fp, a_sha, r_sha, url, head, words)
                    for seq, kind, at, upd, fp, a_sha, r_sha, head, words in pool[n % POOL]
                ],
            )  # fmt: skip
    with store.transaction():
        store.conn.execute("UPDATE stories SET headline = 'Live: the big story' WHERE id = 1")
        store.conn.execute(
            "UPDATE stories SET last_changed_at ="
            " (SELECT max(captured_at) FROM versions v WHERE v.story_id = stories.id)"
        )
    store.close()


async def measure(path: Path) -> dict[str, float]:
    from textual.pilot import Pilot

    from revtrack.tui.app import RevtrackApp

    figures: dict[str, float] = {}

    async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
        """Until ``done()``: the handler has put the data into the widgets; Textual
        paints them on its next refresh (<= 1/60 s later), added here."""
        while not done():
            await asyncio.sleep(0.001)
        await asyncio.sleep(1 / 60)

    started = time.perf_counter()
    app = RevtrackApp(Store.open(path), clock=lambda: NOW, refresh_every=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(getattr(app.screen, "shown", ())) == STORIES)
        figures["first paint (s)"] = time.perf_counter() - started
        assert app.screen.selected_story_id() == 1  # type: ignore[attr-defined]
        t = time.perf_counter()
        app.screen.action_open_story()  # type: ignore[attr-defined]  # the enter key's action
        await until(pilot, lambda: bool(getattr(app.screen, "versions", None)))
        figures["open story: rows (s)"] = time.perf_counter() - t
        await until(pilot, lambda: bool(getattr(app.screen, "entries", None)))
        figures["open story: labels of 10 versions (s)"] = time.perf_counter() - t
        t = time.perf_counter()
        app.screen.action_diff()  # type: ignore[attr-defined]  # the d key's action
        if type(app.screen).__name__ == "DiffScreen":
            await until(pilot, lambda: bool(getattr(app.screen, "ready", False)))
            figures["diff of 3,000 words shown (s)"] = time.perf_counter() - t
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.db)
        return
    if args.rebuild or not args.db.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build-only", "--db", str(args.db)], check=True)
        print(f"built {args.db} in {time.perf_counter() - t:.1f} s")
    runs = [asyncio.run(measure(args.db)) for _ in range(RUNS)]
    figures = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    paints = ", ".join(f"{run['first paint (s)'] * 1000:.0f}" for run in runs)
    print(f"median of {RUNS} runs (first paint per run: {paints} ms)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, value in figures.items():
        print(f"{name:<40} {value * 1000:8.0f} ms")
    print(f"{'peak memory (ru_maxrss)':<40} {peak_mb:8.0f} MB")
    paint = "met" if figures["first paint (s)"] <= GOAL_PAINT_S else "MISSED"
    memory = "met" if peak_mb <= GOAL_MEMORY_MB else "MISSED"
    print(f"goals: first paint <= {GOAL_PAINT_S} s {paint}; memory <= {GOAL_MEMORY_MB} MB {memory}")


if __name__ == "__main__":
    main()
