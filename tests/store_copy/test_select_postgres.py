"""Commands on a PostgreSQL store ($REVTRACK_TEST_PG; skipped without it): no file lock."""

from __future__ import annotations

from pathlib import Path

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
