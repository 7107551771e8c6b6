"""``revtrack demo``: the whole product on the bundled sample archive, offline."""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn

import revtrack
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, one_line, table
from revtrack.demo.run import DemoResult, run_demo
from revtrack.demo.sources import served_stories
from revtrack.errors import RevtrackError
from revtrack.history.open import open_store
from revtrack.paths import resolve_paths
from revtrack.report.text import plural
from revtrack.store.store import Store


def bundled_archive() -> Path:
    """snapshots/ inside an installed wheel, or at the root of a source checkout."""
    package = Path(revtrack.__file__).resolve().parent
    for candidate in (package / "snapshots", package.parent / "snapshots"):
        if candidate.is_dir():
            return candidate
    raise RevtrackError("the sample archive (snapshots/) is missing from this installation")


def _print_summary(result: DemoResult, home: Path, kept: bool) -> None:
    rows = [
        [str(n), ", ".join(labels) or "-", one_line(h, 60)] for h, n, labels in result.per_story
    ]
    echo(table(["VERSIONS", "LABELS", "STORY"], rows))
    echo()
    labels = ", ".join(f"{k} {v}" for k, v in sorted(result.labels.items()))
    events = ", ".join(f"{k} {v}" for k, v in sorted(result.events.items())) or "none"
    echo(
        f"{plural(result.stories, 'story', 'stories')}, {plural(result.versions, 'version')}"
        f" from {plural(result.checks, 'check')}; "
        f"labels: {labels}; events: {events}"
    )
    if kept:
        echo(f"browse it again with: revtrack --home {home} tui")
    else:
        echo("the demo home is removed (pass --keep, or --home DIR, to browse it again)")


async def _replay(store: Store, archive: Path, show_progress: bool) -> DemoResult:
    stories = served_stories(archive)
    if not show_progress:
        return await run_demo(store, stories)
    columns = (TextColumn("replaying {task.fields[when]}"), BarColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("demo", total=1.0, when="")

        def on_progress(now: datetime, start: datetime, end: datetime) -> None:
            done = (now - start) / (end - start)
            progress.update(task, completed=min(done, 1.0), when=now.strftime("%d %b %H:%M"))

        return await run_demo(store, stories, on_progress=on_progress)


@click.command(short_help="Replay the sample archive offline, then browse it.")
@click.option("--no-tui", is_flag=True, help="Print the summary instead of opening the TUI.")
@click.option(
    "--archive",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Replay this archive instead of the bundled snapshots/.",
)
@click.option(
    "--home", "demo_home", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Replay into this (empty or new) folder and keep it; same as `revtrack --home DIR demo`.",
)  # fmt: skip
@click.option("--keep", is_flag=True, help="Keep the temporary demo home afterwards.")
@pass_app
def demo(
    app: AppContext, no_tui: bool, archive: Path | None, demo_home: Path | None, keep: bool
) -> None:
    """Replay the sample archive through the real scheduler and fetcher, then browse it.

    Pages are served on 127.0.0.1 on a simulated clock, into a fresh temporary demo
    home that is removed afterwards unless --keep (never your own data unless you
    pass --home, which is kept).

    \b
    Examples:
      revtrack demo
      revtrack demo --no-tui
      revtrack demo --home /tmp/demo
    """
    given = demo_home.expanduser().absolute() if demo_home else app.paths.home
    home = given or Path(tempfile.mkdtemp(prefix="revtrack-demo-"))
    kept = given is not None or keep
    try:
        _demo(home, no_tui, archive, kept)
    finally:
        if not kept:
            shutil.rmtree(home, ignore_errors=True)


def _demo(home: Path, no_tui: bool, archive: Path | None, kept: bool) -> None:
    paths = resolve_paths(home, store="")  # its own SQLite file, whatever $REVTRACK_STORE says
    tty = sys.stdout.isatty()
    with open_store(paths.db_path) as store:
        if store.stories():
            raise RevtrackError(f"{home} already holds stories; the demo needs an empty home")
        result = asyncio.run(_replay(store, archive or bundled_archive(), tty))
    if no_tui or not tty:
        _print_summary(result, home, kept)
        return
    from revtrack.tui.app import make_app  # Textual only when the TUI really opens

    make_app(paths.db_path).run()
    if kept:
        echo(f"demo data kept in {home} (revtrack --home {home} tui)")


COMMANDS = (demo,)
