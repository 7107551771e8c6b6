"""The watch loop delivers due webhook rows and wakes up when the next one falls due."""

import asyncio
from dataclasses import replace
from datetime import timedelta

from revtrack.check.analysers import PageAnalyser
from revtrack.clock import utcnow
from revtrack.fetch.client import Fetcher
from revtrack.notify.sender import webhook_sender
from revtrack.schedule.watch import WatchStatus, watch
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store
from tests.notify.receiver import Receiver


async def test_watch_sends_rows_as_they_fall_due(store: Store, receiver: Receiver) -> None:
    now = utcnow()
    story, _ = store.add_story("https://news.example/quiet", now=now)
    with store.transaction():
        # Nothing to fetch: the story is not due.
        store.update_story(story.id, StoryUpdate(next_check_at=now + timedelta(days=1)))
        store.add_outbox(story.id, 2, target="x", payload='{"version":2}', at=now)
        later = now + timedelta(seconds=2)
        store.add_outbox(story.id, 3, target="x", payload='{"version":3}', at=later)
    statuses: list[WatchStatus] = []
    stop = asyncio.Event()

    def on_status(status: WatchStatus) -> None:
        statuses.append(replace(status))
        if status.delivered == 2:
            stop.set()

    async with (
        Fetcher() as fetcher,
        PageAnalyser(workers=0) as analyser,
        webhook_sender(receiver.url()) as sender,
    ):
        final = await asyncio.wait_for(
            watch(
                store, fetcher, analyser, clock=utcnow, stop=stop, on_status=on_status,
                max_sleep=timedelta(days=1), webhook=receiver.url(), sender=sender,
            ),
            timeout=600,  # only a bound: a watch that slept max_sleep would never get here
        )  # fmt: skip
    assert [b["version"] for b in receiver.bodies()] == [2, 3]
    first = statuses[0]
    assert (first.delivered, first.delivery_waiting) == (1, 1)
    assert first.next_due is not None
    assert first.next_due <= later
    assert (final.delivered, final.delivery_waiting, final.checked) == (2, 0, 0)
