"""``revtrack workers``: the live workers, their role, leases and rate, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from click.testing import Result

from revtrack.clock import utcnow
from revtrack.paths import resolve_paths
from revtrack.store.store import Store


def test_workers_lists_the_live_ones_with_role_leases_and_rate(
    home: Path, run: Callable[..., Result]
) -> None:
    path = resolve_paths(str(home)).db_path
    path.parent.mkdir(parents=True, exist_ok=True)
    now = utcnow()
    with Store.open(path) as store:
        store.add_story("https://a.example/1", now=now - timedelta(hours=1))
        store.heartbeat("desk:7", now - timedelta(seconds=60))
        store.heartbeat("desk:7", now, checks=30)
        store.claim_stories("desk:7", now, until=now + timedelta(minutes=15), limit=10)
        store.heartbeat("laptop:9", now, role="check")
        store.heartbeat("gone:1", now - timedelta(hours=2))  # not live
    text = run("workers")
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["desk", "laptop"]
    assert lines[0].startswith("desk:7 (watch): 1 leased, until in ")
    assert "30 checks, 30.0/min" in lines[0]
    assert lines[1].startswith("laptop:9 (check): 0 leased; 0 checks")
    rows = json.loads(run("workers", "--json").output)
    assert [(r["id"], r["role"], r["leases"], r["checks"]) for r in rows] == [
        ("desk:7", "watch", 1, 30),
        ("laptop:9", "check", 0, 0),
    ]
