"""Benchmark the diff engine beside git's word diff and difflib, in the same run.

    python bench/diff.py [--pairs N] [--rounds N]

For stories of 800, 3,000 and 15,000 words (200-version histories from
``bench/history.py``) it times consecutive versions and the far pair (first vs last):
``revtrack.diff.diff_articles`` on the two Articles, ``git diff --no-index
--word-diff`` on the same texts as a process, and ``difflib.SequenceMatcher`` on their
words. Engines are interleaved pair by pair, so load on the machine hits all of them
alike; times are wall-clock medians. Then a whole 200-version history of the
3,000-word story is diffed end to end. The goals are checked at the end.
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a checkout, not installed

from history import Version, make_history

from revtrack.article import Article
from revtrack.diff import diff_articles

SIZES = (800, 3_000, 15_000)
VERSIONS = 200
SEED = 1
GOAL_CONSECUTIVE = 0.5  # x git, at 3,000 words
GOAL_FAR = 5.0  # x git
GOAL_HISTORY_S = 0.2  # whole 200-version history of the 3,000-word story


@dataclass(frozen=True, slots=True)
class Pair:
    before: Article
    after: Article
    before_file: Path
    after_file: Path
    before_words: list[str]
    after_words: list[str]


@dataclass(frozen=True, slots=True)
class Row:
    case: str
    words: int
    revtrack: float
    git: float
    difflib: float
    degraded: bool


def _article(version: Version) -> Article:
    return Article(
        url="https://example.com/live",
        headline=version.headline,
        paragraphs=version.paragraphs,
        updated=version.updated,
    )


def _pairs(history: list[Version], folder: Path) -> tuple[list[Pair], Pair]:
    files = []
    for version in history:
        path = folder / f"v{version.seq:03}.txt"
        path.write_text(version.text + "\n", encoding="utf-8")
        files.append(path)
    articles = [_article(v) for v in history]
    words = [v.text.split() for v in history]

    def pair(a: int, b: int) -> Pair:
        return Pair(articles[a], articles[b], files[a], files[b], words[a], words[b])

    consecutive = [pair(k, k + 1) for k in range(len(history) - 1)]
    return consecutive, pair(0, len(history) - 1)


def _git(pair: Pair) -> None:
    subprocess.run(
        ["git", "diff", "--no-index", "--word-diff=plain", "--no-color", "--",
         str(pair.before_file), str(pair.after_file)],
        stdout=subprocess.PIPE, check=False, env=_GIT_ENV,
    )  # fmt: skip


_GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def _difflib(pair: Pair) -> None:
    difflib.SequenceMatcher(None, pair.before_words, pair.after_words).get_opcodes()


def _revtrack(pair: Pair) -> bool:
    return diff_articles(pair.before, pair.after).degraded


def _timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _measure(pairs: list[Pair], rounds: int) -> tuple[float, float, float, bool]:
    """Median seconds per pair for revtrack, git and difflib, and whether any degraded."""
    times: dict[str, list[float]] = {"revtrack": [], "git": [], "difflib": []}
    degraded = False
    engines: list[tuple[str, Callable[[Pair], object]]] = [
        ("revtrack", _revtrack), ("git", _git), ("difflib", _difflib),
    ]  # fmt: skip
    for round_ in range(rounds):
        for k, pair in enumerate(pairs):
            shift = (round_ + k) % len(engines)  # rotate who goes first
            for name, engine in engines[shift:] + engines[:shift]:
                seconds, result = _timed(partial(engine, pair))
                times[name].append(seconds)
                degraded = degraded or result is True
    medians = (statistics.median(times[n]) for n in ("revtrack", "git", "difflib"))
    revtrack, git, difflib_ = medians
    return revtrack, git, difflib_, degraded


def _sample(pairs: list[Pair], count: int) -> list[Pair]:
    step = max(1, len(pairs) // count)
    return pairs[::step][:count]


def _each(engine: Callable[[Pair], object], pairs: list[Pair]) -> None:
    for pair in pairs:
        engine(pair)


def _history_run(pairs: list[Pair], rounds: int) -> tuple[float, float]:
    """Seconds to diff every consecutive pair end to end: revtrack, and git as processes.

    The best of ``rounds``: on a shared machine the minimum is the least disturbed run.
    """
    revtrack, git = [], []
    for _ in range(rounds):
        revtrack.append(_timed(partial(_each, _revtrack, pairs))[0])
        git.append(_timed(partial(_each, _git, pairs))[0])
    return min(revtrack), min(git)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.2f} ms"


def _print_table(rows: list[Row], history: tuple[float, float]) -> None:
    print(f"{'case':<24} {'words':>6} {'revtrack':>11} {'git':>11} {'difflib':>11} "
          f"{'rt/git':>7}  degraded")  # fmt: skip
    for row in rows:
        print(
            f"{row.case:<24} {row.words:>6,} {_ms(row.revtrack)} {_ms(row.git)} "
            f"{_ms(row.difflib)} {row.revtrack / row.git:6.2f}x  {'yes' if row.degraded else 'no'}"
        )
    revtrack, git = history
    print(
        f"{'history, 199 diffs':<24} {3000:>6,} {_ms(revtrack)} {_ms(git)} {'-':>11} "
        f"{revtrack / git:6.2f}x  (totals; git = 199 processes)"
    )


def _check_goals(rows: list[Row], history_s: float) -> bool:
    by_case = {(r.case.split()[0], r.words): r for r in rows}
    consecutive, far = by_case[("consecutive", 3_000)], by_case[("far", 3_000)]
    far_rows = [r for r in rows if r.case.startswith("far")]
    goals = [
        (f"consecutive, 3,000 words <= {GOAL_CONSECUTIVE}x git",
         consecutive.revtrack <= GOAL_CONSECUTIVE * consecutive.git),
        (f"far pair, 3,000 words <= {GOAL_FAR:g}x git, not degraded",
         far.revtrack <= GOAL_FAR * far.git and not far.degraded),
        (f"far pairs, all sizes <= {GOAL_FAR:g}x git, not degraded",
         all(r.revtrack <= GOAL_FAR * r.git and not r.degraded for r in far_rows)),
        (f"whole history, 3,000 words < {GOAL_HISTORY_S} s", history_s < GOAL_HISTORY_S),
    ]  # fmt: skip
    print()
    for text, ok in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for _, ok in goals)


def _cold_far_ms(words: int) -> float:
    """The far pair diffed once in a fresh process: no cache has seen its paragraphs."""
    history = make_history(words, VERSIONS, SEED)
    first, last = _article(history[0]), _article(history[-1])
    started = time.perf_counter()
    diff_articles(first, last)
    return (time.perf_counter() - started) * 1000


def _print_cold() -> None:
    parts = []
    for words in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, "--cold", str(words)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        parts.append(f"{words:,} words {float(out.stdout):.1f} ms")
    print("far pair, first diff in a fresh process (caches cold): " + ", ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40, help="consecutive pairs sampled")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the pairs")
    parser.add_argument("--cold", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        print(_cold_far_ms(args.cold))
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.2f}; wall-clock medians\n")
    rows: list[Row] = []
    history = (0.0, 0.0)
    with tempfile.TemporaryDirectory(prefix="revtrack-bench-") as tmp:
        for words in SIZES:
            folder = Path(tmp) / str(words)
            folder.mkdir()
            consecutive, far = _pairs(make_history(words, VERSIONS, SEED), folder)
            sample = _sample(consecutive, args.pairs)
            rows.append(Row("consecutive", words, *_measure(sample, args.rounds)))
            rows.append(Row("far (v1 vs v200)", words, *_measure([far], 3 * args.rounds + 2)))
            if words == 3_000:
                history = _history_run(consecutive, args.rounds)
    _print_table(rows, history)
    _print_cold()
    _check_goals(rows, history[0])


if __name__ == "__main__":
    main()
