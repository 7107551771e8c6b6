"""Commands that write changes out for people and feed readers: report and feed."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo
from revtrack.cli.params import since_option
from revtrack.errors import RevtrackError
from revtrack.report import (
    Filters,
    ReportChange,
    atom_feed,
    collect,
    csv_report,
    html_report,
    json_chunks,
    markdown_report,
)
from revtrack.report.text import plural
from revtrack.review import ReviewState, check_labels

FORMATS = ("md", "html", "json", "csv")
_FILE_MODE = 0o644  # a report is for sharing


def write_output(text: str | Iterable[str], path: str | None, what: str) -> None:
    """``text`` (or its pieces) to stdout, or to ``path`` atomically (a temp file beside it,
    then a rename). Always UTF-8, whatever the locale: the documents say they are."""
    pieces = [text] if isinstance(text, str) else text
    if path is None:
        sys.stdout.flush()
        for piece in pieces:
            sys.stdout.buffer.write(piece.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise RevtrackError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            for piece in pieces:
                out.write(piece.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _FILE_MODE)
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RevtrackError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    echo(f"wrote {what} to {target}")


def _filters(
    app: AppContext,
    since: str | None,
    labels: Sequence[str],
    states: Sequence[str],
    story: str | None,
    limit: int | None = None,
) -> Filters:
    return Filters(
        since=since_option(since, app.clock()),
        labels=check_labels(labels),
        states=tuple(ReviewState(s) for s in states),
        story=story,
        limit=limit,
    )


def _count(changes: Sequence[ReportChange]) -> str:
    return plural(len(changes), "change")


_LABEL_HELP = "Only changes with this label (repeat for any of several)."


@click.command(short_help="Every change with labels, review and diff.")
@click.option(
    "--since",
    metavar="WHEN",
    help="Only changes since yesterday, today, 24h, 7d, a date or a time.",
)
@click.option("--label", "labels", multiple=True, metavar="LABEL", help=_LABEL_HELP)
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([str(s) for s in ReviewState]),
    help="Only changes in this review state (repeatable).",
)
@click.option("--story", metavar="URL", help="Only the changes of this story.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
    help="md, a self-contained html file, json (revtrack.report/1) or csv.",
)  # fmt: skip
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically), not stdout.")
@pass_app
def report(
    app: AppContext,
    since: str | None,
    labels: tuple[str, ...],
    states: tuple[str, ...],
    story: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Every change with its labels, summary, review and diff, for the record.

    Markdown and HTML group changes per story (the story with the latest change first);
    JSON and CSV list them newest first.

    \b
    Examples:
      revtrack report --since 7d
      revtrack report --format html -o out.html
      revtrack report --label correction --format csv -o fixes.csv
    """
    filters = _filters(app, since, labels, states, story)
    changes = collect(app.store(), filters)
    now = app.clock()
    text: str | Iterable[str]
    if fmt == "md":
        text = markdown_report(changes, filters, now)
    elif fmt == "html":
        text = html_report(changes, filters, now)
    elif fmt == "json":
        text = json_chunks(changes, filters, now)
    else:
        text = csv_report(changes)
    write_output(text, output, f"{fmt} report of {_count(changes)}")


@click.command(short_help="An Atom feed of changes, newest first.")
@click.option("--label", "labels", multiple=True, metavar="LABEL", help=_LABEL_HELP)
@click.option(
    "--limit", type=click.IntRange(min=1), default=100, show_default=True,
    help="At most this many entries, the newest.",
)  # fmt: skip
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically), not stdout.")
@pass_app
def feed(app: AppContext, labels: tuple[str, ...], limit: int, output: str | None) -> None:
    """An Atom feed of changes: one entry per new version, newest first.

    \b
    Examples:
      revtrack feed -o changes.xml
      revtrack feed --label silent --limit 20
    """
    filters = _filters(app, None, labels, (), None, limit)
    changes = collect(app.store(), filters)
    text = atom_feed(changes, labels=filters.labels, now=app.clock())
    write_output(text, output, f"an Atom feed of {_count(changes)}")


COMMANDS = (report, feed)
