"""`revtrack backfill` and `add --backfill` against a loopback archive."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from revtrack.cli import main
from tests.backfill.wayback import WaybackArchive
from tests.loopback import LoopbackServer, unused_port


@pytest.fixture
def home(tmp_path: Path, archive: WaybackArchive) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(f'[archive]\nwayback = "{archive.base}"\ngap = 0.0\n')
    return home


@pytest.fixture
def fail(home: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., str]:
    """Run revtrack as from a shell, expecting exit 1: its stderr."""

    def invoke(*args: str) -> str:
        with pytest.raises(SystemExit) as exited:
            main(["--home", str(home), *args])
        assert exited.value.code == 1
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
        return err

    return invoke


def test_add_backfill_log_and_a_second_run(
    run: Callable[..., Result], archive: WaybackArchive
) -> None:
    url, snaps = archive.add_story("council-bins")
    result = run("add", "--backfill", url)
    assert result.exit_code == 0, result.output
    assert f"added: {url}" in result.output
    line = "backfill: 6 captures listed, 6 fetched, 3 new versions, 3 noise, 0 already seen"
    assert line in result.output
    log = run("log", url)
    assert log.exit_code == 0, log.output
    lines = [x for x in log.output.splitlines() if x.startswith("v")]
    assert len(lines) == 3
    assert all("archived" in x and "127.0.0.1" in x for x in lines), lines
    assert "archived 2025-03-03 12:31Z" in lines[0]
    data = json.loads(run("log", "--json", url).output)
    sources = [v["source"] for v in data["versions"]]
    assert sources[0] == f"{archive.base}/web/{snaps[0].timestamp}/{url}"
    shown = json.loads(run("show", "--json", url, "1").output)
    assert shown["version"]["source"] == sources[0]
    again = run("backfill", url)
    assert again.exit_code == 0, again.output
    assert "6 captures listed, 0 fetched, 0 new versions, 0 noise, 6 already seen" in again.output


def test_backfill_needs_a_tracked_story(fail: Callable[..., str]) -> None:
    assert "add --backfill" in fail("backfill", "https://news.example/a")


def test_unreachable_archive_is_one_line(
    run: Callable[..., Result], fail: Callable[..., str]
) -> None:
    assert run("add", "https://news.example/a").exit_code == 0
    dead = f"http://127.0.0.1:{unused_port()}"
    err = fail("backfill", "https://news.example/a", "--wayback", dead)
    assert "archive unreachable" in err


def test_cdx_404_is_one_line(run: Callable[..., Result], fail: Callable[..., str]) -> None:
    assert run("add", "https://news.example/a").exit_code == 0
    with LoopbackServer() as bare:  # no CDX API there
        err = fail("backfill", "https://news.example/a", "--wayback", bare.base_url)
    assert "CDX API not found (HTTP 404" in err


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_date_is_one_line(
    run: Callable[..., Result], fail: Callable[..., str], option: str
) -> None:
    assert run("add", "https://news.example/a").exit_code == 0
    assert "not a date" in fail("backfill", "https://news.example/a", option, "last tuesday")


def test_since_and_until_reach_the_cdx_query(
    run: Callable[..., Result], archive: WaybackArchive
) -> None:
    url, _ = archive.add_story("council-bins")
    run("add", url)
    result = run("backfill", url, "--since", "2025-03-03T15:00Z", "--until", "2025-03-04")
    assert result.exit_code == 0, result.output
    cdx = archive.server.requests("/cdx/search/cdx")[-1].params
    assert (cdx["from"], cdx["to"]) == ("20250303150000", "20250304235959")
    assert "4 captures listed" in result.output  # 15:10, 18:47; 09:00, 16:22 the next day
