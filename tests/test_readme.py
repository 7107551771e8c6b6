"""The README documents every command and subcommand the CLI has."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import click

from revtrack.cli import cli
from revtrack.config import Config

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
# The commands table: its first cell names one or more commands in backticks.
TABLE_CELLS = " ".join(re.findall(r"^\| (`revtrack.*?) \|", README, flags=re.MULTILINE))


def _command_paths() -> list[str]:
    context = click.Context(cli)
    paths = []
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        paths.append(name)
        if isinstance(command, click.Group):
            paths += [f"{name} {sub}" for sub in command.list_commands(context)]
    return paths


def test_every_command_is_in_the_readme_commands_table() -> None:
    # A command is written "`revtrack NAME"; a subcommand may follow its group in the
    # same cell ("`revtrack source list [--json]` / `source remove URL`").
    missing = [
        path
        for path in _command_paths()
        if f"`revtrack {path}" not in TABLE_CELLS and (" " not in path or path not in TABLE_CELLS)
    ]
    assert missing == []


def test_every_config_key_is_in_the_readme() -> None:
    defaults = Config()
    for section in fields(Config):
        assert f"[{section.name}]" in README
        for key in fields(getattr(defaults, section.name)):
            assert re.search(rf"^{key.name} = ", README, flags=re.MULTILINE), key.name
