"""`--help` pages: command lists that fit without "...", and examples on every page."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from revtrack.cli import cli

SHORT_HELP_MAX = 55  # the list keeps a description whole at 80 columns up to about this


def _commands() -> list[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand, by path, through the lazy loader's own listing."""
    context = click.Context(cli)
    found: list[tuple[tuple[str, ...], click.Command]] = []

    def walk(group: click.Group, path: tuple[str, ...]) -> None:
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, name
            found.append(((*path, name), command))
            if isinstance(command, click.Group):
                walk(command, (*path, name))

    walk(cli, ())
    return found


COMMANDS = _commands()
GROUPS = [(), *(path for path, command in COMMANDS if isinstance(command, click.Group))]


def _help(tmp_path: Path, path: tuple[str, ...], width: int = 80) -> str:
    result = CliRunner().invoke(
        cli,
        ["--home", str(tmp_path / "home"), *path, "--help"],
        prog_name="revtrack",
        catch_exceptions=False,
        terminal_width=width,
    )
    assert result.exit_code == 0, result.output
    return result.output


def _command_list(help_text: str) -> list[str]:
    lines = help_text.split("\nCommands:\n", 1)[1].splitlines()
    return [line for line in lines if line.strip()]


@pytest.mark.parametrize("group", GROUPS, ids=lambda path: " ".join(path) or "revtrack")
@pytest.mark.parametrize("width", [80, 100])
def test_command_lists_are_not_cut(tmp_path: Path, group: tuple[str, ...], width: int) -> None:
    listed = _command_list(_help(tmp_path, group, width))
    assert listed
    cut = [line for line in listed if line.rstrip().endswith(("...", "…"))]
    assert cut == []


def test_every_short_help_is_short() -> None:
    long = {
        " ".join(path): text
        for path, command in COMMANDS
        if len(text := command.get_short_help_str(limit=1000)) > SHORT_HELP_MAX
        or text.endswith(("...", "…"))
    }
    assert long == {}


def test_the_top_level_list_names_every_command(tmp_path: Path) -> None:
    listed = {line.split()[0] for line in _command_list(_help(tmp_path, ()))}
    assert listed == {path[0] for path, _ in COMMANDS}


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_help_page_has_examples(
    tmp_path: Path, path: tuple[str, ...], command: click.Command
) -> None:
    text = _help(tmp_path, path)
    assert "\n  Examples:\n" in text
    examples = text.split("\n  Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    # `\b` kept the lines apart, and each example runs revtrack.
    assert examples
    assert all(line.strip().startswith("revtrack ") for line in examples), examples
    assert all(line.startswith("    ") for line in examples)


def _examples(command: click.Command) -> list[str]:
    text = (command.help or "").split("Examples:\n", 1)[1]
    return [line.strip() for line in text.split("\n\n", 1)[0].splitlines() if line.strip()]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_example_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...], command: click.Command
) -> None:
    """Each example names real commands and options with values they accept (parsed
    the way click parses them, never run)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feeds.opml").touch()  # `source import FILE` wants the file to exist
    context = click.Context(cli, info_name="revtrack")
    for example in _examples(command):
        tokens = shlex.split(example, comments=True)
        shell = [i for i, token in enumerate(tokens) if token in (">", ">>", "|")]
        tokens = tokens[: shell[0]] if shell else tokens
        assert tokens[0] == "revtrack", example
        args = tokens[1:]
        if args[:1] == ["--home"]:
            args = args[2:]
        current: click.Command = cli
        names: list[str] = []
        while isinstance(current, click.Group) and args and not args[0].startswith("-"):
            sub = current.get_command(context, args[0])
            assert sub is not None, example
            current, names = sub, [*names, args.pop(0)]
        assert tuple(names[: len(path)]) == path or not names, example
        current.make_context(names[-1] if names else "revtrack", args, parent=context)
