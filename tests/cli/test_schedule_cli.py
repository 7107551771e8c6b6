import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


def test_set_every_and_back_to_auto(run: Callable[..., Result]) -> None:
    run("add", "https://example.com/a")
    assert "every 10m" in run("set", "https://example.com/a", "--every", "10m").output
    assert json.loads(run("list", "--json").output)[0]["every_s"] == 600
    assert "adaptively" in run("set", "https://example.com/a", "--every", "auto").output
    assert json.loads(run("list", "--json").output)[0]["every_s"] is None
    bad = run("set", "https://example.com/a", "--every", "soon")
    assert bad.exit_code == 2
    assert "not a duration" in bad.output


def test_add_with_every(run: Callable[..., Result]) -> None:
    run("add", "--every", "2h", "https://example.com/b")
    assert json.loads(run("list", "--json").output)[0]["every_s"] == 7200


def test_systemd_units_print_the_exact_check_command(
    run: Callable[..., Result], home: Path
) -> None:
    out = run("schedule", "install", "--print", "--every", "10m").output
    assert f"--home {home} check --quiet" in out
    assert "OnUnitActiveSec=600s" in out
    assert "revtrack-check.timer" in out


def test_systemd_install_writes_user_units(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    out = run("schedule", "install", "--systemd").output
    unit_dir = tmp_path / "xdg" / "systemd" / "user"
    assert (unit_dir / "revtrack-check.service").read_text().count("ExecStart=") == 1
    assert "WantedBy=timers.target" in (unit_dir / "revtrack-check.timer").read_text()
    assert "systemctl --user enable --now revtrack-check.timer" in out


@pytest.mark.parametrize(
    ("every", "spec"), [("5m", "*/5 * * * *"), ("30s", "* * * * *"), ("90m", "0 */2 * * *")]
)
def test_cron_line(run: Callable[..., Result], every: str, spec: str) -> None:
    line = run("schedule", "install", "--cron", "--print", "--every", every).output.strip()
    assert line.startswith(spec + " ")
    assert line.endswith("# revtrack-check")
    assert "check --quiet >>" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "https://example.com/a", "--every", "10"), "'10' needs a unit: 10m?"),
        (("set", "https://example.com/a", "--every", "1s"), "'1s' is too short: at least 1m"),
        (("add", "--every", "30", "https://example.com/b"), "'30' needs a unit: 30m?"),
        (("add", "--every", "5s", "https://example.com/b"), "'5s' is too short"),
    ],
)
def test_intervals_need_a_unit_and_a_sane_length(
    run: Callable[..., Result], args: tuple[str, ...], message: str
) -> None:
    run("add", "https://example.com/a")
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "https://example.com/b" not in run("list").output
