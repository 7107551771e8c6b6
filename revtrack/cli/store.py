"""``revtrack store``: the store itself: copy it whole to another backend."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli.context import AppContext, hiding_password, pass_app
from revtrack.cli.output import echo
from revtrack.errors import RevtrackError
from revtrack.paths import check_store_value, is_postgres_url, redact_location, store_location
from revtrack.store.copy import copy_store
from revtrack.store.open import open_store_at

# What the closing line counts, in this order (every table is copied).
_SUMMARY = (("stories", "stories"), ("versions", "versions"), ("checks", "checks"),
            ("blobs", "blobs"), ("review_log", "review marks"))  # fmt: skip


@click.group(name="store", short_help="The store itself: copy it to another backend.")
def store_group() -> None:
    """The store itself (chosen by --store, $REVTRACK_STORE or [store] url).

    \b
    Examples:
      revtrack store copy --to postgresql://revtrack@db.example/newsroom
      revtrack --store postgresql://revtrack@db.example/newsroom store copy --to backup.db
    """


def _progress(table: str, rows: int) -> None:
    echo(f"  {table}: {rows} row{'' if rows == 1 else 's'}")


def _remove_sqlite(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        (path.parent / name).unlink(missing_ok=True)


@store_group.command("copy", short_help="Copy the whole store into a new or empty one.")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="The store to copy into: a postgresql:// URL or a SQLite file, new or empty.",
)
@pass_app
def copy(app: AppContext, target: str) -> None:
    """Copy the whole store into another one, losslessly, SQLite or PostgreSQL either way.

    Every table, row for row: ids are kept (so every reference holds) and blobs are
    copied byte for byte. One transaction on the target: it gets everything or
    nothing. A target that already holds stories is refused. Credentials come from
    the URL, libpq's environment (PGPASSWORD...) or ~/.pgpass; a password is never
    printed.

    \b
    Examples:
      revtrack store copy --to postgresql://revtrack@db.example/newsroom
      revtrack --store postgresql://revtrack@db.example/newsroom store copy --to backup.db
    """
    why = check_store_value(target)
    if why is not None:
        raise click.BadParameter(f"{redact_location(target)!r} {why}", param_hint="'--to'")
    location: str | Path = store_location(target)
    shown = redact_location(location)
    if not is_postgres_url(location):
        location = Path(location)
        if location.is_dir():
            raise RevtrackError(f"{location} is a folder; --to takes a SQLite file or a URL")
    here = app.paths.store_location
    same = location == here if isinstance(location, str) else (
        isinstance(here, Path) and location.resolve() == here.resolve()
    )  # fmt: skip
    if same:
        raise RevtrackError(f"{shown} is the store being copied; --to names another one")
    source = app.store()
    created = isinstance(location, Path) and not location.exists()
    done = False
    try:
        with hiding_password(location):
            dest = open_store_at(location)
            try:
                counts = copy_store(
                    source, dest, where=shown,
                    progress=_progress,
                )  # fmt: skip
            finally:
                dest.close()
        done = True
    finally:
        if created and not done and isinstance(location, Path):
            _remove_sqlite(location)  # a file this command made holds nothing of use
    what = ", ".join(f"{counts[table]} {name}" for table, name in _SUMMARY)
    echo(f"copied {app.paths.store_display} to {shown}: {what}")


COMMANDS = (store_group,)
