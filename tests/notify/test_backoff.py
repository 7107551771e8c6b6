"""Back-off maths, and what deliver_due records for each answer (MockTransport, no sockets)."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from revtrack.notify.backoff import MAX_RETRY_AFTER, backoff_wait, retry_at
from revtrack.notify.deliver import deliver_due
from revtrack.store.store import Store

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_waits_double_from_30_s_and_stop_growing_at_an_hour() -> None:
    waits = [backoff_wait(n).total_seconds() for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert backoff_wait(10_000) == timedelta(hours=1)  # a months-long outage still retries
    with pytest.raises(ValueError, match="starts at 1"):
        backoff_wait(0)


def test_retry_after_seconds_or_date_wins_over_back_off() -> None:
    assert retry_at(NOW, 1, "120") == NOW + timedelta(seconds=120)
    assert retry_at(NOW, 8, "5") == NOW + timedelta(seconds=5)
    assert retry_at(NOW, 1, "Sun, 01 Mar 2026 08:10:00 GMT") == NOW + timedelta(minutes=10)


@pytest.mark.parametrize(
    ("header", "wait"),
    [
        (None, timedelta(seconds=60)),
        ("soon", timedelta(seconds=60)),  # garbage: fall back to the back-off
        ("0", timedelta(seconds=1)),  # never a busy loop
        ("99999999", MAX_RETRY_AFTER),  # never parked for years
    ],
)
def test_unusable_retry_after_is_bounded(header: str | None, wait: timedelta) -> None:
    assert retry_at(NOW, 2, header) == NOW + wait


async def test_each_failure_pushes_the_next_attempt_further(store: Store) -> None:
    story, _ = store.add_story("https://news.example/a", now=NOW)
    with store.transaction():
        store.add_outbox(story.id, 2, target="http://hooks.example/h", payload="{}", at=NOW)
    transport = httpx.MockTransport(lambda request: httpx.Response(500, text="boom"))
    now = NOW
    async with httpx.AsyncClient(transport=transport) as client:
        for expected in (30, 60, 120, 240):
            summary = await deliver_due(store, client, now)
            assert (summary.delivered, summary.failed, summary.pending) == (0, 1, 1)
            (item,) = store.outbox(pending_only=True)
            assert item.next_attempt_at - now == timedelta(seconds=expected)
            assert item.last_error == "HTTP 500 Internal Server Error: boom"
            now = item.next_attempt_at
    assert store.outbox()[0].attempts == 4
