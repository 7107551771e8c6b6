"""``revtrack diff`` against a real store."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from rich.console import Console

import revtrack.cli.diff as diff_cli
from revtrack.article import Article
from revtrack.cli import cli
from revtrack.errors import RevtrackError
from revtrack.store.history import NewVersion
from revtrack.store.store import Store
from tests.diff.hostile import assert_safe, hostile_update
from tests.diff.scenarios import kyiv_update
from tests.diff.seed import KYIV

T0 = datetime(2025, 12, 7, 9, 0, tzinfo=UTC)
URL = KYIV.url


def _new_version(article: Article, minutes: int, kind: str = "version") -> NewVersion:
    return NewVersion(
        article=article, raw=b"<html></html>", fingerprint=f"fp-{minutes}",
        captured_at=T0 + timedelta(minutes=minutes), url=article.url, extractor="test",
        extractor_version="0", kind=kind,
    )  # fmt: skip


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A store holding three versions of the live story: seed, update, hostile update."""
    with Store.open(tmp_path / "revtrack.db") as store:
        story, _ = store.add_story(URL, now=T0)
        with store.transaction():
            for minutes, article in enumerate((KYIV, kyiv_update(), hostile_update())):
                store.add_version(story.id, _new_version(article, minutes * 10))
    return tmp_path


@pytest.fixture
def app() -> click.Group:
    """The CLI with ``diff`` registered on a copy (the real group may not have it yet)."""
    group = copy.copy(cli)
    group.commands = {**cli.commands, "diff": diff_cli.diff}
    return group


@pytest.fixture
def run(home: Path, app: click.Group) -> Callable[..., Result]:
    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, ["--home", str(home), "diff", *args], env=env)

    return invoke


def test_default_is_latest_against_the_one_before(run: Callable[..., Result]) -> None:
    result = run(URL)
    assert result.exit_code == 0, result.output
    assert "v2 (2025-12-07 09:10Z) → v3 (2025-12-07 09:20Z)" in result.output
    assert_safe(result.output, plain=True)


def test_one_version_is_compared_with_its_predecessor(run: Callable[..., Result]) -> None:
    result = run(URL, "2")
    assert result.exit_code == 0, result.output
    assert "v1 (2025-12-07 09:00Z) → v2 (2025-12-07 09:10Z)" in result.output
    assert "Russian strikes kill [-1-]{+3+} as US" in result.output  # not a TTY: markers


def test_negative_numbers_count_from_the_end(run: Callable[..., Result]) -> None:
    result = run(URL, "-3", "-2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["from"]["seq"], data["to"]["seq"]) == (1, 2)
    assert data["from"]["captured_at"] == "2025-12-07T09:00:00Z"
    assert data["changeset"]["schema"] == "revtrack.changeset/1"
    assert data["changeset"]["labels"] == ["fact", "headline", "correction"]


@pytest.mark.parametrize("fmt", ["inline", "side", "unified", "json"])
def test_hostile_text_in_every_format(run: Callable[..., Result], fmt: str) -> None:
    result = run(URL, "-2", "-1", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert "\x1b" not in result.output
        assert "\x9b" not in result.output
        assert "\\u001b]0;pwned" in result.output
        assert "\\u009b5m" in result.output
        data = json.loads(result.output)["changeset"]
        assert "[@click=app.quit]" in data["fields"][0]["after"]
        edited = next(op for op in data["body"] if op["op"] == "edit")
        assert "\x1b]0;pwned" in edited["after"]  # the exact text, safely escaped
    else:
        assert_safe(result.output, plain=True)


def test_first_version_has_nothing_to_compare(run: Callable[..., Result]) -> None:
    result = run(URL, "1")
    assert isinstance(result.exception, RevtrackError)
    assert "version 1 is the first" in str(result.exception)


def test_unknown_version_is_an_error(run: Callable[..., Result]) -> None:
    result = run(URL, "1", "9")
    assert isinstance(result.exception, RevtrackError)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Pretend stdout is a colour terminal; yields what was printed."""
    out = io.StringIO()

    def console() -> Console:
        return Console(file=out, force_terminal=True, color_system="truecolor", width=120,
                       highlight=False, markup=False, emoji=False, soft_wrap=True)  # fmt: skip

    monkeypatch.setattr(diff_cli, "_console", console)
    return out


def test_colour_on_a_terminal(run: Callable[..., Result], terminal: io.StringIO) -> None:
    assert run(URL, "2").exit_code == 0
    assert "\x1b[" in terminal.getvalue()
    assert "[-1-]" not in terminal.getvalue()


def test_no_color_falls_back_to_markers(run: Callable[..., Result], terminal: io.StringIO) -> None:
    assert run(URL, "2", env={"NO_COLOR": "1"}).exit_code == 0
    assert "[-1-]{+3+}" in terminal.getvalue()


def test_flip_flop_version_is_labelled(tmp_path: Path, app: click.Group) -> None:
    with Store.open(tmp_path / "revtrack.db") as store:
        story, _ = store.add_story(URL, now=T0)
        with store.transaction():
            store.add_version(story.id, _new_version(KYIV, 0))
            store.add_version(story.id, _new_version(kyiv_update(), 10))
            store.add_version(story.id, _new_version(KYIV, 20, kind="flip-flop"))
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "diff", URL, "--format", "json"])
    assert "flip-flop" in json.loads(result.output)["changeset"]["labels"]
