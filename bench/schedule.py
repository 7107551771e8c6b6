"""Replay change histories against check schedules: revtrack's, NewsDiffs', News Sniffer's.

    python bench/schedule.py [--stories 2000] [--seed 1] [--events FILE.jsonl]

Each input line is {"id": "...", "published": ISO-8601, "changes": [ISO-8601, ...]}; without
--events a seeded synthetic mix is used (ordinary stories with a few early edits and the odd
late correction, developing stories, live stories, untouched ones). A story is captured at
publication, then whenever its schedule says; a change is detected at the next check after
it. Reported per policy: checks per story, median and p90 detection latency (change to
capture), missed versions (changes overwritten by a later change before any check saw
them) and changes never seen (after the schedule retired the story).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from revtrack.check.next_check import Policy, base_gap

HORIZON = timedelta(days=400)


@dataclass(frozen=True, slots=True)
class History:
    id: str
    published: datetime
    changes: tuple[datetime, ...]


@dataclass(slots=True)
class State:
    now: datetime
    last_change: datetime
    change_gap: timedelta | None = None
    unchanged: int = 0
    previous_gap: timedelta | None = None


Schedule = Callable[[State], timedelta | None]

NEWSDIFFS = (
    (timedelta(hours=3), timedelta(minutes=15)),
    (timedelta(days=1), timedelta(hours=1)),
    (timedelta(days=7), timedelta(hours=3)),
    (timedelta(days=30), timedelta(days=3)),
    (timedelta(days=365), timedelta(days=30)),
)


def newsdiffs(s: State) -> timedelta | None:
    quiet = s.now - s.last_change
    return next((gap for limit, gap in NEWSDIFFS if quiet < limit), None)


def news_sniffer(s: State) -> timedelta | None:
    if s.now - s.last_change >= timedelta(days=40):
        return None
    return timedelta(minutes=30) * 1.2**s.unchanged


POLICY = Policy()


def revtrack(s: State) -> timedelta | None:
    return base_gap(s.now - s.last_change, change_gap=s.change_gap, policy=POLICY)


@dataclass(slots=True)
class Tally:
    checks: int = 0
    latencies: list[float] = field(default_factory=list)  # minutes
    missed: int = 0
    unseen: int = 0


def replay(history: History, schedule: Schedule, tally: Tally) -> None:
    state = State(now=history.published, last_change=history.published)
    tally.checks += 1
    pending = list(history.changes)
    while True:
        gap = schedule(state)
        if gap is None or state.now + gap > history.published + HORIZON:
            break
        state.now += gap
        tally.checks += 1
        seen = [c for c in pending if c <= state.now]
        if not seen:
            state.unchanged += 1
            continue
        pending = pending[len(seen) :]
        tally.latencies += [(state.now - c).total_seconds() / 60 for c in seen]
        tally.missed += len(seen) - 1
        state.change_gap = state.now - state.last_change
        state.last_change, state.unchanged = state.now, 0
    tally.unseen += len(pending)


def _times(rng: random.Random, start: datetime, count: int, scale_min: float) -> list[datetime]:
    return sorted(start + timedelta(minutes=rng.expovariate(1 / scale_min)) for _ in range(count))


def synthetic(count: int, seed: int) -> Iterator[History]:
    """A mix shaped on published studies of news revisions (most edits in the first hours)."""
    rng = random.Random(seed)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(count):
        published = base + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        kind = rng.random()
        if kind < 0.10:  # untouched
            changes: list[datetime] = []
        elif kind < 0.70:  # ordinary: a few early edits, sometimes a late correction
            changes = _times(rng, published, rng.randint(1, 5), 120)
            if rng.random() < 0.15:
                changes.append(published + timedelta(days=rng.uniform(1, 20)))
        elif kind < 0.90:  # developing: many edits over the first half day
            changes = _times(rng, published, rng.randint(5, 25), 240)
        else:  # live: an edit every few minutes for hours
            t, end = published, published + timedelta(hours=rng.uniform(2, 12))
            changes = []
            while t < end:
                t += timedelta(minutes=rng.uniform(2, 20))
                changes.append(t)
        yield History(f"s{i}", published, tuple(sorted(changes)))


def read_events(path: Path) -> Iterator[History]:
    def when(text: str) -> datetime:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            yield History(
                item["id"], when(item["published"]), tuple(sorted(map(when, item["changes"])))
            )


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else (values or [0.0])[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=Path, help="JSON lines of change histories")
    parser.add_argument("--ratio", type=float, default=Policy().ratio, help="revtrack's gap ratio")
    args = parser.parse_args()
    global POLICY
    POLICY = Policy(ratio=args.ratio)
    histories = list(
        read_events(args.events) if args.events else synthetic(args.stories, args.seed)
    )
    changes = sum(len(h.changes) for h in histories)
    print(f"{len(histories)} stories, {changes} changes ({'file' if args.events else 'synthetic'})")
    print(
        f"{'policy':<14}{'checks/story':>13}{'median min':>12}{'p90 min':>10}"
        f"{'missed':>8}{'unseen':>8}"
    )
    results = {}
    for name, schedule in (
        ("newsdiffs", newsdiffs),
        ("news sniffer", news_sniffer),
        ("revtrack", revtrack),
    ):
        tally = Tally()
        for history in histories:
            replay(history, schedule, tally)
        results[name] = tally
        median = statistics.median(tally.latencies) if tally.latencies else 0.0
        print(
            f"{name:<14}{tally.checks / len(histories):>13.1f}{median:>12.1f}"
            f"{_p90(tally.latencies):>10.1f}{tally.missed:>8}{tally.unseen:>8}"
        )
    ours, ref = results["revtrack"], results["newsdiffs"]
    goal = (
        ours.checks < ref.checks
        and statistics.median(ours.latencies) <= statistics.median(ref.latencies)
        and ours.missed < ref.missed
    )
    print(
        "goal (fewer checks than NewsDiffs, median latency <=, fewer missed): "
        + ("met" if goal else "MISSED")
    )


if __name__ == "__main__":
    main()
