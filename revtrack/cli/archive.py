"""Commands that read and write archives: the plain-file layout of snapshots/, and WARC."""

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
from revtrack.archive.warc_in import import_warc
from revtrack.archive.warc_index import ImportedUrl, looks_like_warc, read_warc_index
from revtrack.archive.warc_out import write_warc
from revtrack.check.record import CheckReport
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, one_line
from revtrack.errors import RevtrackError
from revtrack.report.text import plural
from revtrack.store.rows import CheckOutcome

_VERSIONS = (CheckOutcome.NEW_VERSION, CheckOutcome.FLIP_FLOP)


@click.command(name="import", short_help="Replay an archive folder or WARC files into the store.")
@click.argument(
    "paths", nargs=-1, required=True, metavar="FOLDER | FILE.warc[.gz]...",
    type=click.Path(path_type=Path),
)  # fmt: skip
@pass_app
def import_command(app: AppContext, paths: tuple[Path, ...]) -> None:
    """Replay the captured pages in FOLDER, or in WARC/ARC files, into the store.

    FOLDER holds one folder per story (each with a story.toml), as in snapshots/ or
    as written by `revtrack export --files`; it may also be one story folder.

    FILE.warc[.gz] or FILE.arc[.gz] (one or more, from any crawler: wget --warc-file,
    Heritrix, Browsertrix, webrecorder, or `revtrack export --warc`): every HTML
    response becomes a capture of its URL's story, in capture order; a revisit record
    counts as a capture of the content it repeats; records that are not HTML pages
    are skipped and counted. Each version names its file and record as its source.

    Every capture goes through the same steps as a live check. Everything is read and
    checked first, and stories the store already has history for are refused, before
    anything is imported.

    \b
    Examples:
      revtrack import snapshots/
      revtrack --home /tmp/copy import backup/
      revtrack import crawl-1.warc.gz crawl-2.warc.gz
    """
    first = paths[0]
    if len(paths) == 1 and (first.is_dir() or not (first.exists() or looks_like_warc(first))):
        _import_folder(app, first)  # a folder, or a missing path not named like a WARC
        return
    folders = [path for path in paths if path.is_dir()]
    if folders:
        raise RevtrackError(f"{folders[0]} is a folder: import one folder, or WARC/ARC files")
    _import_warc(app, paths)


def _import_folder(app: AppContext, folder: Path) -> None:
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


def _import_warc(app: AppContext, files: tuple[Path, ...]) -> None:
    index = read_warc_index(files)  # every record of every file read before any import
    result = import_warc(app.store(), index)
    for item in result.stories:
        echo(_warc_summary(item))
    versions = sum(_count(item.reports, *_VERSIONS) for item in result.stories)
    names = files[0].name if len(files) == 1 else plural(len(files), "file")
    marks = sum(item.reviews for item in result.stories)
    reviews = f", {plural(marks, 'review mark')}" if marks else ""
    line = (
        f"imported {plural(len(result.stories), 'story', 'stories')} from {names}:"
        f" {result.captures} captures, {versions} versions{reviews}"
    )
    if result.skipped:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(result.skipped.items()))
        line += f"; skipped {plural(sum(result.skipped.values()), 'record')} ({why})"
    echo(one_line(line))


def _replay_parts(reports: tuple[CheckReport, ...], *, unreadable: bool = False) -> str:
    """ "3 captures; 2 versions; 1 noise; events: gone" for one story's replay
    (``unreadable``: with the WARC records that failed to read, if any)."""
    events = [report.event for report in reports if report.event]
    parts = [
        f"{len(reports)} captures",
        f"{_count(reports, *_VERSIONS)} versions",
        f"{_count(reports, CheckOutcome.NOISE, CheckOutcome.UNCHANGED)} noise",
    ]
    errors = _count(reports, CheckOutcome.ERROR) if unreadable else 0
    if errors:
        parts.append(f"{errors} unreadable")
    if events:
        parts.append("events: " + ", ".join(events))
    return "; ".join(parts)


def _warc_summary(item: ImportedUrl) -> str:
    headline = item.story.headline or "-"
    return one_line(f"{item.story.url}: {_replay_parts(item.reports, unreadable=True)}: {headline}")


def _count(reports: tuple[CheckReport, ...], *outcomes: CheckOutcome) -> int:
    return sum(report.outcome in outcomes for report in reports)


def _summary(item: ImportedStory) -> str:
    title = item.story.headline or item.story.url
    return one_line(f"{item.archive.name}: {_replay_parts(item.reports)}: {title}")


@click.command(short_help="Write stories as an archive folder or a WARC file.")
@click.option(
    "--files", "folder", type=click.Path(file_okay=False, path_type=Path),
    help="Write one folder per story (story.toml + HTML files) into this folder "
    "(new or empty, unless --update).",
)  # fmt: skip
@click.option(
    "--warc", "warc", type=click.Path(dir_okay=False, path_type=Path),
    help="Write one WARC file (gzipped when it ends in .gz): per version a response record "
    "as captured and a metadata record with the extracted article and labels.",
)  # fmt: skip
@click.option(
    "--update", is_flag=True,
    help="FOLDER holds an earlier export: rewrite its stories in place, keep the others.",
)  # fmt: skip
@click.argument("urls", nargs=-1)
@pass_app
def export(
    app: AppContext, folder: Path | None, warc: Path | None, update: bool, urls: tuple[str, ...]
) -> None:
    """Write the stories at URLS (default: all) as an archive that `revtrack import` reads.

    --files FOLDER: every version is written with its raw HTML as captured, every
    gone/restored event as a capture of its own, and the review record with them. A
    FOLDER that is not empty is refused unless --update: then each story replaces its
    earlier export.

    --warc FILE.warc.gz: every version as a WARC response record (the status line and
    headers as captured; for versions captured before revtrack kept headers, a minimal
    block its metadata record says was reconstructed) and a metadata record with
    revtrack's extracted article, labels and kind. warcio, pywb and other WARC tools
    read it; an existing FILE is refused.

    Checks that found only noise are not stored, so they are not exported.

    \b
    Examples:
      revtrack export --files backup/
      revtrack export --files backup/ --update https://news.example/storm
      revtrack export --warc storm.warc.gz https://news.example/storm
    """
    if (folder is None) == (warc is None):
        raise click.UsageError("give one of --files FOLDER or --warc FILE")
    if update and warc is not None:
        raise click.UsageError("--update goes with --files (a WARC export is a new file)")
    store = app.store()
    for url in urls:
        store.story(url)  # an unknown URL fails here, before anything is written
    if not urls and not store.stories():
        raise RevtrackError("no stories to export (revtrack add URL)")
    if warc is not None:
        done = write_warc(store, warc, list(urls) or None)
        rebuilt = (
            f" ({done.reconstructed} with reconstructed headers)" if done.reconstructed else ""
        )
        echo(
            f"exported {plural(done.stories, 'story', 'stories')},"
            f" {plural(done.versions, 'version')}{rebuilt} to {warc}"
        )
        return
    assert folder is not None
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
