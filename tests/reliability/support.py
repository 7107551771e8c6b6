"""Shared tools for the reliability suite: real processes, a news server, a store audit."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from revtrack.check.fingerprint import fingerprint_article
from revtrack.store.store import Store
from tests.loopback import LoopbackServer, Request, Response
from tests.pages import news_page

# More rounds of the randomised scenarios on demand: REVTRACK_RELIABILITY_ROUNDS=5.
ROUNDS = range(1, 1 + int(os.environ.get("REVTRACK_RELIABILITY_ROUNDS", "1")))
FAST_FETCH = "[fetch]\nmin_host_gap = 0\nper_host = 8\nconcurrency = 8\nretries = 0\ntimeout = 30\n"


def make_home(tmp_path: Path, config: str = FAST_FETCH) -> Path:
    home = tmp_path / "home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(config, encoding="utf-8")
    return home


def revtrack_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVTRACK_")}
    return env | {"REVTRACK_HOME": str(home), "NO_COLOR": "1", "PYTHONWARNINGS": "error"}


def start(home: Path, *args: str, **popen: object) -> subprocess.Popen[str]:
    """``revtrack ARGS`` as a real process on ``home``."""
    return subprocess.Popen(
        [sys.executable, "-m", "revtrack", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=revtrack_env(home),
        **popen,  # type: ignore[arg-type]
    )  # fmt: skip


def stop(process: subprocess.Popen[str], timeout: float = 30) -> None:
    """Make sure ``process`` is gone (killed if it still runs) and its pipes are closed."""
    if process.poll() is None:
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, ValueError):  # pipes already closed
        process.communicate(timeout=timeout)


@contextmanager
def running(home: Path, *args: str, **popen: object) -> Iterator[subprocess.Popen[str]]:
    """``revtrack ARGS`` started for the body of a ``with``, and never left running after it."""
    process = start(home, *args, **popen)
    try:
        yield process
    finally:
        stop(process)


def run(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    process = start(home, *args)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        stop(process)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def changing_page(request: Request) -> Response:
    """A story that really changes on every request (a live story), in fresh noise."""
    paragraphs = [
        f"The toll from the storm rose to {request.hit * 3} on day {request.hit}, officials said.",
        "Crews worked through the night to restore power to the coast.",
        f"\u201cWe have {request.hit} teams out,\u201d said the regional chief, Ana Silva.",
    ]
    page = news_page(f"Storm toll rises to {request.hit * 3} on {request.path}", paragraphs,
                     hit=request.hit)  # fmt: skip
    return Response.html(page)


@contextmanager
def news_server(
    stories: int, handler: Callable[[Request], Response] = changing_page
) -> Iterator[tuple[LoopbackServer, list[str]]]:
    with LoopbackServer() as server:
        for i in range(stories):
            server.route(f"/story/{i}", handler)
        yield server, [server.url(f"/story/{i}") for i in range(stories)]


def add_stories(home: Path, urls: Sequence[str]) -> None:
    done = run(home, "add", *urls)
    assert done.returncode == 0, done.stderr


def count_rows(db: Path, table: str) -> int:
    """Rows in a table, read by a separate read-only connection (0 before it exists)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def wait_for_rows(db: Path, table: str, at_least: int, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    seen = count_rows(db, table)
    while seen < at_least and time.monotonic() < deadline:
        time.sleep(0.02)
        seen = count_rows(db, table)
    return seen


@dataclass(frozen=True, slots=True)
class VersionFacts:
    """What must never change about a committed version."""

    headline: str
    fingerprint: str
    article_sha: str
    raw_sha: str


@dataclass(slots=True)
class Audit:
    """A store checked end to end: what it holds, and every problem found."""

    versions: dict[tuple[int, int], VersionFacts] = field(default_factory=dict)
    checks: int = 0
    changes: int = 0
    problems: list[str] = field(default_factory=list)


def committed_versions(db: Path) -> dict[tuple[int, int], VersionFacts]:
    """The versions a reader sees right now (taken just before a kill)."""
    if not db.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        rows = conn.execute(
            "SELECT story_id, seq, headline, fingerprint, article_sha, raw_sha FROM versions"
        ).fetchall()
        conn.close()
    except sqlite3.OperationalError:
        return {}
    return {(r[0], r[1]): VersionFacts(r[2], r[3], r[4], r[5]) for r in rows}


def audit_store(db: Path, *, outbox: bool = False) -> Audit:
    """Open the store as revtrack does and check everything a crash could break.

    With ``outbox`` (a webhook is configured) every change must have its outbox row.
    """
    audit = Audit()
    with Store.open(db) as store:
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            audit.problems.append(f"integrity_check: {integrity}")
        for story in store.stories():
            _audit_story(store, story.id, audit)
        audit.checks = store.conn.execute("SELECT count(*) FROM checks").fetchone()[0]
        audit.changes = store.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        dangling = store.conn.execute(
            "SELECT count(*) FROM checks c WHERE c.version_seq IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM versions v WHERE v.story_id = c.story_id AND v.seq = c.version_seq)"
        ).fetchone()[0]
        if dangling:
            audit.problems.append(f"{dangling} checks name a version that does not exist")
        unsent = store.conn.execute(
            "SELECT count(*) FROM changes c WHERE NOT EXISTS (SELECT 1 FROM outbox o"
            " WHERE o.story_id = c.story_id AND o.seq = c.seq)"
        ).fetchone()[0]
        if outbox and unsent:
            audit.problems.append(f"{unsent} changes without their outbox row")
    return audit


def _audit_story(store: Store, story_id: int, audit: Audit) -> None:
    versions = store.versions(story_id)
    if [v.seq for v in versions] != list(range(1, len(versions) + 1)):
        audit.problems.append(f"story {story_id}: version numbers {[v.seq for v in versions]}")
    logged = {c.version_seq for c in store.checks(story_id) if c.version_seq is not None}
    for version in versions:
        key = (story_id, version.seq)
        audit.versions[key] = VersionFacts(
            version.headline, version.fingerprint, version.article_sha, version.raw_sha
        )
        try:
            article = store.article(version)
            raw = store.raw_html(version)
        except Exception as exc:  # any failure to read back is the defect we look for
            audit.problems.append(f"{key}: unreadable ({exc!r})")
            continue
        if fingerprint_article(article) != version.fingerprint:
            audit.problems.append(f"{key}: article does not match its fingerprint")
        if article.headline != version.headline or not raw:
            audit.problems.append(f"{key}: headline or raw page differ from the row")
        if version.seq not in logged:
            audit.problems.append(f"{key}: a version without the check that made it")
        if version.seq > 1 and store.change(story_id, version.seq) is None:
            audit.problems.append(f"{key}: a version without its change row")


def lost_versions(
    before: dict[tuple[int, int], VersionFacts], after: dict[tuple[int, int], VersionFacts]
) -> list[str]:
    """Versions seen committed before a crash that are missing or different after it."""
    lost = []
    for key, facts in before.items():
        if after.get(key) != facts:
            lost.append(f"{key}: {facts} became {after.get(key)}")
    return lost
