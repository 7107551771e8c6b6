"""Commands that read and write the plain-file archive (the layout of snapshots/)."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.archive import (
    ImportedStory,
    StoryArchive,
    import_archive,
    read_archive,
    write_archive,
)
from revtrack.check.record import CheckReport
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, one_line
from revtrack.errors import RevtrackError
from revtrack.report.text import plural
from revtrack.store.rows import CheckOutcome

_VERSIONS = (CheckOutcome.NEW_VERSION, CheckOutcome.FLIP_FLOP)


@click.command(name="import", short_help="Replay a captured archive into the store.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@pass_app
def import_command(app: AppContext, folder: Path) -> None:
    """Replay the captured pages in FOLDER into the store, in capture order.

    FOLDER holds one folder per story (each with a story.toml), as in snapshots/ or
    as written by `revtrack export --files`; it may also be one story folder. Every
    capture goes through the same steps as a live check. Stories the store already
    has history for are refused, before anything is imported.

    \b
    Examples:
      revtrack import snapshots/
      revtrack --home /tmp/copy import backup/
    """
    stories = read_archive(folder)  # every manifest and file checked before any import
    imported = import_archive(app.store(), stories)
    for item in imported:
        echo(_summary(item))
    versions = sum(_count(item.reports, *_VERSIONS) for item in imported)
    captures = sum(len(item.reports) for item in imported)
    marks = sum(item.reviews for item in imported)
    reviews = f", {plural(marks, 'review mark')}" if marks else ""
    echo(
        f"imported {plural(len(imported), 'story', 'stories')}: {captures} captures,"
        f" {versions} versions{reviews}"
    )


def _count(reports: tuple[CheckReport, ...], *outcomes: CheckOutcome) -> int:
    return sum(report.outcome in outcomes for report in reports)


def _summary(item: ImportedStory) -> str:
    reports = item.reports
    events = [report.event for report in reports if report.event]
    parts = [
        f"{len(reports)} captures",
        f"{_count(reports, *_VERSIONS)} versions",
        f"{_count(reports, CheckOutcome.NOISE, CheckOutcome.UNCHANGED)} noise",
    ]
    if events:
        parts.append("events: " + ", ".join(events))
    title = item.story.headline or item.story.url
    return one_line(f"{item.archive.name}: {'; '.join(parts)}: {title}")


@click.command(short_help="Write stories as an archive that `import` reads.")
@click.option(
    "--files", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="Write one folder per story (story.toml + HTML files) into this folder "
    "(new or empty, unless --update).",
)  # fmt: skip
@click.option(
    "--update", is_flag=True,
    help="FOLDER holds an earlier export: rewrite its stories in place, keep the others.",
)  # fmt: skip
@click.argument("urls", nargs=-1)
@pass_app
def export(app: AppContext, folder: Path, update: bool, urls: tuple[str, ...]) -> None:
    """Write the stories at URLS (default: all) as an archive that `revtrack import` reads.

    Every version is written with its raw HTML as captured, every gone/restored event
    as a capture of its own, and the review record with them. Checks that found only
    noise are not stored, so they are not exported. A FOLDER that is not empty is
    refused unless --update: then each story replaces its earlier export.

    \b
    Examples:
      revtrack export --files backup/
      revtrack export --files backup/ --update https://news.example/storm
    """
    store = app.store()
    for url in urls:
        store.story(url)  # an unknown URL fails here, before anything is written
    if not urls and not store.stories():
        raise RevtrackError("no stories to export (revtrack add URL)")
    written = write_archive(store, folder, list(urls) or None, update=update)
    if not written:
        raise RevtrackError("nothing captured yet to export (run `revtrack check`)")
    for archive in written:
        echo(one_line(f"{archive.folder}: {_describe(archive)}: {archive.url}"))
    skipped = (len(urls) or len(store.stories())) - len(written)
    note = f" ({plural(skipped, 'story', 'stories')} with nothing captured yet left out)"
    echo(f"exported {plural(len(written), 'story', 'stories')} to {folder}{note * bool(skipped)}")


def _describe(archive: StoryArchive) -> str:
    files = {c.file for c in archive.captures if c.file}
    return f"{len(archive.captures)} captures, {len(files)} pages"


COMMANDS = (import_command, export)
