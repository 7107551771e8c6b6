"""Benchmark the command-line views on the big store (``bench/bigstore.py``).

    python bench/cli_views.py [--db PATH] [--rebuild] [--runs N]

Times, in process (``revtrack.cli.main`` with ``--home`` pointing at the store's folder,
as a user would type it), median of three runs each:

- ``revtrack log URL`` and ``revtrack log URL --json`` of the 200-version story
  (goal 0.2 s each);
- ``revtrack report --format json -o FILE`` over 10,000 changes (goal 5 s): with
  ``--limit 10000`` when the command has that option, else with ``--since`` set to the
  capture time of the 10,000th newest change (the count it picks is printed).

Each command runs in a child process of its own (three times there), so each has its own
peak memory (ru_maxrss, goal 150 MB) and none inherits another's caches. Output goes to a
temporary file, so writing it is counted and the terminal is not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a checkout, not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import DB, LONG_URL, counts, ensure_store

RUNS = 3
REPORT_CHANGES = 10_000
GOALS_S = {"log": 0.2, "log --json": 0.2, "report --format json": 5.0}
GOAL_MEMORY_MB = 150


def home_for(path: Path, scratch: Path) -> Path:
    """A folder where the CLI finds the store (``<home>/revtrack.db``, see revtrack.paths)."""
    from revtrack.paths import resolve_paths

    if resolve_paths(path.parent).db_path == path:
        return path.parent
    home = scratch / "home"
    home.mkdir(exist_ok=True)
    link = resolve_paths(home).db_path
    if not link.exists():
        link.symlink_to(path)
    return home


def report_args(path: Path) -> tuple[list[str], int]:
    """Arguments that make ``report`` cover ``REPORT_CHANGES`` changes, and how many it gets."""
    from revtrack.cli.report import report

    if any(param.name == "limit" for param in report.params):
        return ["--limit", str(REPORT_CHANGES)], REPORT_CHANGES
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (since,) = conn.execute(
            "SELECT captured_at FROM changes ORDER BY captured_at DESC LIMIT 1 OFFSET ?",
            (REPORT_CHANGES - 1,),
        ).fetchone()
        (picked,) = conn.execute(
            "SELECT count(*) FROM changes WHERE captured_at >= ?", (since,)
        ).fetchone()
    finally:
        conn.close()
    return ["--since", since], picked


def run_one(name: str, path: Path, runs: int) -> dict[str, object]:
    """In this process: ``runs`` timed runs of one command; its figures as a dict."""
    from revtrack.cli import main as revtrack_main

    with tempfile.TemporaryDirectory(prefix="revtrack-bench-cli-") as scratch_dir:
        scratch = Path(scratch_dir)
        home = home_for(path, scratch)
        out_file = scratch / "report.json"
        picked = 0
        if name == "log":
            argv = ["log", LONG_URL]
        elif name == "log --json":
            argv = ["log", LONG_URL, "--json"]
        else:
            extra, picked = report_args(path)
            argv = ["report", "--format", "json", *extra, "-o", str(out_file)]
        times, size = [], 0
        for _ in range(runs):
            with open(scratch / "stdout", "w", encoding="utf-8") as sink:
                t = time.perf_counter()
                with redirect_stdout(sink):
                    revtrack_main(["--home", str(home), *argv])
                    sink.flush()
                times.append(time.perf_counter() - t)
            written = out_file if out_file.exists() else scratch / "stdout"
            size = written.stat().st_size
        return {
            "argv": [
                "revtrack",
                "--home",
                "HOME",
                *argv[:-1],
                "FILE" if out_file.name in argv[-1] else argv[-1],
            ],
            "times": times,
            "bytes": size,
            "picked": picked,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DB)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--one", choices=list(GOALS_S), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.db, args.runs)))
        return
    path = ensure_store(args.db, rebuild=args.rebuild)
    print(f"store {path}: {counts(path)}")
    rows = []
    for name, goal in GOALS_S.items():
        cmd = [sys.executable, __file__, "--one", name, "--db", str(path), "--runs", str(args.runs)]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((name, goal, figures))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"median of {args.runs} runs, each command in a process of its own; load average {load}")
    for name, goal, figures in rows:
        times = figures["times"]
        median = statistics.median(times)
        met = "met" if median <= goal else "MISSED"
        peak = figures["peak_mb"]
        mem = "met" if peak <= GOAL_MEMORY_MB else "MISSED"
        each = ", ".join(f"{t * 1000:.0f}" for t in times)
        print(f"{name:<22} {median * 1000:8.0f} ms  goal {goal * 1000:5.0f} ms  {met:<6}"
              f" peak {peak:4.0f} MB (goal {GOAL_MEMORY_MB}) {mem:<6} runs: {each} ms;"
              f" {figures['bytes']:,} bytes out")  # fmt: skip
        if figures["picked"]:
            print(f"{'':<22} {' '.join(figures['argv'][3:])}: {figures['picked']:,} changes")


if __name__ == "__main__":
    main()
