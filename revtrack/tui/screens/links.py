"""Opening the diff, version and check-log screens (built separately; imported lazily)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen


def _screen_class(module: str, name: str) -> Callable[..., Screen[object]] | None:
    try:
        found: Callable[..., Screen[object]] = getattr(
            importlib.import_module(f"revtrack.tui.screens.{module}"), name
        )
    except (ImportError, AttributeError):
        return None
    return found


def _push(app: App[Any], module: str, name: str, *args: object) -> bool:
    cls = _screen_class(module, name)
    if cls is None:
        app.notify(f"The {module} view is not available in this build.", severity="warning")
        return False
    app.push_screen(cls(*args))
    return True


def open_diff(app: App[Any], story_id: int, old_seq: int, new_seq: int) -> bool:
    return _push(app, "diff", "DiffScreen", story_id, old_seq, new_seq)


def open_version(app: App[Any], story_id: int, seq: int, *, raw: bool = False) -> bool:
    return _push(app, "version", "VersionScreen", story_id, seq, raw)


def open_checks(app: App[Any], story_id: int) -> bool:
    return _push(app, "checks", "ChecksScreen", story_id)
