"""Storage benchmark: revtrack's blob store against ``git gc --aggressive``.

For an 800- and a 3,000-word story (extracted text, and separately the raw HTML
pages around it), stores a generated history one version per transaction, as
revtrack does, and prints bytes against git's packed blob bytes, random-version
read times with a cold cache, and the write time per version.

    python bench/storage.py [--versions 200] [--seed 1] [--words 800 3000]

Read times: every read clears the blob cache first and goes through SQLite. Reads
run in interleaved rounds; the table shows the round with the lowest median, so
that other processes on the machine do not decide the result.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from history import make_history, render_page  # noqa: E402

from revtrack.store.blobs import (  # noqa: E402
    RAW_PAGE_LEVEL,
    BlobStore,
    delta_base_seq,
)
from revtrack.store.migrations import apply_migrations  # noqa: E402

GOAL_RATIO = 1.0  # revtrack blob bytes / git blob bytes
GOAL_MEDIAN_US = 200.0


@dataclass
class Case:
    """One history to store: a label and its versions as bytes."""

    label: str
    raw: bool  # raw HTML pages (else extracted text)
    blobs: list[bytes]


@dataclass
class Result:
    case: Case
    git_bytes: int = 0
    blob_bytes: int = 0
    file_bytes: int = 0
    write_ms: float = 0.0
    max_depth: int = 0
    rounds: list[list[float]] = field(default_factory=list)  # read times (s), per round

    @property
    def best_round(self) -> list[float]:
        return min(self.rounds, key=statistics.median)

    @property
    def ratio(self) -> float:
        return self.blob_bytes / self.git_bytes

    @property
    def median_us(self) -> float:
        return statistics.median(self.best_round) * 1e6

    @property
    def p95_us(self) -> float:
        times = sorted(self.best_round)
        return times[int(len(times) * 0.95)] * 1e6


# -- git -------------------------------------------------------------------------------------


def git_blob_bytes(blobs: Sequence[bytes]) -> int:
    """Bytes of all blobs in a repo with one commit per version, after ``gc --aggressive``."""
    with tempfile.TemporaryDirectory() as repo:

        def git(*args: str, data: bytes | None = None) -> str:
            done = subprocess.run(
                ["git", "-C", repo, *args], input=data, capture_output=True, check=True
            )
            return done.stdout.decode()

        git("init", "-q")
        git("fast-import", "--quiet", data=_fast_import_stream(blobs))
        git("gc", "--aggressive", "--prune=now", "--quiet")
        listing = git(
            "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize:disk)"
        )
        return sum(
            int(size) for kind, size in map(str.split, listing.splitlines()) if kind == "blob"
        )


def _fast_import_stream(blobs: Sequence[bytes]) -> bytes:
    """One commit per version of ``story``, as ``git fast-import`` reads them."""
    parts = []
    for seq, blob in enumerate(blobs, start=1):
        message = f"version {seq}".encode()
        parts += [
            b"commit refs/heads/main\n",
            b"committer bench <bench@example.com> %d +0000\n" % (1_700_000_000 + 60 * seq),
            b"data %d\n%s\n" % (len(message), message),
            b"M 100644 inline story\ndata %d\n%s\n" % (len(blob), blob),
        ]
    return b"".join(parts)


# -- revtrack --------------------------------------------------------------------------------


def open_store(path: Path, *, level: int) -> tuple[sqlite3.Connection, BlobStore]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    apply_migrations(conn)
    return conn, BlobStore(conn, level=level)


def write_history(store: BlobStore, conn: sqlite3.Connection, case: Case) -> list[str]:
    """Store every version as the store does: one transaction each, delta hint by seq."""
    shas: list[str] = []
    for seq, blob in enumerate(case.blobs, start=1):
        base_seq = delta_base_seq(seq, raw=case.raw)
        conn.execute("BEGIN IMMEDIATE")
        base = None if base_seq is None else shas[base_seq - 1]
        shas.append(store.put(blob, base=base, level=RAW_PAGE_LEVEL if case.raw else None))
        conn.execute("COMMIT")
    return shas


def chain_depth(conn: sqlite3.Connection, sha: str) -> int:
    depth = 0
    while (row := conn.execute("SELECT base FROM blobs WHERE sha = ?", (sha,)).fetchone())[0]:
        sha, depth = row[0], depth + 1
    return depth


def timed_reads(store: BlobStore, shas: list[str], n: int, rng: random.Random) -> list[float]:
    times = []
    for _ in range(n):
        sha = rng.choice(shas)
        store.clear_cache()
        start = time.perf_counter()
        store.get(sha)
        times.append(time.perf_counter() - start)
    return times


@dataclass
class Stored:
    result: Result
    store: BlobStore
    shas: list[str]


def store_case(case: Case, workdir: Path, *, level: int) -> Stored:
    path = workdir / f"{case.label.replace(' ', '-').replace(',', '')}.sqlite"
    conn, store = open_store(path, level=level)
    start = time.perf_counter()
    shas = write_history(store, conn, case)
    write_s = (time.perf_counter() - start) / len(case.blobs)
    store.clear_cache()
    if any(store.get(sha) != blob for sha, blob in zip(shas, case.blobs, strict=True)):
        raise SystemExit(f"{case.label}: a version did not read back intact")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result = Result(
        case,
        blob_bytes=conn.execute("SELECT sum(length(data)) FROM blobs").fetchone()[0],
        file_bytes=os.path.getsize(path),
        write_ms=write_s * 1e3,
        max_depth=max(chain_depth(conn, sha) for sha in shas),
    )
    return Stored(result, store, shas)


# -- report ----------------------------------------------------------------------------------


def make_cases(words: Sequence[int], versions: int, seed: int) -> list[Case]:
    cases = []
    for count in words:
        history = make_history(count, versions, seed)
        pages = [render_page(v, seed=seed, noise_index=v.seq) for v in history]
        cases.append(Case(f"{count:,} words, text", False, [v.text.encode() for v in history]))
        cases.append(Case(f"{count:,} words, raw HTML", True, [p.encode() for p in pages]))
    return cases


def _kb(n: int) -> str:
    return f"{n / 1000:,.1f} KB"


COLUMNS: list[tuple[str, int, Callable[[Result], str]]] = [
    ("case", 22, lambda r: r.case.label),
    ("raw", 10, lambda r: _kb(sum(map(len, r.case.blobs)))),
    ("git blobs", 10, lambda r: _kb(r.git_bytes)),
    ("revtrack", 10, lambda r: _kb(r.blob_bytes)),
    ("sqlite file", 11, lambda r: _kb(r.file_bytes)),
    ("x git", 6, lambda r: f"{r.ratio:.2f}"),
    ("read med", 9, lambda r: f"{r.median_us:.0f} us"),
    ("read p95", 9, lambda r: f"{r.p95_us:.0f} us"),
    ("write/ver", 9, lambda r: f"{r.write_ms:.1f} ms"),
    ("depth", 5, lambda r: str(r.max_depth)),
    (
        "goal",
        4,
        lambda r: "ok" if r.ratio <= GOAL_RATIO and r.median_us <= GOAL_MEDIAN_US else "MISS",
    ),
]


def print_table(results: Sequence[Result]) -> None:
    print(
        "  ".join(
            f"{name:>{width}}" if i else f"{name:<{width}}"
            for i, (name, width, _) in enumerate(COLUMNS)
        )
    )
    for r in results:
        cells = [cell(r) for _, _, cell in COLUMNS]
        print(
            "  ".join(
                f"{c:>{w}}" if i else f"{c:<{w}}"
                for i, (c, (_, w, _)) in enumerate(zip(cells, COLUMNS, strict=True))
            )
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, nargs="+", default=[800, 3000])
    parser.add_argument("--level", type=int, default=19, help="zstd level (BlobStore default: 19)")
    parser.add_argument("--reads", type=int, default=300, help="random reads per case and round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    cases = make_cases(args.words, args.versions, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        stored = [store_case(case, Path(tmp), level=args.level) for case in cases]
        for item in stored:
            item.result.git_bytes = git_blob_bytes(item.result.case.blobs)
        rng = random.Random(args.seed)
        for _ in range(args.rounds):
            for item in stored:
                item.result.rounds.append(timed_reads(item.store, item.shas, args.reads, rng))
        results = [item.result for item in stored]
    print(
        f"{args.versions} versions per history, seed {args.seed}, zstd level {args.level};"
        f" reads: {args.reads} random versions x {args.rounds} interleaved rounds, cold cache,"
        f" best round shown; load average {os.getloadavg()[0]:.2f}"
    )
    print_table(results)
    missed = [r.case.label for r in results if r.ratio > GOAL_RATIO or r.median_us > GOAL_MEDIAN_US]
    print(
        f"goal: bytes <= {GOAL_RATIO:.1f}x git and median read <= {GOAL_MEDIAN_US:.0f} us:"
        f" {'met for every case' if not missed else 'missed for ' + ', '.join(missed)}"
        f" ({time.perf_counter() - started:.0f} s)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
