"""One error style for every command: ``revtrack: error: …`` on one line of stderr.

Errors in what was asked (a bad URL, an unknown story) exit 1; usage errors (an unknown
option or command, a missing argument) exit 2 and end with where to read the usage.
"""

from __future__ import annotations

import difflib

import click

PREFIX = "revtrack: error: "

# Words people type for a command that has another name.
ALIASES = {"sources": "source", "rm": "remove", "ls": "list", "status": "notify status"}


def click_error_line(exc: click.ClickException) -> str:
    """The one line a click error is shown as."""
    message = " ".join(exc.format_message().split())
    if isinstance(exc, click.UsageError):
        path = exc.ctx.command_path if exc.ctx is not None else "revtrack"
        return f"{PREFIX}{message} (see `{_program(path)} --help`)"
    return f"{PREFIX}{message}"


def _program(path: str) -> str:
    """The command path as typed: click names the program after its entry point."""
    first, _, rest = path.partition(" ")
    return "revtrack" + (f" {rest}" if rest else "") if first in ("cli", "revtrack") else path


def did_you_mean(name: str, commands: list[str]) -> str:
    """ " Did you mean 'list'?" for a mistyped command, or ""."""
    guess = ALIASES.get(name.lower())
    if guess is None:
        close = difflib.get_close_matches(name.lower(), commands, n=1, cutoff=0.6)
        guess = close[0] if close else None
    return f" Did you mean '{guess}'?" if guess else ""
