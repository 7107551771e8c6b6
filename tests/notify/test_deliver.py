"""deliver_due against a real receiver on 127.0.0.1: order, failures, back-off, outages."""

from datetime import timedelta

import httpx
import pytest

from revtrack.fetch import DEFAULT_USER_AGENT
from revtrack.notify import deliver as deliver_module
from revtrack.notify.deliver import DeliverySummary, deliver_due, webhook_client
from revtrack.store.store import Store
from tests.notify.conftest import T0, add_rows
from tests.notify.receiver import Answer, Receiver


async def round_at(
    store: Store, receiver: Receiver, seconds: float = 0, *, ignore_backoff: bool = False
) -> DeliverySummary:
    async with webhook_client() as client:
        now = T0 + timedelta(seconds=seconds)
        return await deliver_due(
            store, client, now, target=receiver.url(), ignore_backoff=ignore_backoff
        )


def waiting(store: Store) -> list[tuple[int, int, str]]:
    return [(i.seq, i.attempts, i.last_error) for i in store.outbox(pending_only=True)]


async def test_rows_go_out_in_order_with_stable_ids_and_once(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 3)
    summary = await round_at(store, receiver)
    assert (summary.delivered, summary.failed, summary.pending) == (3, 0, 0)
    assert [b["version"] for b in receiver.bodies()] == [2, 3, 4]
    story_id = store.outbox()[0].story_id
    assert receiver.delivery_keys() == [
        f"{ids[0]}-{story_id}-v2",
        f"{ids[1]}-{story_id}-v3",
        f"{ids[2]}-{story_id}-v4",
    ]
    first = receiver.deliveries[0]
    assert first.headers["X-Revtrack-Delivery"] == first.key
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert first.path == "/hook"
    assert all(item.delivered_at == T0 for item in store.outbox())
    again = await round_at(store, receiver, 3600)
    assert not again.happened
    assert len(receiver.deliveries) == 3


async def test_500_then_200_is_retried_after_the_back_off(store: Store, receiver: Receiver) -> None:
    add_rows(store, 1)
    receiver.script(Answer(500, body=b"database\nlocked"), Answer(200))
    first = await round_at(store, receiver)
    assert (first.delivered, first.failed, first.pending) == (0, 1, 1)
    assert first.last_error == "HTTP 500 Internal Server Error: database locked"
    assert waiting(store) == [(2, 1, first.last_error)]
    assert store.outbox()[0].next_attempt_at == T0 + timedelta(seconds=30)

    early = await round_at(store, receiver, 29)  # not due yet: not sent
    assert not early.happened
    assert len(receiver.deliveries) == 1

    late = await round_at(store, receiver, 30)
    assert (late.delivered, late.pending) == (1, 0)
    assert len(receiver.deliveries) == 2
    assert (
        receiver.delivery_keys()[0] == receiver.delivery_keys()[1]
    )  # the same delivery, sent again


async def test_retry_after_is_honoured(store: Store, receiver: Receiver) -> None:
    add_rows(store, 2)
    receiver.script(Answer(503, {"Retry-After": "300"}), Answer(200))
    first = await round_at(store, receiver)
    # 503 speaks for the whole receiver: the round stops and the second row waits too.
    assert (first.delivered, first.failed, first.pending) == (0, 1, 2)
    assert len(receiver.deliveries) == 1
    assert {i.next_attempt_at for i in store.outbox()} == {T0 + timedelta(seconds=300)}
    assert not (await round_at(store, receiver, 299)).happened
    done = await round_at(store, receiver, 300)
    assert done.delivered == 2
    assert [b["version"] for b in receiver.bodies()] == [2, 2, 3]


async def test_a_down_receiver_gets_one_attempt_per_round_then_everything_in_order(
    store: Store, receiver: Receiver
) -> None:
    add_rows(store, 3)
    receiver.stop()  # the port now refuses connections
    down = await round_at(store, receiver)
    assert (down.delivered, down.failed, down.pending) == (0, 1, 3)
    assert down.last_error == "connection refused"
    assert waiting(store) == [(2, 1, "connection refused"), (3, 0, ""), (4, 0, "")]
    assert {i.next_attempt_at for i in store.outbox()} == {T0 + timedelta(seconds=30)}
    assert not (await round_at(store, receiver, 10)).happened  # nobody is due

    still_down = await round_at(store, receiver, 30)
    assert still_down.failed == 1
    assert waiting(store)[0][1] == 2
    assert store.outbox()[0].next_attempt_at == T0 + timedelta(seconds=30 + 60)

    receiver.start()  # back on the same port
    back = await round_at(store, receiver, 90)
    assert (back.delivered, back.failed, back.pending) == (3, 0, 0)
    assert [b["version"] for b in receiver.bodies()] == [2, 3, 4]


async def test_a_rejected_row_does_not_block_the_others_but_is_never_overtaken(
    store: Store, receiver: Receiver
) -> None:
    add_rows(store, 2)
    receiver.script(Answer(400, body=b"bad payload"), Answer(200))
    first = await round_at(store, receiver)
    assert (first.delivered, first.failed) == (1, 1)  # a 400 is about that row only
    assert waiting(store) == [(2, 1, "HTTP 400 Bad Request: bad payload")]

    story_id = store.outbox()[0].story_id
    with store.transaction():  # a new change, while the rejected row is backing off
        store.add_outbox(story_id, 9, target="x", payload='{"version":9}', at=T0)
    receiver.script(Answer(200))
    later = await round_at(store, receiver, 5)
    assert later.delivered == 2
    assert [b["version"] for b in receiver.bodies()] == [2, 3, 2, 9]


async def test_redirects_are_failures_not_followed(store: Store, receiver: Receiver) -> None:
    add_rows(store, 2)
    receiver.script(Answer(302, {"Location": "ftp://elsewhere.example/hook"}))
    summary = await round_at(store, receiver)
    assert summary.failed == 1
    assert len(receiver.deliveries) == 1  # the round stopped; nothing was followed
    assert summary.last_error == (
        "HTTP 302 redirect to ftp://elsewhere.example/hook (webhooks are not redirected)"
    )


async def test_a_slow_receiver_times_out(
    store: Store, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deliver_module, "TIMEOUT", 0.3)
    add_rows(store, 2)
    receiver.script(Answer(200, delay=1.0))
    summary = await round_at(store, receiver)
    assert (summary.delivered, summary.failed, summary.pending) == (0, 1, 2)
    assert summary.last_error == "timed out after 0.3 s"


async def test_ignoring_the_back_off_sends_every_waiting_row(
    store: Store, receiver: Receiver
) -> None:
    add_rows(store, 2)
    receiver.script(Answer(500), Answer(200))
    await round_at(store, receiver)
    summary = await round_at(store, receiver, 1, ignore_backoff=True)
    assert summary.delivered == 1
    assert summary.pending == 0


async def test_rows_go_to_the_url_they_were_written_for_without_a_target(
    store: Store, receiver: Receiver
) -> None:
    story, _ = store.add_story("https://news.example/b", now=T0)
    with store.transaction():
        store.add_outbox(story.id, 2, target=receiver.url("/own"), payload="{}", at=T0)
    async with httpx.AsyncClient() as client:
        summary = await deliver_due(store, client, T0)
    assert summary.delivered == 1
    assert receiver.deliveries[0].path == "/own"


async def test_hostile_answers_and_bad_urls_become_clean_one_line_errors(
    store: Store, receiver: Receiver
) -> None:
    add_rows(store, 1)
    receiver.script(Answer(400, body=b"\x1b]0;pwned\x07bad\r\n\x1b[2Jinput"))
    summary = await round_at(store, receiver)
    assert summary.last_error == "HTTP 400 Bad Request: bad input"

    async with httpx.AsyncClient() as client:  # a URL that escaped the config check
        late = await deliver_due(store, client, T0 + timedelta(hours=2), target="http://\x00/")
    assert late.last_error.startswith("invalid webhook URL")
    assert late.pending == 1
