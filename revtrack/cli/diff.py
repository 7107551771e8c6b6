"""``revtrack diff``: what changed between two versions of a story."""

from __future__ import annotations

import os
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import format_time, print_json
from revtrack.cli.render import FORMATS, Look, render
from revtrack.cli.versions import VersionCommand
from revtrack.clock import to_iso
from revtrack.diff import ChangeSet
from revtrack.errors import RevtrackError
from revtrack.history.changes import diff_versions
from revtrack.history.timeline import version_title
from revtrack.safe_text import strip_controls
from revtrack.store.rows import Story, Version
from revtrack.store.store import Store

# Characters JSON may carry raw that a terminal could still act on (C1 controls such as


@click.command(cls=VersionCommand)
@click.argument("url")
@click.argument("a", type=int, required=False)
@click.argument("b", type=int, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="inline",
    show_default=True,
    help="inline: word changes in place; side: two columns; unified: paragraph-level "
    "unified diff; json: the ChangeSet with the versions compared.",
)
@click.option(
    "--context",
    "-C",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Unchanged paragraphs shown around each change.",
)
@pass_app
def diff(app: AppContext, url: str, a: int | None, b: int | None, fmt: str, context: int) -> None:
    """Show what changed between two versions of a story.

    With no version, the latest is compared with the one before it; with one (A), version
    A with its predecessor; with two, A with B. Negative numbers count from the end (-1 is
    the latest).

    \b
    Examples:
      revtrack diff https://news.example/storm
      revtrack diff https://news.example/storm -2 -1
      revtrack diff https://news.example/storm 1 3 --format side
    """
    store = app.store()
    story = store.story(url)
    old, new = _chosen_versions(store, story, a, b)
    if old.seq > new.seq:
        click.echo(
            f"revtrack: note: v{old.seq} is newer than v{new.seq}: showing the change"
            f" backwards (`revtrack diff URL {new.seq} {old.seq}` shows it forwards)",
            err=True,
        )
    changes = diff_versions(store, story.id, old, new)
    if fmt == "json":
        print_json(_envelope(story, old, new, changes))
        return
    _print(story, old, new, changes, fmt, context)


def _chosen_versions(
    store: Store, story: Story, a: int | None, b: int | None
) -> tuple[Version, Version]:
    if a is not None and b is not None:
        return store.version(story.id, a), store.version(story.id, b)
    new = store.version(story.id, -1 if a is None else a)
    if new.seq <= 1:
        raise RevtrackError(f"version {new.seq} is the first: nothing before it to compare with")
    return store.version(story.id, new.seq - 1), new


def _version_json(version: Version) -> dict[str, Any]:
    return {
        "seq": version.seq,
        "kind": version.kind,
        "captured_at": to_iso(version.captured_at),
        "updated_at": to_iso(version.updated_at) if version.updated_at else None,
    }


def _envelope(story: Story, old: Version, new: Version, changes: ChangeSet) -> dict[str, Any]:
    return {
        "url": story.url,
        "from": _version_json(old),
        "to": _version_json(new),
        "changeset": changes.to_json(),
    }


def _console() -> Console:
    # Rich honours NO_COLOR and writes no escape codes at all when stdout is not a TTY;
    # markup, emoji codes and highlighting stay off: the text is the article's, not ours.
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=True)


def _print(
    story: Story, old: Version, new: Version, changes: ChangeSet, fmt: str, context: int
) -> None:
    console = _console()
    plain = not console.is_terminal or console.no_color or "NO_COLOR" in os.environ
    look = Look(plain=plain, context=context, old_name=_name(old), new_name=_name(new))
    console.print(Text(strip_controls(story.url), style="bold"))
    console.print(Text(f"{look.old_name} → {look.new_name}", style="bold"))
    for renderable in render(changes, fmt, look):
        console.print(renderable)


def _name(version: Version) -> str:
    return f"{version_title(version)} ({format_time(version.captured_at)})"


COMMANDS = (diff,)
