"""`revtrack check` on PostgreSQL is a worker: it takes no lock file, leases what it
checks (due stories as `watch` claims them, named ones or --all as asked), skips and names
stories another worker holds, and leaves no lease or heartbeat behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli
from revtrack.clock import utcnow
from revtrack.fetch.politeness import HostGate
from revtrack.store.open import open_store_at
from revtrack.store.store import Store
from tests.loopback import LoopbackServer
from tests.workers.pages import Pages

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)
OTHER = "elsewhere:4242"  # a live `watch` worker on another machine


@pytest.fixture
def pages() -> Pages:
    return Pages()


@pytest.fixture
def server(pages: Pages) -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        for i in range(20):
            running.route(f"/s{i}", pages)
        yield running
        running.raise_errors()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home whose config lets loopback pages be fetched without a long host gap."""
    root = tmp_path / "home"
    root.mkdir()
    (root / "config.toml").write_text("[fetch]\nper_host = 2\nmin_host_gap = 0.01\n")
    return root


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    with open_store_at(pg_url) as opened:
        yield opened


@pytest.fixture
def check(home: Path, pg_url: str) -> Callable[..., Result]:
    """`revtrack --home HOME --store PG check ...`, in process."""

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(
            cli, ["--home", str(home), "--store", pg_url, "check", *args], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result

    return invoke


def _add(store: Store, server: LoopbackServer, host: str, paths: range) -> list[int]:
    base = f"http://{host}:{server.port}"
    return [store.add_story(f"{base}/s{i}", now=utcnow())[0].id for i in paths]


def _hold(store: Store, worker: str, story_ids: list[int]) -> None:
    """``worker`` is alive and holds ``story_ids`` (as a `watch` mid-pass does)."""
    store.heartbeat(worker, utcnow())
    now = utcnow()
    assert [s.id for s in store.lease_named(worker, story_ids, now, until=now + LEASE).leased]


def _lease_owners(store: Store) -> Counter[str]:
    rows = store.conn.execute(
        "SELECT lease_owner FROM stories WHERE lease_owner IS NOT NULL"
    ).fetchall()
    return Counter(str(row[0]) for row in rows)


def _checked(store: Store, ids: list[int]) -> list[int]:
    return [len(store.checks(story_id)) for story_id in ids]


def test_named_stories_held_by_another_worker_are_skipped_and_named(
    check: Callable[..., Result], store: Store, server: LoopbackServer, home: Path
) -> None:
    # The held ones on a site of their own (one worker a site; never fetched here).
    ids = _add(store, server, "localhost", range(2)) + _add(store, server, "127.0.0.1", range(2, 4))
    _hold(store, OTHER, ids[:2])
    urls = [store.story(i).url for i in ids]
    result = check(*urls)
    lines = result.output.splitlines()
    assert lines[0].startswith("worker ")
    worker = lines[0].removeprefix("worker ")
    assert worker.endswith(f":{os.getpid()}")
    assert f"2 stories skipped: being checked by worker {OTHER}" in lines
    assert lines[-1] == "checked 2: 2 new-version"
    assert _checked(store, ids) == [0, 0, 1, 1]
    # Nothing stays leased to the check, and it is not listed as a worker any more;
    # the other worker's leases are untouched.
    assert _lease_owners(store) == Counter({OTHER: 2})
    assert [w.id for w in store.workers(utcnow())] == [OTHER]
    assert not (home / "revtrack.lock").exists()  # no lock file on PostgreSQL


def test_all_skips_what_another_worker_holds_and_quiet_keeps_the_note(
    check: Callable[..., Result], store: Store, server: LoopbackServer
) -> None:
    ids = [
        *_add(store, server, "127.0.0.1", range(1)),
        *_add(store, server, "localhost", range(1, 2)),  # held: never fetched
        *_add(store, server, "127.0.0.2", range(2, 3)),
    ]
    _hold(store, OTHER, ids[1:2])
    _hold(store, "third:1", ids[2:3])
    result = check("--all", "--quiet")
    assert result.output.splitlines() == [
        f"2 stories skipped: being checked by workers {OTHER} (1), third:1 (1)",
        "checked 1: 1 new-version",
    ]
    assert _checked(store, ids) == [1, 0, 0]
    assert _lease_owners(store) == Counter({OTHER: 1, "third:1": 1})


def test_an_expired_lease_does_not_hold_a_named_story(
    check: Callable[..., Result], store: Store, server: LoopbackServer
) -> None:
    (story_id,) = _add(store, server, "127.0.0.1", range(1))
    past = utcnow() - 2 * LEASE
    store.lease_named("dead:1", [story_id], past, until=past + LEASE)  # a killed worker's
    result = check(store.story(story_id).url)
    assert "skipped" not in result.output
    assert _checked(store, [story_id]) == [1]
    assert _lease_owners(store) == Counter()


def test_due_stories_are_claimed_and_a_held_site_left_to_its_worker(
    check: Callable[..., Result], store: Store, server: LoopbackServer
) -> None:
    held_site = _add(store, server, "localhost", range(2))
    free_site = _add(store, server, "127.0.0.1", range(2, 5))
    _hold(store, OTHER, held_site[:1])  # its worker holds the site: the other story too
    result = check()
    lines = result.output.splitlines()
    assert lines[0].startswith("worker ")
    assert f"2 due stories skipped: being checked by worker {OTHER}" in lines
    assert lines[-1] == "checked 3: 3 new-version"
    assert _checked(store, held_site + free_site) == [0, 0, 1, 1, 1]
    assert _lease_owners(store) == Counter({OTHER: 1})
    assert [w.id for w in store.workers(utcnow())] == [OTHER]
    # With everything due held by the other worker, a check says so.
    again = check("-q")
    assert again.output.splitlines() == [
        f"nothing to check: 2 due stories are being checked by worker {OTHER}"
    ]


def _checked_in(output: str) -> int:
    last = output.splitlines()[-1]  # "checked 7: ...", or "nothing to check: ..."
    return int(last.split()[1].rstrip(":")) if last.startswith("checked ") else 0


def _two_sites(
    store: Store, server: LoopbackServer, home: Path
) -> tuple[list[int], dict[str, str]]:
    """Twenty stories over two hosts (localhost and 127.0.0.1), and the environment a
    revtrack process on ``home`` runs with."""
    ids = _add(store, server, "localhost", range(10))
    ids += _add(store, server, "127.0.0.1", range(10, 20))
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    env.pop("REVTRACK_STORE", None)
    return ids, env


def test_two_check_processes_at_once_never_check_one_story_twice(
    pg_url: str,
    store: Store,
    server: LoopbackServer,
    pages: Pages,
    home: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    ids, env = _two_sites(store, server, home)

    def both(*args: str) -> list[str]:
        """Two `check` processes started together; their outputs."""
        command = [sys.executable, "-m", "revtrack", "--store", pg_url, "check", *args]
        started = [
            subprocess.Popen(
                command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        processes.extend(started)
        outputs = []
        for process in started:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            outputs.append(out)
        return outputs

    # Due stories: shared out between the two, each checked exactly once.
    due = both()
    assert sum(_checked_in(out) for out in due) == len(ids)
    assert _checked(store, ids) == [1] * len(ids)
    # --all, twice at once: a story one of them holds is skipped by the other, so no
    # page is ever fetched twice at once, and each story is checked once or twice.
    forced = both("--all")
    assert pages.most_per_path == 1
    assert all(2 <= n <= 3 for n in _checked(store, ids))
    assert sum(_checked_in(out) for out in forced) == sum(_checked(store, ids)) - len(ids)
    assert sum(pages.served.values()) == sum(_checked(store, ids))
    assert _lease_owners(store) == Counter()
    assert store.workers(utcnow()) == []


# -- the store method behind it, on both backends ----------------------------------------


def _stories(store: Store, count: int) -> list[int]:
    """``count`` stories, each on a site of its own."""
    return [store.add_story(f"https://s{n}.example/{n}", now=T0)[0].id for n in range(count)]


def test_lease_named_takes_the_free_and_names_the_held(backend_store: Store) -> None:
    ids = _stories(backend_store, 4)
    first = backend_store.lease_named("w1", ids[:2], T0, until=T0 + LEASE)
    assert [s.id for s in first.leased] == ids[:2]
    assert first.held == {}
    got = backend_store.lease_named("w2", [ids[3], *ids, 999], T0, until=T0 + LEASE)
    assert [s.id for s in got.leased] == [ids[3], ids[2]]  # as asked; unknown ids left out
    assert {w: [s.id for s in held] for w, held in got.held.items()} == {"w1": ids[:2]}
    # Its own lease is extended; another's that ended is taken.
    later = T0 + LEASE
    again = backend_store.lease_named("w2", ids, later, until=later + LEASE)
    assert [s.id for s in again.leased] == ids
    assert backend_store.release_leases("w2") == 4


def test_lease_named_leaves_a_site_another_worker_holds_to_it(backend_store: Store) -> None:
    a = [backend_store.add_story(f"https://a.example/{n}", now=T0)[0].id for n in range(3)]
    b = backend_store.add_story("https://b.example/1", now=T0)[0].id
    backend_store.claim_stories("watcher", T0, until=T0 + LEASE, limit=1)  # one story of a
    got = backend_store.lease_named("check", [*a, b], T0, until=T0 + LEASE)
    assert [s.id for s in got.leased] == [b]
    assert {w: [s.id for s in held] for w, held in got.held.items()} == {"watcher": a}


def test_due_held_by_others_counts_leases_and_held_sites(backend_store: Store) -> None:
    a = [backend_store.add_story(f"https://a.example/{n}", now=T0)[0].id for n in range(3)]
    b = [backend_store.add_story(f"https://b.example/{n}", now=T0)[0].id for n in range(2)]
    backend_store.lease_named("w1", a[:1], T0, until=T0 + LEASE)
    backend_store.lease_named("me", b[:1], T0, until=T0 + LEASE)
    assert backend_store.due_held_by_others("me", T0) == {"w1": 3}
    assert backend_store.due_held_by_others("w1", T0) == {"me": 2}
    assert backend_store.due_held_by_others("me", T0 + LEASE) == {}  # the leases ended


def test_check_all_beside_a_running_watch_never_fetches_a_page_twice_at_once(
    pg_url: str,
    store: Store,
    server: LoopbackServer,
    pages: Pages,
    home: Path,
    processes: list[subprocess.Popen[str]],
) -> None:
    ids, env = _two_sites(store, server, home)
    revtrack = [sys.executable, "-m", "revtrack", "--store", pg_url]
    pipes = {"text": True, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    watch = subprocess.Popen([*revtrack, "watch", "-q", "--worker-id", "w-watch"], env=env, **pipes)
    processes.append(watch)
    checks = subprocess.Popen([*revtrack, "check", "--all", "-q"], env=env, **pipes)
    processes.append(checks)
    out, err = checks.communicate(timeout=120)
    assert checks.returncode == 0, err
    deadline = time.monotonic() + 60
    while not all(_checked(store, ids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    watch.send_signal(signal.SIGTERM)
    _out, err = watch.communicate(timeout=60)
    assert watch.returncode == 0, err
    assert pages.most_per_path == 1
    assert all(1 <= n <= 2 for n in _checked(store, ids))
    assert sum(pages.served.values()) == sum(_checked(store, ids))
    skipped = [line for line in out.splitlines() if "skipped" in line]
    assert len(skipped) <= 1  # one line, if the watch held any story at the time
    if skipped:
        assert skipped[0].endswith("skipped: being checked by worker w-watch")
    assert _lease_owners(store) == Counter()


def test_named_stories_wait_the_gap_after_another_workers_last_send(
    check: Callable[..., Result],
    store: Store,
    server: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (story_id,) = _add(store, server, "127.0.0.1", range(1))
    last = utcnow()
    store.record_host_starts({f"127.0.0.1:{server.port}": last})  # a watch's, on release
    primed: list[tuple[str, datetime]] = []
    original = HostGate.started_at

    def spy(gate: HostGate, host: str, when: datetime) -> None:
        primed.append((host, when))
        original(gate, host, when)

    monkeypatch.setattr(HostGate, "started_at", spy)
    check(store.story(story_id).url)
    assert primed == [(f"127.0.0.1:{server.port}", last)]
    assert _checked(store, [story_id]) == [1]
