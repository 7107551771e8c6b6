"""``revtrack backfill``: a story's history from web archives, before revtrack tracked it."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

import click

from revtrack.backfill.captures import ArchivedCapture, BackfillError
from revtrack.backfill.client import ArchiveClient
from revtrack.backfill.run import BackfillSummary, backfill_story, list_captures
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo
from revtrack.cli.params import since_option
from revtrack.config import is_http_url
from revtrack.errors import UnknownStoryError
from revtrack.lock import pass_lock
from revtrack.store.rows import Story

F = TypeVar("F", bound=Callable[..., Any])

_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def until_option(text: str | None, now: datetime) -> datetime | None:
    """``--until``: like ``--since``, but a bare date means the end of that day."""
    moment = since_option(text, now)
    if moment is not None and text is not None and _DATE_ONLY.match(text):
        return moment + timedelta(days=1, seconds=-1)
    return moment


async def _backfill(
    app: AppContext, stories: Sequence[Story], *, wayback: str, timemap: str,
    since: datetime | None, until: datetime | None, limit: int | None,
) -> BackfillSummary:  # fmt: skip
    store = app.store()
    total = BackfillSummary()
    client = ArchiveClient(
        gap=app.config.archive.gap, user_agent=app.config.fetch.user_agent or None
    )
    async with client:
        for story in stories:
            captures = await list_captures(
                client, story.url, wayback=wayback, timemap=timemap, since=since, until=until,
                limit=limit,
            )  # fmt: skip
            with click.progressbar(
                length=len(captures),
                label=f"backfill {story.url}",
                file=sys.stderr,
                hidden=not sys.stderr.isatty(),
            ) as bar:

                def advance(_capture: ArchivedCapture, _outcome: str) -> None:
                    bar.update(1)

                summary = await backfill_story(
                    store, store.story(story.id), captures, client, progress=advance,
                    clock=app.clock,
                )  # fmt: skip
            if len(stories) > 1:
                echo(f"  {story.url}: {summary.line()}")
            total.add(summary)
    return total


def run_backfill(
    app: AppContext, urls: Sequence[str], *, wayback: str | None, timemap: str | None,
    since: str | None, until: str | None, limit: int | None,
) -> None:  # fmt: skip
    """Backfill the tracked stories at ``urls`` and print the one-line summary."""
    now = app.clock()
    since_at, until_at = since_option(since, now), until_option(until, now)
    base = wayback or app.config.archive.wayback
    for url, what in ((base, "--wayback"), (timemap or "", "--timemap")):
        if url and not is_http_url(url):
            raise BackfillError(f"{what} must be an http(s) URL with a host, not {url!r}")
    if timemap and len(urls) > 1:
        raise click.UsageError("--timemap lists the captures of one URL: give one URL")
    store = app.store()
    try:
        stories = [store.story(url) for url in urls]
    except UnknownStoryError as exc:
        hint = "`revtrack add --backfill URL` adds and backfills"
        raise UnknownStoryError(f"{exc}; {hint}") from None
    with pass_lock(app.paths.lock_file):
        summary = asyncio.run(
            _backfill(app, stories, wayback=base, timemap=timemap or "", since=since_at,
                      until=until_at, limit=limit)
        )  # fmt: skip
    echo(f"backfill: {summary.line()}")


def backfill_options(command: F) -> F:
    """The options ``backfill`` and ``add --backfill`` share."""
    for option in reversed([
        click.option("--since", metavar="DATE", help="Only captures from DATE (2025-06-01, 30d)."),
        click.option("--until", metavar="DATE", help="Only captures up to DATE."),
        click.option("--limit", type=click.IntRange(min=1),
                     help="At most N captures (oldest first)."),
        click.option("--wayback", metavar="URL",
                     help="A Wayback-compatible archive (default: [archive] wayback)."),
        click.option("--timemap", metavar="URL",
                     help="Read the captures from this Memento TimeMap instead."),
    ]):  # fmt: skip
        command = option(command)
    return command


@click.command(short_help="Fill a story's history from web archives.")
@click.argument("urls", nargs=-1, required=True)
@backfill_options
@pass_app
def backfill(
    app: AppContext, urls: tuple[str, ...], since: str | None, until: str | None,
    limit: int | None, wayback: str | None, timemap: str | None,
) -> None:  # fmt: skip
    """Fill the history of tracked stories at URLS from a web archive.

    Lists each story's captures in a Wayback-compatible archive (its CDX API: 200s
    only, one per distinct page) or a Memento TimeMap, fetches each capture's
    original bytes politely (one request at a time, a gap between them, Retry-After
    honoured) and runs it through the capture pipeline at its own capture time.
    Captures older than the story's versions go before them. A second run fetches
    only captures it has not seen. The story's own schedule is left as it was.

    \b
    Examples:
      revtrack backfill https://news.example/storm
      revtrack backfill https://news.example/storm --since 2025-06-01 --limit 50
      revtrack backfill https://news.example/storm --timemap https://arquivo.pt/wayback/timemap/link/https://news.example/storm
    """
    run_backfill(app, urls, wayback=wayback, timemap=timemap, since=since, until=until,
                 limit=limit)  # fmt: skip


COMMANDS = (backfill,)
