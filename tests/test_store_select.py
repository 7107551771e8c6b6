"""Choosing the store: --store > $REVTRACK_STORE > [store] url > revtrack.db in the home;
a password is never printed; a PostgreSQL store has no lock file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli, main
from revtrack.cli.context import AppContext
from revtrack.paths import STORE_ENV, redact_location, resolve_paths, scrub_password

PG = "postgresql://desk:hunter22@db.example/newsroom"
# Nothing listens on port 1 of the loopback: the connection is refused, no server needed.
CLOSED = "postgresql://desk:hunter22@127.0.0.1:1/newsroom"


@pytest.fixture(autouse=True)
def no_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STORE_ENV, raising=False)


def _paths(home: Path, *args: str) -> dict[str, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args, "paths", "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def _config(home: Path, url: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'[store]\nurl = "{url}"\n')


def test_without_a_url_the_store_is_the_file_in_the_home(tmp_path: Path) -> None:
    places = _paths(tmp_path)
    assert places["store"] == str(tmp_path / "revtrack.db")
    assert places["lock"] == str(tmp_path / "revtrack.lock")


def test_option_beats_environment_beats_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(tmp_path, "from-config.db")
    assert _paths(tmp_path)["store"] == str(tmp_path / "from-config.db")
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "from-env.db"))
    assert _paths(tmp_path)["store"] == str(tmp_path / "from-env.db")
    option = _paths(tmp_path, "--store", str(tmp_path / "from-option.db"))
    assert option["store"] == str(tmp_path / "from-option.db")
    assert option["lock"] == str(tmp_path / "from-option.lock")  # beside its store


def test_paths_hides_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    places = _paths(tmp_path, "--store", PG)
    assert places["store"] == "postgresql://desk:***@db.example/newsroom"
    assert places["lock"] is None  # PostgreSQL: passes take no lock
    monkeypatch.setenv(STORE_ENV, PG + "?sslmode=require&password=hunter22")
    shown = _paths(tmp_path)["store"]
    assert "hunter22" not in shown
    assert shown.endswith("?sslmode=require&password=***")
    _config(tmp_path / "c", PG)
    assert "hunter22" not in json.dumps(_paths(tmp_path / "c"))


def test_a_refused_connection_is_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed: no PostgreSQL driver")
    for args in (["--store", CLOSED, "list"], ["--store", CLOSED, "store", "copy", "--to", "x.db"]):
        with pytest.raises(SystemExit) as code:
            main(["--home", str(tmp_path), *args])
        assert code.value.code == 1
        err = capsys.readouterr().err
        assert "hunter22" not in err
        assert err.startswith(
            "revtrack: error: cannot open store postgresql://desk:***@127.0.0.1:1/"
        )
        assert err.count("\n") == 1
    # Copying to it: the source opens, the target is refused the same way.
    with pytest.raises(SystemExit):
        main(["--home", str(tmp_path), "store", "copy", "--to", CLOSED])
    err = capsys.readouterr().err
    assert "hunter22" not in err
    assert "postgresql://desk:***@127.0.0.1:1/newsroom" in err


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--store", "mysql://u:hunter22@db/x"],
            None,
            "--store 'mysql://u:***@db/x' is a mysql://",
        ),
        ([], "http://u:hunter22@db/x", "$REVTRACK_STORE 'http://u:***@db/x' is a http://"),
        (
            [],
            "postgresql://u:hunter22@db:0x/x",
            "$REVTRACK_STORE 'postgresql://u:***@db:0x/x' is not",
        ),
    ],
)
def test_a_bad_location_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: list[str], env: str | None, message: str,
) -> None:  # fmt: skip
    if env is not None:
        monkeypatch.setenv(STORE_ENV, env)
    with pytest.raises(SystemExit) as code:
        main(["--home", str(tmp_path), *args, "list"])
    assert code.value.code == 1
    err = capsys.readouterr().err
    assert message in err
    assert "hunter22" not in err


def test_a_bad_config_store_url_stops_commands_but_not_paths(tmp_path: Path) -> None:
    _config(tmp_path, "ftp://u:hunter22@db/x")
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "list"])
    assert result.exit_code == 1
    assert "store.url 'ftp://u:***@db/x' is a ftp:// URL" in str(result.exception)
    assert _paths(tmp_path)["config"] == str(tmp_path / "config.toml")


def test_a_sqlite_store_file_is_used_by_every_command(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "elsewhere" / "news.db"

    def run(*args: str) -> Result:
        return runner.invoke(cli, ["--home", str(tmp_path / "home"), "--store", str(store), *args])

    refused = run("list")  # its folder's parent exists, so the folder is made
    assert refused.exit_code == 0, refused.output
    assert run("add", "https://news.example/a").exit_code == 0
    assert "news.example/a" in run("list").output
    assert store.exists()
    assert not (tmp_path / "home" / "revtrack.db").exists()
    deep = runner.invoke(cli, ["--store", str(tmp_path / "no" / "such" / "x.db"), "list"])
    assert deep.exit_code == 1
    assert "no folder" in str(deep.exception)
    assert "for the store" in str(deep.exception)


def test_a_postgresql_store_has_no_lock_file_and_no_home_folder(tmp_path: Path) -> None:
    app = AppContext(paths=resolve_paths(tmp_path / "missing" / "home", PG))
    assert app.paths.lock_file is None
    assert app.paths.store_location == PG
    app.ensure_home()  # nothing to make for a database
    assert not (tmp_path / "missing").exists()


def test_redaction_and_scrubbing() -> None:
    assert redact_location("/tmp/a:b@c.db") == "/tmp/a:b@c.db"
    assert redact_location("postgresql://desk@db/x") == "postgresql://desk@db/x"
    assert (
        redact_location("postgres://d:p%40ss@db/x?password=q")
        == "postgres://d:***@db/x?password=***"
    )
    text = "failed for postgres://d:p%40ss@db/x: bad password p@ss (p%40ss)"
    assert scrub_password(text, "postgres://d:p%40ss@db/x") == (
        "failed for postgres://d:***@db/x: bad password *** (***)"
    )


def test_the_tui_factory_takes_a_location(tmp_path: Path) -> None:
    from revtrack.tui.app import make_app

    app = make_app(str(tmp_path / "t.db"), refresh_every=0)
    try:
        assert app.store.stories() == []
    finally:
        app.store.close()


def test_the_demo_keeps_to_its_own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$REVTRACK_STORE names the user's own store: the demo never replays into it."""
    mine = tmp_path / "mine.db"
    monkeypatch.setenv(STORE_ENV, str(mine))
    home = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--no-tui", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert (home / "revtrack.db").exists()
    assert not mine.exists()
