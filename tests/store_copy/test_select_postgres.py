"""Commands on a PostgreSQL store ($REVTRACK_TEST_PG; skipped without it): no file lock."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest
from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.lock import pass_lock


def test_check_on_postgresql_takes_no_file_lock(tmp_path: Path, pg_url: str) -> None:
    runner = CliRunner()
    home = tmp_path / "home"
    home.mkdir()
    with pass_lock(home / "revtrack.lock"):  # a SQLite pass in the same home holds it
        checked = runner.invoke(cli, ["--home", str(home), "--store", pg_url, "check", "--all"])
        assert checked.exit_code == 0, checked.output
        refused = runner.invoke(cli, ["--home", str(home), "check", "--all"])
        assert refused.exit_code == 1
        assert "another revtrack check or watch is running" in str(refused.exception)
    assert not (home / "revtrack.db").exists()  # the SQLite store was never made


def test_the_password_can_come_from_libpq_environment(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A URL without its password works with PGPASSWORD set (as with ~/.pgpass)."""
    parts = urlsplit(pg_url)
    if parts.password:
        monkeypatch.setenv("PGPASSWORD", unquote(parts.password))
    host = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}@" if parts.username else ""
    bare = urlunsplit((parts.scheme, f"{user}{host}", parts.path, parts.query, ""))
    assert urlsplit(bare).password is None
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "--store", bare, "list"])
    assert result.exit_code == 0, result.output
