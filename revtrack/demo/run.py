"""The demo pass: the real scheduler and fetcher against captured pages on a simulated clock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from revtrack.check import capture_pass
from revtrack.check.analysers import PageAnalyser
from revtrack.demo.clock import SimClock
from revtrack.demo.server import DemoServer, ServedStory
from revtrack.fetch.client import Fetcher
from revtrack.schedule.watch import next_due
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store

TAIL = timedelta(days=2)  # keep checking this long after the last capture

Progress = Callable[[datetime, datetime, datetime], None]


@dataclass(slots=True)
class DemoResult:
    stories: int = 0
    versions: int = 0
    checks: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    per_story: list[tuple[str, int, list[str]]] = field(default_factory=list)


async def run_demo(
    store: Store, stories: Sequence[ServedStory], *, on_progress: Progress | None = None
) -> DemoResult:
    """Replay every story's captures through check passes the schedule chooses."""
    start, end = replay_span(stories)
    clock = SimClock(start)
    with DemoServer(stories, clock) as server:
        add_stories(store, stories, [server])
        async with demo_fetcher(clock) as fetcher, PageAnalyser(workers=0) as analyser:
            while clock() <= end:
                due = store.due_stories(clock())
                if due:
                    await capture_pass(store, due, fetcher, analyser=analyser)
                upcoming = next_due(store)
                if upcoming is None or upcoming > end:
                    break
                clock.advance_to(upcoming)
                if on_progress is not None:
                    on_progress(clock(), start, end)
    return summarise(store)


def replay_span(stories: Sequence[ServedStory]) -> tuple[datetime, datetime]:
    """When the replay starts (the first capture) and ends (``TAIL`` after the last)."""
    start = min(s.captures[0].captured_at for s in stories)
    return start, max(s.captures[-1].captured_at for s in stories) + TAIL


def add_stories(
    store: Store, stories: Sequence[ServedStory], servers: Sequence[DemoServer]
) -> None:
    """Track each story, published at its first capture; story i is served by server
    i modulo their number (several loopback addresses: several sites)."""
    for n, served in enumerate(stories):
        first = served.captures[0].captured_at
        story, _ = store.add_story(servers[n % len(servers)].url(served.path), now=first)
        with store.transaction():
            store.update_story(story.id, StoryUpdate(published_at=first))


def demo_fetcher(clock: SimClock) -> Fetcher:
    """The real fetcher on the simulated clock: no gap between requests, no retries."""
    return Fetcher(
        min_host_gap=0, per_host=8, retries=0, timeout=10, clock=clock, sleep=clock.sleep
    )


def summarise(store: Store) -> DemoResult:
    result = DemoResult()
    for story in store.stories():
        versions = len(store.versions(story.id))
        labels = {label for change in store.changes(story.id) for label in change.labels}
        result.stories += 1
        result.versions += versions
        result.checks += len(store.checks(story.id))
        result.labels.update(labels)
        result.events.update(e.kind for e in store.events(story.id))
        result.per_story.append((story.headline or story.url, versions, sorted(labels)))
    return result
