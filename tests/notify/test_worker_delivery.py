"""deliver_due with a worker name on SQLite: claims, releases, the lease bounds a round.

(Several workers on PostgreSQL: tests/postgres/test_outbox_claims.py.)
"""

from datetime import timedelta

from revtrack.notify.deliver import (
    LEASE,
    TIMEOUT,
    DeliverySummary,
    deliver_due,
    rows_per_lease,
    webhook_client,
)
from revtrack.store.store import Store
from tests.notify.conftest import T0, add_rows
from tests.notify.receiver import Answer, Receiver


async def round_as(
    store: Store,
    receiver: Receiver,
    worker: str,
    seconds: float = 0,
    *,
    lease: timedelta = LEASE,
    ignore_backoff: bool = False,
) -> DeliverySummary:
    async with webhook_client() as client:
        return await deliver_due(
            store, client, T0 + timedelta(seconds=seconds), target=receiver.url(),
            worker=worker, lease=lease, ignore_backoff=ignore_backoff,
        )  # fmt: skip


def sent_ids(receiver: Receiver) -> list[int]:
    return [int(key.split("-")[0]) for key in receiver.delivery_keys()]


async def test_a_worker_sends_what_it_claimed_and_releases_it(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 3)
    summary = await round_as(store, receiver, "w1")
    assert (summary.delivered, summary.pending) == (3, 0)
    assert sent_ids(receiver) == ids
    newer = add_rows(store, 1)[-1]  # (it returns every row's id)
    # Released: another worker takes the next row at once, at the same time.
    assert [i.id for i in store.claim_outbox("w2", T0, until=T0 + LEASE)] == [newer]


async def test_a_worker_sends_nothing_while_another_holds_the_outbox(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 2)
    store.claim_outbox("other", T0, until=T0 + LEASE, limit=1)
    held = await round_as(store, receiver, "w1", (LEASE / 2).total_seconds())
    assert not held.happened
    assert held.pending == 2
    assert receiver.deliveries == []
    after = await round_as(store, receiver, "w1", LEASE.total_seconds())
    assert (after.delivered, after.pending) == (2, 0)
    assert sent_ids(receiver) == ids


async def test_without_a_worker_name_sqlite_sends_as_before(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 2)
    store.claim_outbox("other", T0, until=T0 + LEASE, limit=1)  # leases mean nothing here
    async with webhook_client() as client:
        summary = await deliver_due(store, client, T0, target=receiver.url())
    assert (summary.delivered, summary.pending) == (2, 0)
    assert sent_ids(receiver) == ids


async def test_a_claimed_round_keeps_the_order_rule_and_the_back_off(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 3)
    receiver.script(Answer(500), Answer(200))
    first = await round_as(store, receiver, "w1")  # row 1 fails alone; 2 and 3 go on
    assert (first.delivered, first.failed, first.pending) == (2, 1, 1)
    assert not (await round_as(store, receiver, "w1", 29)).happened  # row 1 not due yet
    again = await round_as(store, receiver, "w1", 30)
    assert (again.delivered, again.pending) == (1, 0)
    assert sent_ids(receiver) == [*ids, ids[0]]


async def test_a_refused_round_stops_and_the_rows_behind_wait_with_it(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 3)
    receiver.script(Answer(503, {"Retry-After": "120"}), Answer(200))
    first = await round_as(store, receiver, "w1")
    assert (first.delivered, first.failed, first.pending) == (0, 1, 3)
    assert not (await round_as(store, receiver, "w2", 119)).happened
    forced = await round_as(store, receiver, "w2", 1, ignore_backoff=True)
    assert (forced.delivered, forced.pending) == (3, 0)
    assert sent_ids(receiver) == [ids[0], *ids]


async def test_a_round_takes_no_more_rows_than_its_lease_can_cover(
    store: Store, receiver: Receiver
) -> None:
    ids = add_rows(store, 5)
    lease = timedelta(seconds=4 * TIMEOUT)  # every POST at its timeout: 2 rows in half of it
    assert rows_per_lease(lease) == 2
    assert rows_per_lease(LEASE) == 45
    assert rows_per_lease(timedelta(seconds=1)) == 1
    rounds = [await round_as(store, receiver, "w1", lease=lease) for _ in range(3)]
    assert [r.delivered for r in rounds] == [2, 2, 1]
    assert [r.pending for r in rounds] == [3, 1, 0]
    assert sent_ids(receiver) == ids
