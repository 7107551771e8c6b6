"""Command palette entries: one for every binding of the app and the current screen."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

_SKIP = {"quit", "help", "command_palette", "app.review"}  # the app's own entries cover these


def _bindings(owner: object) -> list[Binding]:
    found = []
    for item in getattr(owner, "BINDINGS", []):
        if isinstance(item, Binding) and item.description:
            found.append(item)
    return found


def screen_commands(app: App[Any], screen: Screen[object]) -> Iterable[SystemCommand]:
    """Palette entries for the screen's bindings (the app's own come from Textual)."""
    for binding in _bindings(screen):
        if binding.action in _SKIP:
            continue
        help_text = (
            f"{binding.tooltip or binding.description} (key: {binding.key_display or binding.key})"
        )
        yield SystemCommand(
            binding.description, help_text, partial(screen.run_action, binding.action)
        )
    yield SystemCommand("Help", "Show all keys (key: ?)", app.action_help)  # type: ignore[attr-defined]
    if type(screen).__name__ != "ReviewScreen":
        yield SystemCommand(
            "Review queue",
            "Review changes: mark reviewed, flag, add notes (key: R on the stories screen)",
            app.action_review,  # type: ignore[attr-defined]
        )
