"""`schedule install` carries the store the command runs on: a SQLite file or a URL
without a password as --store on the timer's command line, a URL with a password only in
an environment file (0600) the unit names; a store from the config needs nothing."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli
from revtrack.schedule.units import TimerStore, cron_line, env_file_text, systemd_quote

PASSWORD = "s3cr%t$'pw"
SECRET_URL = "postgresql://rt:s3cr%25t$'pw@db.example:5433/news?sslmode=require"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the systemd user units go (XDG_CONFIG_HOME moved into the test's folder)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "systemd" / "user"


@pytest.fixture
def install(home: Path) -> Callable[..., Result]:
    """`revtrack --home HOME [global options] schedule install [options]`."""

    def invoke(*options: str, store: str | None = None, env: str | None = None) -> Result:
        args = ["--home", str(home)] + (["--store", store] if store is not None else [])
        result = CliRunner(env={"REVTRACK_STORE": env}).invoke(
            cli, [*args, "schedule", "install", *options], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result

    return invoke


def systemd_words(line: str) -> list[str]:
    """An ExecStart= value split as systemd does (systemd.syntax(7)): words on blanks,
    double quotes with C escapes, ``%%`` and ``$$`` for literal ``%`` and ``$``."""
    words: list[str] = []
    word: list[str] | None = None
    quoted = False
    chars = iter(line)
    for char in chars:
        if char in "%$":
            following = next(chars)
            assert following == char, f"unescaped {char} in {line!r}"
        elif char == "\\":
            escape = next(chars)
            assert quoted, f"an escape outside quotes in {line!r}"
            assert escape in '\\"', f"an unexpected escape in {line!r}"
            char = escape
        elif char == '"':
            quoted = not quoted
            word = [] if word is None else word
            continue
        elif char == " " and not quoted:
            if word is not None:
                words.append("".join(word))
            word = None
            continue
        word = [] if word is None else word
        word.append(char)
    assert not quoted
    if word is not None:
        words.append("".join(word))
    return words


def service_lines(unit_dir: Path) -> dict[str, str]:
    text = (unit_dir / "revtrack-check.service").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_the_default_store_adds_nothing(install: Callable[..., Result], units: Path) -> None:
    result = install()
    service = service_lines(units)
    assert "--store" not in service["ExecStart"]
    assert "EnvironmentFile" not in service
    assert "store:" not in result.output


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_sqlite_file_goes_as_store_quoted_for_systemd(
    install: Callable[..., Result], units: Path, tmp_path: Path, how: str
) -> None:
    db = tmp_path / 'odd dir/my "50%" $HOME\\store.db'
    result = install(**({"store": str(db)} if how == "option" else {"env": str(db)}))
    service = service_lines(units)
    words = systemd_words(service["ExecStart"])
    assert words[0] == sys.executable
    assert words[words.index("--store") + 1] == str(db)
    assert words[-2:] == ["check", "--quiet"]
    assert "EnvironmentFile" not in service
    assert f"store: {db}: the timer runs revtrack with --store" in result.output


def test_a_url_without_a_password_goes_as_store(
    install: Callable[..., Result], units: Path, home: Path
) -> None:
    url = "postgresql://rt@db.example/news?sslmode=require&application_name=a%20b"
    install(store=url)
    words = systemd_words(service_lines(units)["ExecStart"])
    assert words[words.index("--store") + 1] == url
    assert not (home / "revtrack-check.env").exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_url_with_a_password_goes_only_in_a_0600_environment_file(
    install: Callable[..., Result], units: Path, home: Path, how: str
) -> None:
    result = install(**({"store": SECRET_URL} if how == "option" else {"env": SECRET_URL}))
    env_file = home / "revtrack-check.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    service_text = (units / "revtrack-check.service").read_text()
    for text in (service_text, result.output, (units / "revtrack-check.timer").read_text()):
        assert "s3cr" not in text
    service = service_lines(units)
    assert service["EnvironmentFile"] == str(env_file)
    assert "--store" not in systemd_words(service["ExecStart"])
    assert "postgresql://rt:***@db.example:5433/news" in result.output
    assert f"wrote {env_file} (mode 0600)" in result.output
    # What systemd (and sh) read from it is the URL, exactly.
    assert read_env_file(env_file) == SECRET_URL.replace("'", "%27")


def read_env_file(path: Path) -> str:
    """``$REVTRACK_STORE`` as ``sh`` reads the file (the quoting systemd also reads)."""
    script = f'. {shlex.quote(str(path))} && printf %s "$REVTRACK_STORE"'
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    return done.stdout


def test_a_second_install_rewrites_the_environment_file_still_0600(
    install: Callable[..., Result], units: Path, home: Path
) -> None:
    home.mkdir()
    env_file = home / "revtrack-check.env"
    env_file.write_text("REVTRACK_STORE='old'\n")
    env_file.chmod(0o644)
    install(store=SECRET_URL)
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert read_env_file(env_file) == SECRET_URL.replace("'", "%27")
    assert [p.name for p in home.iterdir() if p.name.startswith(".")] == []


def test_print_writes_nothing_and_hides_the_password(
    install: Callable[..., Result], units: Path, home: Path
) -> None:
    for kind in ("--systemd", "--cron"):
        result = install(kind, "--print", store=SECRET_URL)
        assert "s3cr" not in result.output
        assert "REVTRACK_STORE='postgresql://rt:***@db.example:5433/news" in result.output
        assert str(home / "revtrack-check.env") in result.output
    assert not (home / "revtrack-check.env").exists()
    assert not units.exists()


def test_a_store_from_the_config_needs_nothing(
    install: Callable[..., Result], units: Path, home: Path
) -> None:
    home.mkdir()
    (home / "config.toml").write_text(f'[store]\nurl = "{SECRET_URL}"\n')
    result = install()
    service = service_lines(units)
    assert "--store" not in service["ExecStart"]
    assert "EnvironmentFile" not in service
    assert not (home / "revtrack-check.env").exists()
    assert "s3cr" not in result.output
    assert "from [store] url in" in result.output
    assert "the timer's revtrack reads the same config" in result.output


def test_the_cron_line_reads_the_environment_file_and_escapes_percent(
    tmp_path: Path,
) -> None:
    env_file = tmp_path / "50% env" / "revtrack-check.env"
    env_file.parent.mkdir()
    env_file.write_text(env_file_text(SECRET_URL))
    line = cron_line(tmp_path / "home", 300, tmp_path / "log", TimerStore(env_file=env_file))
    assert "s3cr" not in line
    command = line.removeprefix("*/5 * * * * ").rsplit("  # revtrack-check", 1)[0]
    assert "%" not in command.replace("\\%", "")  # a bare % would be a newline to cron
    command = command.replace("\\%", "%").split(" >> ", 1)[0]
    # Run the command as cron would, with a stand-in for python: what it got.
    words = shlex.split(command)
    probe = [sys.executable, "-c", "import os, sys; print(os.environ['REVTRACK_STORE'])"]
    at = words.index(sys.executable)
    env = {k: v for k, v in os.environ.items() if k != "REVTRACK_STORE"}
    done = subprocess.run(
        [*words[:at], *probe], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == SECRET_URL.replace("'", "%27")


@pytest.mark.parametrize(
    ("word", "quoted"),
    [
        ("/usr/bin/python3", "/usr/bin/python3"),
        ("--store", "--store"),
        ("a b", '"a b"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("50%", '"50%%"'),
        ("$HOME", '"$$HOME"'),
        ("back\\slash", '"back\\\\slash"'),
        ("tab\there", '"tab\\x09here"'),
    ],
)
def test_systemd_quote(word: str, quoted: str) -> None:
    assert systemd_quote(word) == quoted
