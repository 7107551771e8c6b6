"""VERSION arguments: 1, 2, … from the first, or -1, -2, … from the latest.

Click reads ``-1`` as an option it does not know. Commands that take a VERSION use
:class:`VersionCommand`, which lets negative numbers through as arguments and still
rejects every other unknown option the way click does.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import click

from revtrack.store.rows import Story
from revtrack.store.store import Store

_NEGATIVE = re.compile(r"^-\d+$")


class VersionCommand(click.Command):
    """A command whose arguments may be negative numbers (``show URL -1``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context_settings = {**self.context_settings, "ignore_unknown_options": True}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _reject_unknown_options(self, ctx, args)
        return super().parse_args(ctx, args)


def _reject_unknown_options(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    takes_value: dict[str, bool] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                takes_value[name] = not (param.is_flag or param.count)
    skip_next = False
    for token in args:
        if skip_next:
            skip_next = False
            continue
        if token == "--":
            return
        if not token.startswith("-") or token == "-" or _NEGATIVE.match(token):
            continue
        name, has_value, _ = token.partition("=")
        if name in takes_value:
            skip_next = takes_value[name] and not has_value
            continue
        if not name.startswith("--") and _short_options(name, takes_value):
            continue
        close = difflib.get_close_matches(name, list(takes_value))
        raise click.NoSuchOption(name, possibilities=close, ctx=ctx)


def _short_options(token: str, takes_value: dict[str, bool]) -> bool:
    """Whether ``token`` is short options run together (-qv) or one with its value (-C2)."""
    for char in token[1:]:
        flag = f"-{char}"
        if flag not in takes_value:
            return False
        if takes_value[flag]:
            return True  # the rest of the token is its value
    return True


def version_seq(store: Store, story: Story, version: int) -> int:
    """``version`` as a 1-based number: negative counts from the latest (-1)."""
    return store.version(story.id, version).seq if version < 0 else version
