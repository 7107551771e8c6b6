"""Bad local state: broken config, a store from the future, read-only home, full disk.

Each ends in one clear line on stderr and a non-zero exit, never a traceback, and
loses nothing: the config and store are left as they were, every version
committed before the failure reads back intact.
"""

from __future__ import annotations

import hashlib
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from revtrack.store.migrations import LATEST
from tests.reliability.support import (
    add_stories,
    audit_store,
    committed_versions,
    lost_versions,
    make_home,
    news_server,
    revtrack_env,
    run,
)

STORIES = 30


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_one_line_error(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("revtrack: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture(scope="module")
def tracked_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home with STORIES stories, each captured once, and a server still serving them."""
    home = make_home(tmp_path_factory.mktemp("tracked"))
    with news_server(STORIES) as (_server, urls):
        add_stories(home, urls)
        assert run(home, "check", "--all", "--quiet").returncode == 0
        yield home


@pytest.fixture
def home(tracked_home: Path, tmp_path: Path) -> Path:
    """A private copy of the tracked home (the server behind it keeps running)."""
    copy = tmp_path / "home"
    shutil.copytree(tracked_home, copy)
    return copy


COMMANDS = [("list",), ("check", "--all"), ("review",), ("log", "1"), ("report", "--format", "csv")]
# Commands that read the config (the others need nothing from it and keep working).
CONFIG_COMMANDS = [("check", "--all"), ("check", "1"), ("watch",), ("notify", "status")]


@pytest.mark.parametrize(
    ("config", "fragments"),
    [
        ("[fetch\ntimeout = 3\n", ("config.toml", "invalid TOML")),
        ("[fetch]\ntimeout = 'soon'\n", ("fetch.timeout must be a float",)),
        ("[fetch]\ntimout = 3\n", ("unknown key fetch.timout",)),
        ("[fetchh]\n", ("unknown section [fetchh]",)),
        ("[notify]\nwebhook = 'file:///etc/passwd'\n", ("notify.webhook",)),
        ("\x00\xff garbage", ("config.toml",)),
    ],
)
def test_a_bad_config_is_one_line_and_touches_nothing(
    home: Path, config: str, fragments: tuple[str, ...]
) -> None:
    (home / "config.toml").write_bytes(config.encode("utf-8", "surrogateescape"))
    before = {p.name: _digest(p) for p in (home / "config.toml", home / "revtrack.db")}
    for command in CONFIG_COMMANDS:
        _assert_one_line_error(run(home, *command), *fragments)
    after = {p.name: _digest(p) for p in (home / "config.toml", home / "revtrack.db")}
    assert after == before


@pytest.mark.parametrize(
    ("damage", "fragments"),
    [
        ("newer", (f"schema {LATEST + 1}", "upgrade revtrack")),
        ("garbage", ("is not a revtrack store or is damaged",)),
        ("directory", ("revtrack.db is a folder",)),
    ],
)
def test_a_store_revtrack_cannot_use_is_refused_untouched(
    home: Path, damage: str, fragments: tuple[str, ...]
) -> None:
    db = home / "revtrack.db"
    if damage == "newer":
        conn = sqlite3.connect(db)
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
        conn.close()
    elif damage == "garbage":
        db.write_bytes(b"this is not SQLite" * 1000)
    else:
        db.unlink()
        db.mkdir()
    before = _digest(db) if db.is_file() else "dir"
    for command in COMMANDS:
        _assert_one_line_error(run(home, *command), *fragments)
    assert (_digest(db) if db.is_file() else "dir") == before


def test_a_home_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "home"
    not_a_dir.write_text("oops")
    _assert_one_line_error(run(not_a_dir, "list"), str(not_a_dir))


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_stops_the_pass_in_one_line_and_loses_nothing(home: Path) -> None:
    """A size-limited store file: writes beyond the limit fail as on a full disk."""
    db = home / "revtrack.db"
    seen = committed_versions(db)
    limit = max(p.stat().st_size for p in home.iterdir()) + 40_000
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "check", "--all", "--quiet"],
        env=revtrack_env(home), capture_output=True, text=True, timeout=120,
        preexec_fn=_limit_file_size(limit),
    )  # fmt: skip
    _assert_one_line_error(done, "nothing committed was lost")
    audit = audit_store(db)
    assert audit.problems == []
    assert lost_versions(seen, audit.versions) == []
    assert len(audit.versions) > len(seen)  # some checks committed before the disk filled
    # With room again, the next pass completes.
    again = run(home, "check", "--all", "--quiet")
    assert again.returncode == 0, again.stderr
    assert audit_store(db).problems == []


def _mount_namespaces() -> bool:
    """Whether this machine lets us mount a tmpfs in a private mount namespace."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(
    not _mount_namespaces(), reason="needs unshare -m and mount (root in a container)"
)


def _in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=180
    )


def _revtrack_line(home: Path, *args: str) -> str:
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in revtrack_env(home).items()
                   if k in ("REVTRACK_HOME", "NO_COLOR", "PATH", "PYTHONPATH", "HOME"))  # fmt: skip
    argv = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "revtrack", *args))
    return f"env {env} {argv}"


@needs_mounts
def test_a_full_tmpfs_stops_the_pass_in_one_line_and_loses_nothing(
    home: Path, tmp_path: Path
) -> None:
    mount, result = tmp_path / "small", tmp_path / "after"
    mount.mkdir()
    size_kb = sum(p.stat().st_size for p in home.iterdir()) // 1024 + 96
    q = shlex.quote
    script = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {q(str(mount))} && "
        f"cp -a {q(str(home))}/. {q(str(mount))}/ && "
        f"{_revtrack_line(mount, 'check', '--all', '--quiet')} "
        f"> {q(str(tmp_path / 'out'))} 2> {q(str(tmp_path / 'err'))}; "
        f"echo $? > {q(str(tmp_path / 'rc'))}; cp -a {q(str(mount))}/. {q(str(result))}/"
    )
    result.mkdir()
    ran = _in_namespace(script)
    assert ran.returncode == 0, ran.stderr
    done = subprocess.CompletedProcess(
        [], int((tmp_path / "rc").read_text()), (tmp_path / "out").read_text(),
        (tmp_path / "err").read_text(),
    )  # fmt: skip
    _assert_one_line_error(done, "full")
    seen = committed_versions(home / "revtrack.db")
    audit = audit_store(result / "revtrack.db")
    assert audit.problems == []
    assert lost_versions(seen, audit.versions) == []


@needs_mounts
def test_a_read_only_home_is_one_line_and_loses_nothing(home: Path, tmp_path: Path) -> None:
    before = {p.name: _digest(p) for p in home.iterdir() if p.is_file()}
    q = shlex.quote
    outputs = []
    script = (
        f"mount --bind {q(str(home))} {q(str(home))} && mount -o remount,ro,bind {q(str(home))}"
    )
    for i, command in enumerate([("check", "--all"), ("add", "https://news.example/new"),
                                 ("review", "mark", "1", "2", "reviewed")]):  # fmt: skip
        out, err = tmp_path / f"out{i}", tmp_path / f"err{i}"
        script += f" && ({_revtrack_line(home, *command)} > {q(str(out))} 2> {q(str(err))}; "
        script += f"echo $? > {q(str(tmp_path / f'rc{i}'))})"
        outputs.append((out, err, tmp_path / f"rc{i}"))
    ran = _in_namespace(script)
    assert ran.returncode == 0, ran.stderr
    for out, err, rc in outputs:
        done = subprocess.CompletedProcess(
            [], int(rc.read_text()), out.read_text(), err.read_text()
        )
        _assert_one_line_error(done, "read-only")
    assert {p.name: _digest(p) for p in home.iterdir() if p.is_file()} == before
    assert audit_store(home / "revtrack.db").problems == []
