"""End to end: the bundled demo archive replayed on PostgreSQL by three workers at once
(each a thread with its own connection, claiming through ``watch``'s claim) gives exactly
the stories, versions, changes, labels, events and checks of the one-process demo on
SQLite, and no story is checked twice at one step of the replay (issue 15)."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest

from revtrack.cli.demo import bundled_archive
from revtrack.demo.clock import SimClock
from revtrack.demo.run import run_demo
from revtrack.demo.server import Capture, DemoServer, ServedStory
from revtrack.demo.sources import served_stories
from revtrack.demo.workers import Claimed, run_demo_workers
from revtrack.history.records import ensure_changes
from revtrack.store.open import open_store_at
from tests.pages import news_page
from tests.postgres.snapshot import everything

WORKERS = ("w1", "w2", "w3")
# One site per worker: the stories are dealt out over three loopback addresses.
HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


def _no_fsync(url: str) -> str:
    """``url`` whose sessions commit without waiting for the disk (a throwaway schema:
    about 2 ms less per commit, and a replay commits some 5 times per check)."""
    parts = urlsplit(url)
    query = [
        (k, f"{v} -csynchronous_commit=off" if k == "options" else v)
        for k, v in parse_qsl(parts.query)
    ]
    if "options" not in dict(query):
        query.append(("options", "-csynchronous_commit=off"))
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def _loopback_addresses() -> None:
    for host in HOSTS:
        with socket.socket() as probe:
            try:
                probe.bind((host, 0))
            except OSError as exc:
                pytest.skip(f"cannot listen on {host} (loopback beyond 127.0.0.1): {exc}")


@pytest.mark.slow
def test_three_workers_replay_the_demo_on_postgres_as_one_process_on_sqlite(
    pg_url: str, tmp_path: Path
) -> None:
    _loopback_addresses()
    archive = served_stories(bundled_archive())
    with open_store_at(tmp_path / "revtrack.db") as sqlite:
        ensure_changes(sqlite)
        one = asyncio.run(run_demo(sqlite, archive))
        on_sqlite = everything(sqlite)

    claims: list[Claimed] = []
    url = _no_fsync(pg_url)
    three = run_demo_workers(url, archive, workers=WORKERS, hosts=HOSTS, on_claim=claims.append)
    with open_store_at(url) as postgres:
        on_postgres = everything(postgres)
        # The workers are gone and hold no lease.
        assert postgres.workers(postgres.stories()[0].added_at, live_within=10**9) == []
        leased = postgres.conn.execute("SELECT count(*) FROM stories WHERE lease_owner <> ''")
        assert leased.fetchone()[0] == 0

    # The numbers the README's demo shows.
    stories = {k: v for k, v in on_sqlite.items() if k.startswith("http")}
    assert len(stories) == 7
    assert sum(len(s["versions"]) for s in stories.values()) == one.versions == 21
    assert sum(len(s["checks"]) for s in stories.values()) == one.checks > 500
    assert len(on_sqlite["queue"]) == 14
    # Everything the same, story by story, then whole.
    assert on_postgres.keys() == on_sqlite.keys()
    for key in on_sqlite:
        assert on_postgres[key] == on_sqlite[key], key
    assert (three.versions, three.checks) == (one.versions, one.checks)
    assert three.labels == one.labels
    assert three.events == one.events
    assert three.per_story == one.per_story

    # Every check was claimed once: never one story twice at one step, by any worker.
    claimed = Counter((c.at, story) for c in claims for story in c.story_ids)
    assert claimed, "no claims"
    assert max(claimed.values()) == 1
    assert sum(claimed.values()) == one.checks
    # The archive never has two checks due at one moment: at each step one worker
    # took the story and the other two found it leased; over the replay all three did.
    assert Counter(c.at for c in claims).most_common(1)[0][1] == 1
    assert {c.worker for c in claims} == set(WORKERS)


T0 = datetime(2025, 12, 1, 6, 0, tzinfo=UTC)
LEDE = "KYIV: Attacks overnight killed at least {} people, officials said on {}."
PAGES = [
    ("Attacks kill 1", 1, "Monday"),
    ("Attacks kill 3", 3, "Monday"),
    ("Attacks kill 3", 3, "Tuesday"),
    ("Attacks kill 5 as talks end", 5, "Tuesday"),
]


def _published_together(name: str) -> ServedStory:
    """A story published at ``T0``, as the others: their first checks fall due together
    (later ones drift apart: each story's schedule has a jitter of its own)."""
    canonical = f'<head><link rel="canonical" href="https://news.example/{name}">'
    captures = []
    for n, (headline, killed, day) in enumerate(PAGES):
        page = news_page(f"{name}: {headline}", [LEDE.format(killed, day), "Talks go on."], hit=n)
        body = page.replace("<head>", canonical, 1).encode()
        captures.append(Capture(T0 + timedelta(hours=3 * n), 200, body))
    return ServedStory(f"/{name}", tuple(captures))


@pytest.mark.slow
def test_three_workers_share_a_step_and_still_match_one_process(
    pg_url: str, tmp_path: Path
) -> None:
    _loopback_addresses()
    served = [_published_together(name) for name in ("kyiv", "odesa", "kharkiv")]
    with open_store_at(tmp_path / "revtrack.db") as sqlite:
        one = asyncio.run(run_demo(sqlite, served))
        on_sqlite = everything(sqlite)
    claims: list[Claimed] = []
    url = _no_fsync(pg_url)
    three = run_demo_workers(url, served, workers=WORKERS, hosts=HOSTS, on_claim=claims.append)
    with open_store_at(url) as postgres:
        assert everything(postgres) == on_sqlite
    assert (three.versions, three.checks, three.labels) == (one.versions, one.checks, one.labels)
    assert one.versions == 12
    # Each story once a step; at the first, all three due on three sites: each worker
    # took one site (its share) and they checked at once.
    claimed = Counter((c.at, story) for c in claims for story in c.story_ids)
    assert max(claimed.values()) == 1
    assert sum(claimed.values()) == one.checks
    first = [c for c in claims if c.at == T0]
    assert sorted(c.worker for c in first) == sorted(WORKERS)
    assert [len(c.story_ids) for c in first] == [1, 1, 1]


@pytest.mark.parametrize("host", ["10.0.0.1", "0.0.0.0", "::1", "localhost"])
def test_the_demo_serves_on_loopback_addresses_only(host: str) -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.0/8 only"):
        DemoServer([_published_together("a")], SimClock(T0), host=host)
