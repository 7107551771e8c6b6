"""Several reviewers marking one queue at once: lost marks and mark latency.

    python bench/reviewers.py [--url postgresql://...] [--reviewers 4] [--marks 200]

The 10,000-story bench store (bench/bigstore.py, 90,000 changes) is copied into a fresh
PostgreSQL schema (``--url``; default ``$REVTRACK_TEST_PG``, which ``.ci/run`` exports)
and into a fresh SQLite file. On each, REVIEWERS processes mark at once, MARKS marks each
with ``mark_change`` (one transaction a mark, as the CLI and the TUI do): their own
random changes, and one mark in four on a small set of changes every reviewer marks.
Printed per backend: marks per second, p50/p95/max latency of a mark, and whether any
mark was lost (every mark in the review log; each change's review equal to its last
logged mark). The PostgreSQL schema is dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bigstore import DB, ensure_store  # noqa: E402

from revtrack.review import ReviewState, mark_change  # noqa: E402
from revtrack.store.copy import copy_store  # noqa: E402
from revtrack.store.open import open_store_at  # noqa: E402

Key = tuple[int, int]
SHARED = 20  # changes every reviewer marks now and then
STATES = (ReviewState.REVIEWED, ReviewState.FLAGGED, ReviewState.UNREVIEWED)


def with_search_path(url: str, schema: str) -> str:
    option = quote(f"-csearch_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


def reviewer(
    location: str, name: str, keys: list[Key], shared: list[Key]
) -> list[tuple[Key, float]]:
    """One reviewer's marks: each change marked and the seconds the mark took."""
    rng = random.Random(name)
    latencies = []
    with open_store_at(location) as store:
        for n, key in enumerate(keys):
            if n % 4 == 3:
                key = rng.choice(shared)
            started = time.perf_counter()
            mark_change(store, key[0], key[1], state=rng.choice(STATES), note=f"{name} {n}",
                        reviewer=name, at=datetime.now(UTC))  # fmt: skip
            latencies.append((key, time.perf_counter() - started))
    return latencies


def lost_marks(location: str, touched: set[Key], expected: int) -> str:
    """ "" when every mark is logged and each change's review is its last logged mark."""
    logged = 0
    with open_store_at(location) as store:
        for story_id, seq in touched:
            log = store.review_log(story_id, seq)
            logged += len(log)
            review = store.review(story_id, seq)
            last = log[-1]
            if (review.state, review.note, review.reviewer) != (
                last.state,
                last.note,
                last.reviewer,
            ):
                return f"review of {story_id}/{seq} is not its last mark"
    return "" if logged == expected else f"{expected - logged} marks missing from the log"


def run(location: str, label: str, reviewers: int, marks: int, keys: list[Key]) -> None:
    rng = random.Random(7)
    shared = keys[:SHARED]
    own = [rng.sample(keys[SHARED:], marks) for _ in range(reviewers)]
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with context.Pool(reviewers) as pool:
        results = pool.starmap(
            reviewer, [(location, f"reviewer{i}", own[i], shared) for i in range(reviewers)]
        )
    seconds = time.perf_counter() - started
    latencies = sorted(s * 1000 for result in results for _, s in result)
    touched = {key for result in results for key, _ in result}
    problem = lost_marks(location, touched, len(latencies))
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"{label:<12} {reviewers} reviewers, {len(latencies):,} marks in {seconds:5.1f} s"
        f" ({len(latencies) / seconds:6.1f}/s); latency p50 {statistics.median(latencies):6.1f} ms"
        f"  p95 {p95:6.1f} ms  max {latencies[-1]:6.1f} ms; lost marks: {problem or 'none'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("REVTRACK_TEST_PG", ""))
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--marks", type=int, default=200)
    args = parser.parse_args()
    source_path = ensure_store(DB)
    with open_store_at(source_path) as source:
        keys = [(c.change.story_id, c.change.seq) for c in source.change_page(limit=20_000)]
    print(f"load average {os.getloadavg()[0]:.2f}; {len(keys):,} changes to mark from")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "revtrack.db"
        with open_store_at(source_path) as source, open_store_at(target) as copy:
            copy_store(source, copy)
        run(str(target), "SQLite", args.reviewers, args.marks, keys)
    if not args.url:
        print("PostgreSQL: skipped (no --url and no $REVTRACK_TEST_PG; .ci/run sets one)")
        return
    import psycopg

    schema = f"revtrack_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(args.url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        location = with_search_path(args.url, schema)
        with open_store_at(source_path) as source, open_store_at(location) as copy:
            copy_store(source, copy)
        run(location, "PostgreSQL", args.reviewers, args.marks, keys)
    finally:
        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
