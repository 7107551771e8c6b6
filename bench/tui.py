"""Benchmark the terminal UI on the big store: 10,000 stories, ~100,000 versions, ~90,000 changes.

    python bench/tui.py [--db PATH] [--rebuild] [--runs N]

The store comes from ``bench/bigstore.py`` (built once in a child process and cached
under /tmp; rebuilt when its schema version differs from the code's). The app then runs
headless and the script prints, as medians of three runs, each against its goal (issue 14):

- first paint: app start to every row of the stories screen drawn (goal 0.3 s);
- open a story: the big 3,000-word story, its rows shown, then its labels shown (goal 0.1 s
  for both);
- diff of 3,000 words shown: the big story's last two versions on the diff screen (0.1 s);
- review queue open: R on the stories screen until the queue's table shows rows (0.3 s);
- a mark: r on the highlighted change until the store has the mark and the queue shows it
  (the row leaves the unreviewed queue, or shows its new state) (goal 50 ms; the mark is
  taken back afterwards, so runs do not eat the queue);
- peak memory: ru_maxrss of this process (goal 150 MB; the store is built elsewhere).

Each run starts the app twice (stories, story, diff; then stories, review queue, mark), so
a view that fails mid-refactor leaves the others measured; failures are printed at the end.
Keys are sent as a terminal sends them (``App.simulate_key``) once the app is idle; each
wait polls every millisecond until the handler has put the data into the widgets, then
allows one refresh (1/60 s) for Textual to paint it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a checkout, not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import BIG_ID, DB, NOW, STORIES, counts, ensure_store

RUNS = 3
TIMEOUT_S = 120.0
PAINT = "first paint"
ROWS = "open a story: rows"
OPEN = "open a story: rows + labels"
DIFF = "diff of 3,000 words shown"
QUEUE = "review queue open"
MARK = "a mark"
# Goals in seconds (issue 14); figures without one are printed for information.
GOALS: dict[str, float] = {PAINT: 0.3, OPEN: 0.1, DIFF: 0.1, QUEUE: 0.3, MARK: 0.05}
GOAL_MEMORY_MB = 150


class TimedOut(Exception):
    pass


def _review_state(path: Path, key: tuple[int, int]) -> str | None:
    """The change's review state as committed (read on a connection of our own)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute(
            "SELECT state FROM reviews WHERE story_id = ? AND seq = ?", key
        ).fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


def _take_back(path: Path, keys: list[tuple[int, int]]) -> None:
    """Remove the benchmark's marks, so the cached store stays as built."""
    conn = sqlite3.connect(path, timeout=5)
    try:
        with conn:
            for key in keys:
                conn.execute("DELETE FROM reviews WHERE story_id = ? AND seq = ?", key)
                conn.execute("DELETE FROM review_log WHERE story_id = ? AND seq = ?", key)
    finally:
        conn.close()


def _press(app: Any, key: str) -> float:
    """Send ``key`` as a terminal would and return when it was sent. Not ``pilot.press``:
    that waits for the whole app to go idle (60 ms for a key that does nothing, here)."""
    app.simulate_key(key)
    return time.perf_counter()


async def _until(pilot: Any, done: Callable[[], bool], what: str) -> None:
    """Until ``done()``: the handler has put the data into the widgets; Textual
    paints them on its next refresh (<= 1/60 s later), added here."""
    deadline = time.perf_counter() + TIMEOUT_S
    while not done():
        if time.perf_counter() > deadline:
            raise TimedOut(f"{what}: not done after {TIMEOUT_S:.0f} s")
        await asyncio.sleep(0.001)
    await asyncio.sleep(1 / 60)


def _screen_is(app: Any, name: str) -> bool:
    return type(app.screen).__name__ == name


async def _first_paint(app: Any, pilot: Any, started: float) -> float:
    await _until(pilot, lambda: len(getattr(app.screen, "shown", ())) == STORIES, "first paint")
    return time.perf_counter() - started


async def story_views(path: Path, figures: dict[str, float]) -> None:
    """First paint, then the big story opened (enter) and its last change diffed (d)."""
    from revtrack.tui.app import make_app

    started = time.perf_counter()
    app = make_app(path, clock=lambda: NOW, refresh_every=0)  # opens the store as the app does
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            figures[PAINT] = await _first_paint(app, pilot, started)
            assert app.screen.selected_story_id() == BIG_ID, "the big story is not on top"

            await pilot.pause()
            t = _press(app, "enter")
            await _until(pilot, lambda: bool(getattr(app.screen, "versions", None)), "rows")
            figures[ROWS] = time.perf_counter() - t
            await _until(pilot, lambda: bool(getattr(app.screen, "entries", None)), "labels")
            figures[OPEN] = time.perf_counter() - t

            await pilot.pause()
            t = _press(app, "d")
            await _until(pilot, lambda: _screen_is(app, "DiffScreen"), "diff screen")
            await _until(pilot, lambda: bool(getattr(app.screen, "ready", False)), "diff")
            figures[DIFF] = time.perf_counter() - t
    finally:
        app.store.close()


async def review_views(path: Path, figures: dict[str, float]) -> None:
    """From the stories screen, the review queue (R), then the first change marked (r)."""
    from revtrack.tui.app import make_app

    marked: list[tuple[int, int]] = []
    started = time.perf_counter()
    app = make_app(path, clock=lambda: NOW, refresh_every=0)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await _first_paint(app, pilot, started)
            await pilot.pause()
            t = _press(app, "R")
            await _until(pilot, lambda: _screen_is(app, "ReviewScreen"), "review screen")
            review: Any = app.screen
            await _until(
                pilot,
                lambda: bool(getattr(review, "loaded", True)) and review.table.row_count > 0,
                "review queue",
            )
            figures[QUEUE] = time.perf_counter() - t

            item = review.selected_item()
            assert item is not None, "no change highlighted"
            key = item.key
            marked.append(key)

            def mark_shown() -> bool:
                # The screen shows a mark only once its transaction committed.
                row = next((i for i in review.shown if i.key == key), None)
                return row is None or str(row.review.state) == "reviewed"

            await pilot.pause()
            t = _press(app, "r")
            await _until(pilot, mark_shown, "the mark")
            figures[MARK] = time.perf_counter() - t
            assert _review_state(path, key) == "reviewed", "the mark is not in the store"
    finally:
        app.store.close()
        if marked:
            _take_back(path, marked)


async def measure(path: Path) -> tuple[dict[str, float], dict[str, str]]:
    """One run: the figures, and what failed (a broken view leaves the others measured)."""
    figures: dict[str, float] = {}
    failed: dict[str, str] = {}
    for views in (story_views, review_views):
        try:
            await views(path, figures)
        except Exception as exc:
            failed[views.__name__] = f"{type(exc).__name__}: {str(exc)[:200]}"
    return figures, failed


def _verdict(name: str, seconds: float) -> str:
    goal = GOALS.get(name)
    if goal is None:
        return ""
    met = "met" if seconds <= goal else "MISSED"
    return f"goal {goal * 1000:5.0f} ms  {met}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    path = ensure_store(args.db, rebuild=args.rebuild)
    print(f"store {path}: {counts(path)}")
    results = [asyncio.run(measure(path)) for _ in range(args.runs)]
    runs = [figures for figures, _ in results]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"median of {len(runs)} runs; load average {load}")
    for name in (PAINT, ROWS, OPEN, DIFF, QUEUE, MARK):
        values = [run[name] for run in runs if name in run]
        if not values:
            print(f"{name:<30} {'-':>8}     {_verdict(name, float('inf')):<22} (not measured)")
            continue
        each = ", ".join(f"{v * 1000:.0f}" for v in values)
        median = statistics.median(values)
        print(f"{name:<30} {median * 1000:8.0f} ms  {_verdict(name, median):<22} ({each})")
    memory = "met" if peak_mb <= GOAL_MEMORY_MB else "MISSED"
    name = "peak memory (ru_maxrss)"
    print(f"{name:<30} {peak_mb:8.0f} MB  goal {GOAL_MEMORY_MB:5d} MB  {memory}")
    for n, (_, failed) in enumerate(results, start=1):
        for views, error in failed.items():
            print(f"run {n}: {views} failed: {error}")


if __name__ == "__main__":
    main()
