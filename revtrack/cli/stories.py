"""Commands that manage the set of tracked stories: add, list, remove, paths."""

from __future__ import annotations

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, print_json, table
from revtrack.cli.params import INTERVAL
from revtrack.clock import relative
from revtrack.errors import InvalidURLError
from revtrack.store.rows import story_to_json
from revtrack.urls import canonical_url


@click.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--every", type=INTERVAL, default=None, help="Check on a fixed interval (10m, 2h).")
@click.option(
    "--backfill", "and_backfill", is_flag=True,
    help="Also fill their history from the web archive ([archive] wayback).",
)  # fmt: skip
@pass_app
def add(app: AppContext, urls: tuple[str, ...], every: int | None, and_backfill: bool) -> None:
    """Track the stories at URLS (http or https).

    \b
    Examples:
      revtrack add https://news.example/storm
      revtrack add https://news.example/storm https://other.example/a --every 30m
      revtrack add --backfill https://news.example/storm   # with its archived history
    """
    canonical = []
    for url in urls:  # validate all before adding any, so a typo adds nothing
        try:
            canonical.append(canonical_url(url))
        except InvalidURLError as exc:
            raise InvalidURLError(f"{exc}{_scheme_hint(url)}") from None
    store = app.store()
    now = app.clock()
    for url in canonical:
        story, created = store.add_story(url, now=now, every_s=every)
        echo(f"{'added' if created else 'already tracked'}: {story.url} (id {story.id})")
    if and_backfill:
        # Loaded only here: `revtrack list` shares this module and never loads httpx.
        from revtrack.cli.backfill import run_backfill

        run_backfill(app, canonical, wayback=None, timemap=None, since=None, until=None,
                     limit=None)  # fmt: skip


def _scheme_hint(url: str) -> str:
    """ "(did you mean https://example.com/x?)" for a URL typed without its scheme."""
    host = url.split("/", 1)[0]
    if "://" in url or "." not in host.strip(".") or " " in url:
        return ""
    return f" (did you mean https://{url}?)"


@click.command(name="list", short_help="List tracked stories: versions, next check, status.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def list_stories(app: AppContext, as_json: bool) -> None:
    """List tracked stories with version counts, last change, next check and status.

    \b
    Examples:
      revtrack list
      revtrack list --json
    """
    summaries = app.store().summaries()
    if as_json:
        out = []
        for s in summaries:
            out.append(story_to_json(s.story) | {"versions": s.versions, "checks": s.checks})
        print_json(out)
        return
    if not summaries:
        echo("no stories tracked yet: revtrack add URL")
        return
    now = app.clock()
    rows = [
        [
            str(s.story.id),
            str(s.versions),
            s.story.status + (" (error)" if s.story.error_streak else ""),
            relative(s.story.last_changed_at, now),
            relative(s.story.next_check_at, now) if s.story.next_check_at else "retired",
            s.story.headline or s.story.url,
        ]
        for s in summaries
    ]
    echo(table(["ID", "VERSIONS", "STATUS", "CHANGED", "NEXT", "STORY"], rows))


@click.command()
@click.argument("url")
@pass_app
def remove(app: AppContext, url: str) -> None:
    """Stop tracking a story and delete its history.

    \b
    Examples:
      revtrack remove https://news.example/storm
    """
    store = app.store()
    story = store.story(url)
    store.remove_story(story)
    echo(f"removed: {story.url}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def paths(app: AppContext, as_json: bool) -> None:
    """Show where revtrack keeps its data and configuration.

    \b
    Examples:
      revtrack paths
      revtrack --home ~/newsroom paths --json
    """
    p = app.paths
    places: dict[str, str | None] = {
        "store": p.store_display,  # a PostgreSQL URL without its password
        "config": str(p.config_file),
        "cache": str(p.cache_dir),
        "lock": str(p.lock_file) if p.lock_file else None,  # PostgreSQL: passes take none
    }
    if as_json:
        print_json(places)
        return
    no_lock = "none (PostgreSQL: passes take no lock)"
    echo(table(["WHAT", "WHERE"], [[k, v or no_lock] for k, v in places.items()]))


COMMANDS = (add, list_stories, remove, paths)
