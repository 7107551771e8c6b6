"""`revtrack source ...`: feeds and news sitemaps whose new articles become stories."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, one_line, print_json, table
from revtrack.cli.params import DURATION, INTERVAL
from revtrack.clock import relative, to_iso
from revtrack.errors import InvalidURLError
from revtrack.report.text import plural
from revtrack.sources import store as db
from revtrack.sources.detect import Detected, detect_source
from revtrack.sources.errors import SourceError, UnknownSourceError
from revtrack.sources.opml import export_opml, parse_opml
from revtrack.sources.poll import DEFAULT_WINDOW, PollSummary, poll_sources
from revtrack.sources.store import Source
from revtrack.urls import canonical_url


@click.group(short_help="Feeds and news sitemaps that add stories.")
def source() -> None:
    """Feeds and news sitemaps that add their new articles as stories.

    \b
    Examples:
      revtrack source add https://news.example/feed.xml
      revtrack source list
      revtrack source poll --all
    """


async def _detect(app: AppContext, url: str) -> Detected:
    async with app.fetcher() as fetcher:
        return await detect_source(fetcher, url)


@source.command(short_help="Add a feed or news sitemap and poll it once.")
@click.argument("url")
@click.option("--every", type=INTERVAL, default=None, help="Poll interval (default 10m).")
@click.option(
    "--no-poll", is_flag=True, help="Only add the source; the next poll finds its stories."
)
@pass_app
def add(app: AppContext, url: str, every: int | None, no_poll: bool) -> None:
    """Add an RSS/Atom feed, a news sitemap, or the feed a web page links to.

    A new source is polled right away, so the articles it lists from the last 3
    days are tracked at once; --no-poll leaves them to the next `watch` or
    `source poll`. If that first poll fails, the source is kept (and
    polled again later): one line on stderr says so, and the exit status is 0.

    \b
    Examples:
      revtrack source add https://news.example/feed.xml
      revtrack source add https://news.example/     # the feed it links to
      revtrack source add https://news.example/news-sitemap.xml --every 30m
      revtrack source add https://news.example/feed.xml --no-poll
    """
    try:
        canonical_url(url)
        found = asyncio.run(_detect(app, url))
    except InvalidURLError as exc:
        raise click.ClickException(one_line(str(exc))) from None  # as `add` says it: exit 1
    except SourceError as exc:
        raise click.ClickException(one_line(str(exc))) from None
    src, created = db.add_source(
        app.store(), found.url, found.kind, now=app.clock(), title=found.title, every_s=every
    )
    line = f"added {src.kind}" if created else f"already a {src.kind} source"
    line += f": {src.title or src.url} ({src.url}, id {src.id})"
    if not created or no_poll:
        echo(line)
        return
    # The same poll as `watch` and `source poll`: one transaction of its own,
    # after the source's, so a failed poll never takes the new source with it.
    first = asyncio.run(_poll(app, [src], int(DEFAULT_WINDOW.total_seconds()))).polls[0]
    if first.outcome == "error":
        echo(line)
        echo(
            f"revtrack: warning: the first poll of {src.url} failed ({one_line(first.error)});"
            " the source is kept and polled again later",
            err=True,
        )
        return
    echo(f"{line}; {plural(first.new, 'new story', 'new stories')}")


def _source_json(src: Source, stories: int) -> dict[str, object]:
    return {
        "id": src.id,
        "url": src.url,
        "kind": src.kind,
        "title": src.title,
        "added_at": to_iso(src.added_at),
        "every_s": src.every_s,
        "last_polled_at": to_iso(src.last_polled_at) if src.last_polled_at else None,
        "next_poll_at": to_iso(src.next_poll_at) if src.next_poll_at else None,
        "error_streak": src.error_streak,
        "last_error": src.last_error,
        "stories": stories,
    }


@source.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def list_cmd(app: AppContext, as_json: bool) -> None:
    """List sources: kind, stories found, next poll, errors.

    \b
    Examples:
      revtrack source list
      revtrack source list --json
    """
    store = app.store()
    sources = db.list_sources(store)
    counts = db.story_counts(store)
    if as_json:
        print_json([_source_json(s, counts.get(s.id, 0)) for s in sources])
        return
    if not sources:
        echo("no sources yet: revtrack source add URL")
        return
    now = app.clock()
    rows = [
        [
            str(s.id),
            s.kind,
            str(counts.get(s.id, 0)),
            relative(s.next_poll_at, now),
            f"{s.error_streak}: {s.last_error}" if s.error_streak else "-",
            f"{s.title} <{s.url}>" if s.title else s.url,
        ]
        for s in sources
    ]
    echo(table(["ID", "KIND", "STORIES", "NEXT", "ERRORS", "SOURCE"], rows))


@source.command(short_help="Stop polling a source (its stories stay).")
@click.argument("url")
@pass_app
def remove(app: AppContext, url: str) -> None:
    """Stop polling a source (by URL or id); the stories it found stay tracked.

    \b
    Examples:
      revtrack source remove https://news.example/feed.xml
      revtrack source remove 3
    """
    store = app.store()
    try:
        src = db.get_source(store, url)
    except (UnknownSourceError, InvalidURLError) as exc:
        raise click.ClickException(one_line(str(exc))) from None
    db.remove_source(store, src)
    echo(f"removed source: {src.url}")


async def _poll(app: AppContext, sources: list[Source], window_s: int) -> PollSummary:
    async with app.fetcher() as fetcher:
        return await poll_sources(
            app.store(), fetcher, app.clock(), sources, window=timedelta(seconds=window_s)
        )


@source.command(short_help="Poll the due sources now.")
@click.option("--all", "poll_all", is_flag=True, help="Poll every source, due or not.")
@click.option(
    "--window",
    type=DURATION,
    default=int(DEFAULT_WINDOW.total_seconds()),
    show_default="3d",
    help="Only add articles published this recently.",
)
@pass_app
def poll(app: AppContext, poll_all: bool, window: int) -> None:
    """Poll the due sources now and track the new articles they list.

    \b
    Examples:
      revtrack source poll
      revtrack source poll --all --window 1d
    """
    store = app.store()
    sources = db.list_sources(store) if poll_all else db.due_sources(store, app.clock())
    if not sources:
        echo("no source is due")
        return
    summary = asyncio.run(_poll(app, sources, window))
    for failed in summary.errors:
        echo(f"error: {failed.source.url}: {failed.error}", err=True)
    polled = len(summary.polls)
    echo(
        f"polled {polled} source{'s' * (polled != 1)}: {summary.new_stories} new "
        f"stor{'y' if summary.new_stories == 1 else 'ies'}, {summary.not_modified} not modified,"
        f" {len(summary.errors)} failed"
    )


@source.command(name="import", short_help="Add the sources listed in an OPML file.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--every", type=INTERVAL, default=None, help="Poll interval for the new sources.")
@pass_app
def import_cmd(app: AppContext, file: Path, every: int | None) -> None:
    """Add the feeds and sitemaps listed in an OPML file (no fetching).

    \b
    Examples:
      revtrack source import feeds.opml
      revtrack source import feeds.opml --every 30m
    """
    try:
        outlines, skipped = parse_opml(file.read_bytes())
    except SourceError as exc:
        raise click.ClickException(one_line(f"{file}: {exc}")) from None
    store, now, added = app.store(), app.clock(), 0
    for outline in outlines:
        _, created = db.add_source(
            store, outline.url, outline.kind, now=now, title=outline.title, every_s=every
        )
        added += created
    for url in skipped:
        echo(f"skipped (not an http(s) URL): {url}", err=True)
    echo(f"imported {added} new source(s); {len(outlines) - added} already present")


@source.command(short_help="Write all sources as OPML.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@pass_app
def export(app: AppContext, file: Path | None) -> None:
    """Write all sources as OPML 2.0 to FILE (or standard output).

    \b
    Examples:
      revtrack source export feeds.opml
      revtrack source export > feeds.opml
    """
    text = export_opml(db.list_sources(app.store()), now=app.clock())
    if file is None:
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8")
        echo(f"exported to {file}")


COMMANDS = (source,)
