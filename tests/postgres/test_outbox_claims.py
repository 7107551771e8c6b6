"""Webhook delivery on several workers: each outbox row is sent by one worker at a time,
in id order, and a killed worker's rows are taken over once its lease ends (issue 15)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from revtrack.notify.deliver import BATCH, DeliverySummary, deliver_due, webhook_client
from revtrack.notify.sender import webhook_sender
from revtrack.store.open import open_store_at
from revtrack.store.store import Store
from tests.notify.cli_helpers import make_home, runner
from tests.notify.receiver import Delivery, Receiver
from tests.postgres.fixtures import BACKENDS, location_for

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)
WAIT = 30.0  # seconds a thread may take before the test gives up on it (never asserted)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where an empty store of each backend lives (each connection opens its own)."""
    where = location_for(request.param, tmp_path, request)
    with open_store_at(where):  # create it, so threads opening it at once find it made
        pass
    return where


def add_rows(store: Store, count: int, *, url: str = "https://news.example/a") -> list[int]:
    """``count`` more waiting rows (for one story); returns their ids."""
    story, _ = store.add_story(url, now=T0)
    before = {item.id for item in store.outbox()}
    last = max((i.seq for i in store.outbox() if i.story_id == story.id), default=1)
    with store.transaction():
        for seq in range(last + 1, last + 1 + count):
            payload = f'{{"schema":"revtrack.change/1","version":{seq}}}'
            store.add_outbox(story.id, seq, target="http://127.0.0.1:9/unused", payload=payload,
                             at=T0)  # fmt: skip
    return [item.id for item in store.outbox() if item.id not in before]


def sent_ids(receiver: Receiver) -> list[int]:
    """The outbox ids of the POSTs received, in the order they arrived."""
    return [int(key.split("-")[0]) for key in receiver.delivery_keys()]


async def deliver_as(
    store: Store, receiver: Receiver, worker: str, now: datetime = T0, *, limit: int = BATCH
) -> DeliverySummary:
    async with webhook_client() as client:
        return await deliver_due(
            store, client, now, target=receiver.url(), worker=worker, limit=limit
        )


def round_on(url: str, receiver: Receiver, worker: str, *, limit: int = BATCH) -> DeliverySummary:
    """One round of ``worker`` on a connection of its own."""
    with open_store_at(url) as store:
        return asyncio.run(deliver_as(store, receiver, worker, limit=limit))


# -- two workers delivering at once ------------------------------------------------


def test_a_second_worker_sends_nothing_while_the_first_delivers(
    pg_url: str, receiver: Receiver
) -> None:
    with open_store_at(pg_url) as store:
        ids = add_rows(store, 4)
    posting, second_done = threading.Event(), threading.Event()

    def hold_the_first_post(delivery: Delivery) -> None:
        if not posting.is_set():
            posting.set()
            second_done.wait(WAIT)  # worker a is mid-round until b has had its go

    receiver.on_post = hold_the_first_post
    first: list[DeliverySummary] = []
    thread = threading.Thread(
        target=lambda: first.append(round_on(pg_url, receiver, "a", limit=2)), daemon=True
    )
    thread.start()
    try:
        assert posting.wait(WAIT)
        second = round_on(pg_url, receiver, "b")
        assert not second.happened  # a holds the outbox: b claims nothing, posts nothing
        assert second.pending == 4
        assert sent_ids(receiver) == ids[:1]
    finally:
        second_done.set()
        thread.join(WAIT)
    assert not thread.is_alive()
    assert (first[0].delivered, first[0].pending) == (2, 2)
    # a released its rows at the end of its round: b takes the rest.
    after = round_on(pg_url, receiver, "b")
    assert (after.delivered, after.pending) == (2, 0)
    assert sent_ids(receiver) == ids


def test_two_workers_delivering_at_once_send_each_row_once_in_order(
    pg_url: str, receiver: Receiver
) -> None:
    with open_store_at(pg_url) as store:
        ids = add_rows(store, 12) + add_rows(store, 12, url="https://news.example/b")
    start = threading.Barrier(2, timeout=WAIT)
    delivered: dict[str, int] = {}
    errors: list[BaseException] = []

    def work(worker: str) -> None:
        try:
            with open_store_at(pg_url) as store:
                start.wait()
                total = 0
                for _round in range(10_000):  # a bound, never reached
                    if not store.pending_outbox_count():
                        break
                    total += asyncio.run(deliver_as(store, receiver, worker, limit=3)).delivered
                delivered[worker] = total
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,), daemon=True) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sent_ids(receiver) == ids  # each row once, in id order
    assert sum(delivered.values()) == len(ids)
    with open_store_at(pg_url) as store:
        assert all(item.delivered_at is not None for item in store.outbox())


# -- a worker that dies mid-round --------------------------------------------------


async def test_a_dead_workers_rows_wait_for_its_lease_then_go_out_in_order(
    pg_url: str, receiver: Receiver
) -> None:
    with open_store_at(pg_url) as dead:
        ids = add_rows(dead, 3)
        claimed = dead.claim_outbox("dead", T0, until=T0 + LEASE, limit=2)
        assert [i.id for i in claimed] == ids[:2]
        with dead.transaction():  # it sent the first row, then was killed: no release
            dead.mark_delivered(ids[0], T0)
    with open_store_at(pg_url) as store:
        (newer,) = add_rows(store, 1)  # written after the claim: must not overtake
        async with webhook_sender(receiver.url()) as sender:
            assert sender is not None
            early = await sender.deliver(store, T0 + LEASE / 2, worker="b")
            assert not early.happened
            assert early.pending == 3
            assert receiver.deliveries == []
            late = await sender.deliver(store, T0 + LEASE, worker="b")
        assert (late.delivered, late.failed, late.pending) == (3, 0, 0)
        assert sent_ids(receiver) == [*ids[1:], newer]  # the delivered row is not sent again
        assert store.outbox()[0].delivered_at == T0
        # b's round released its claim: another worker takes a new row at once.
        (another,) = add_rows(store, 1)
        taken = store.claim_outbox("c", T0 + LEASE, until=T0 + 2 * LEASE)
        assert [i.id for i in taken] == [another]


async def test_a_round_without_a_worker_name_claims_on_postgresql(
    pg_store: Store, receiver: Receiver
) -> None:
    add_rows(pg_store, 2)
    assert pg_store.claim_outbox("elsewhere", T0, until=T0 + LEASE, limit=1)
    async with webhook_client() as client:
        held = await deliver_due(pg_store, client, T0, target=receiver.url())
        assert not held.happened  # another worker holds the outbox: nothing is sent
        pg_store.release_outbox("elsewhere")
        free = await deliver_due(pg_store, client, T0, target=receiver.url())
    assert (free.delivered, free.pending) == (2, 0)
    (newer,) = add_rows(pg_store, 1)  # the round released its claim
    assert [i.id for i in pg_store.claim_outbox("elsewhere", T0, until=T0 + LEASE)] == [newer]


# -- claim_outbox on both backends -------------------------------------------------


def test_claim_outbox_refuses_while_another_live_lease_holds_a_waiting_row(
    backend_store: Store,
) -> None:
    store = backend_store
    ids = add_rows(store, 4)
    one = store.claim_outbox("w1", T0, until=T0 + LEASE, limit=2)
    assert [i.id for i in one] == ids[:2]
    # Rows 3 and 4 are free, but taking them would let them overtake rows 1 and 2.
    assert store.claim_outbox("w2", T0, until=T0 + LEASE) == []
    assert store.claim_outbox("w2", T0 + LEASE - timedelta(seconds=1), until=T0 + LEASE) == []
    # Its own lease does not stop w1; it takes the rest in order.
    assert [i.id for i in store.claim_outbox("w1", T0, until=T0 + LEASE)] == ids
    # Delivered rows hold nothing up, even leased (a worker killed before its release).
    with store.transaction():
        for item_id in ids:
            store.mark_delivered(item_id, T0)
    newer = add_rows(store, 1)
    assert [i.id for i in store.claim_outbox("w2", T0, until=T0 + LEASE)] == newer
    # Once w2's lease ends, w1 takes the row over.
    assert store.claim_outbox("w1", T0, until=T0 + LEASE) == []
    assert [i.id for i in store.claim_outbox("w1", T0 + LEASE, until=T0 + 2 * LEASE)] == newer
    store.release_outbox("w1")
    assert [i.id for i in store.claim_outbox("w2", T0, until=T0 + LEASE)] == newer


def test_claim_outbox_takes_older_waiting_rows_with_a_due_one(backend_store: Store) -> None:
    store = backend_store
    ids = add_rows(store, 3)
    with store.transaction():  # row 1 failed (retry in an hour); rows 2, 3 wait behind it
        store.mark_failed(ids[0], error="HTTP 500", retry_at=T0 + timedelta(hours=1))
        store.mark_failed(ids[2], error="HTTP 500", retry_at=T0 + timedelta(hours=1))
    # Row 2 is due: the round takes row 1 first (back-off or not), never row 3 (not due).
    assert [i.id for i in store.claim_outbox("w1", T0, until=T0 + LEASE)] == ids[:2]
    store.release_outbox("w1")
    with store.transaction():
        store.mark_failed(ids[1], error="HTTP 500", retry_at=T0 + timedelta(hours=1))
    assert store.claim_outbox("w1", T0, until=T0 + LEASE) == []  # nothing due
    everything = store.claim_outbox("w1", T0, until=T0 + LEASE, ignore_backoff=True)
    assert [i.id for i in everything] == ids


def test_workers_claiming_at_once_one_gets_the_rows(location: str | Path) -> None:
    with open_store_at(location) as store:
        ids = add_rows(store, 5)
    names = [f"w{n}" for n in range(4)]
    start = threading.Barrier(len(names), timeout=WAIT)
    claims: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def claim(worker: str) -> None:
        try:
            with open_store_at(location) as store:
                start.wait()
                claims[worker] = [i.id for i in store.claim_outbox(worker, T0, until=T0 + LEASE)]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=claim, args=(name,), daemon=True) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sorted(claims.values()) == [[], [], [], ids]


# -- notify send on PostgreSQL -----------------------------------------------------


def test_notify_send_on_postgresql_claims_as_a_worker(
    pg_url: str, tmp_path: Path, receiver: Receiver
) -> None:
    run = runner(make_home(tmp_path, receiver.url()))
    far = datetime(2100, 1, 1, tzinfo=UTC)  # the CLI runs on the real clock
    with open_store_at(pg_url) as store:
        ids = add_rows(store, 3)
        assert store.claim_outbox("a-watch", T0, until=far, limit=1)
        # --all: what waits goes whatever the real clock says of T0.
        held = run("--store", pg_url, "notify", "send", "--all").output
        assert held == "webhook: nothing due, 3 waiting\n"
        assert receiver.deliveries == []
        store.release_outbox("a-watch")
        sent = run("--store", pg_url, "notify", "send", "--all").output
        assert sent == "webhook: delivered 3, 0 waiting\n"
        assert sent_ids(receiver) == ids
        (newer,) = add_rows(store, 1)  # notify send released its claim: a watch takes it
        assert [i.id for i in store.claim_outbox("a-watch", T0, until=far)] == [newer]
