"""Leases on stories and outbox rows: several workers on one store (issue 15)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from revtrack.store.open import open_store_at
from revtrack.store.rows import CheckOutcome, StoryUpdate
from revtrack.store.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def _add(store: Store, sites: int, per_site: int) -> None:
    for site in range(sites):
        for n in range(per_site):
            store.add_story(f"https://s{site}.example/{n}", now=T0)


def test_a_leased_story_is_not_claimed_again_until_its_lease_ends(backend_store: Store) -> None:
    _add(backend_store, 2, 3)
    first = backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=100)
    assert len(first) == 6
    # w1 stops without releasing (killed): nothing for w2 while the lease lasts...
    assert backend_store.claim_stories("w2", T0 + LEASE / 2, until=T0 + 2 * LEASE, limit=100) == []
    # ...and all of it once the lease ends.
    later = backend_store.claim_stories("w2", T0 + LEASE, until=T0 + 2 * LEASE, limit=100)
    assert sorted(s.id for s in later) == sorted(s.id for s in first)


def test_a_recorded_check_moves_the_story_on_so_it_is_not_checked_again(
    backend_store: Store,
) -> None:
    _add(backend_store, 1, 2)
    claimed = backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=100)
    with backend_store.transaction():  # w1 records one check, then dies
        backend_store.update_story(
            claimed[0].id,
            StoryUpdate(last_checked_at=T0, next_check_at=T0 + timedelta(hours=1)),
        )
    again = backend_store.claim_stories("w2", T0 + LEASE, until=T0 + 2 * LEASE, limit=100)
    assert [s.id for s in again] == [claimed[1].id]


def test_live_workers_share_the_sites_out(backend_store: Store) -> None:
    _add(backend_store, 4, 2)
    for worker in ("w1", "w2"):
        backend_store.heartbeat(worker, T0)
    one = backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=100)
    two = backend_store.claim_stories("w2", T0, until=T0 + LEASE, limit=100)
    sites_one, sites_two = {s.site for s in one}, {s.site for s in two}
    assert len(sites_one) == len(sites_two) == 2
    assert not sites_one & sites_two
    assert backend_store.claim_stories("w3", T0, until=T0 + LEASE, limit=100) == []


def test_release_and_the_workers_listing(backend_store: Store) -> None:
    _add(backend_store, 1, 3)
    backend_store.heartbeat("w1", T0)
    backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=100)
    backend_store.heartbeat("w1", T0 + timedelta(seconds=10), checks=5)
    (info,) = backend_store.workers(T0 + timedelta(seconds=10))
    assert (info.id, info.leases, info.checks, info.rate) == ("w1", 3, 5, 0.5)
    assert info.lease_until == T0 + LEASE
    assert backend_store.release_leases("w1") == 3
    assert backend_store.workers(T0 + timedelta(seconds=10))[0].leases == 0
    assert backend_store.workers(T0 + timedelta(hours=1)) == []  # no heartbeat: not live
    backend_store.forget_worker("w1")
    assert backend_store.workers(T0 + timedelta(seconds=10)) == []


def test_the_outbox_goes_to_one_worker_at_a_time(backend_store: Store) -> None:
    # A second worker waits while the first holds any waiting row (so no newer row
    # overtakes an older one); its rows come back when its lease ends.
    story, _ = backend_store.add_story("https://s.example/a", now=T0)
    with backend_store.transaction():
        for seq in range(1, 5):
            backend_store.add_outbox(story.id, seq, target="http://hook", payload="{}", at=T0)
    one = backend_store.claim_outbox("w1", T0, until=T0 + LEASE, limit=2)
    assert [i.seq for i in one] == [1, 2]
    assert backend_store.claim_outbox("w2", T0, until=T0 + LEASE, limit=10) == []
    later = backend_store.claim_outbox("w3", T0 + LEASE, until=T0 + 2 * LEASE)
    assert [i.seq for i in later] == [1, 2, 3, 4]


def _worker_loop(url: str, name: str, log: list[tuple[str, str, int]], errors: list[str]) -> None:
    """Claim, 'check' (move the story on), release; log every claim and release."""
    try:
        with open_store_at(url) as store:
            store.heartbeat(name, T0)
            for _round in range(40):
                claimed = store.claim_stories(name, T0, until=T0 + LEASE, limit=7)
                for story in claimed:
                    log.append(("claim", name, story.id))
                for story in claimed:
                    with store.transaction():
                        store.update_story(story.id, StoryUpdate(next_check_at=T0 + LEASE))
                        store.add_check(story.id, at=T0, outcome=CheckOutcome.UNCHANGED)
                    log.append(("release", name, story.id))
                store.release_leases(name, [s.id for s in claimed])
                if not claimed and store.next_check_due() == T0 + LEASE:
                    return
    except Exception as exc:  # reported by the test
        errors.append(f"{name}: {exc!r}")


def _concurrent(pg_url: str, workers: int) -> None:
    with open_store_at(pg_url) as store:
        _add(store, 10, 12)
        log: list[tuple[str, str, int]] = []
        errors: list[str] = []
        threads = [
            threading.Thread(target=_worker_loop, args=(pg_url, f"w{i}", log, errors))
            for i in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        assert not any(t.is_alive() for t in threads)
        # Every story checked exactly once, and never held by two workers at once.
        checks = Counter(c.story_id for s in store.stories() for c in store.checks(s.id))
        assert sorted(checks.values()) == [1] * 120
        holder: dict[int, str] = {}
        for kind, name, story_id in list(log):
            if kind == "claim":
                assert story_id not in holder
                holder[story_id] = name
            else:
                assert holder.pop(story_id) == name


def test_two_workers_on_postgresql_never_check_a_story_twice(pg_url: str) -> None:
    _concurrent(pg_url, 2)


def test_three_workers_on_postgresql_never_check_a_story_twice(pg_url: str) -> None:
    _concurrent(pg_url, 3)


def test_workers_share_hosts_out_not_the_pages_site_names(backend_store: Store) -> None:
    """After a check ``site`` is the page's name for its publication: two hosts may
    share one, one host may show several. Politeness goes by the host."""
    urls = ["https://a.example/1", "https://a.example/2", "https://b.example/1"]
    ids = [backend_store.add_story(url, now=T0)[0].id for url in urls]
    names = ["Gazette", "Gazette Sport", "Gazette"]  # a.example shows two, b one of them
    with backend_store.transaction():
        for story_id, name in zip(ids, names, strict=True):
            backend_store.update_story(story_id, StoryUpdate(site=name))
        # A row from before migration 11 has no host yet: the next claim fills it in.
        backend_store.conn.execute("UPDATE stories SET host = '' WHERE id = ?", (ids[2],))
    for worker in ("w1", "w2"):
        backend_store.heartbeat(worker, T0)
    one = backend_store.claim_stories("w1", T0, until=T0 + LEASE, limit=100)
    two = backend_store.claim_stories("w2", T0, until=T0 + LEASE, limit=100)
    assert sorted(s.id for s in one) == ids[:2]  # both a.example stories, whatever their names
    assert [s.id for s in two] == ids[2:]
    held = backend_store.lease_named("w3", ids, T0, until=T0 + LEASE)
    assert held.leased == []
    assert {w: len(s) for w, s in held.held.items()} == {"w1": 2, "w2": 1}
