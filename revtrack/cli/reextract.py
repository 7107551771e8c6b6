"""``revtrack reextract``: apply a newer extractor to the stored raw HTML."""

from __future__ import annotations

import click

from revtrack.check.reextract import ReextractSummary, reextract_story
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo
from revtrack.report.text import plural


@click.command(short_help="Re-extract stored versions from their raw HTML.")
@click.argument("urls", nargs=-1)
@pass_app
def reextract(app: AppContext, urls: tuple[str, ...]) -> None:
    """Re-extract stored versions (of URLS, or of every story) from their raw HTML.

    Never creates versions: the count of versions of a story stays the same.

    \b
    Examples:
      revtrack reextract
      revtrack reextract https://news.example/storm
    """
    store = app.store()
    stories = [store.story(u) for u in urls] if urls else store.stories()
    summary = ReextractSummary()
    for story in stories:
        reextract_story(store, story, summary=summary)
    echo(
        f"re-extracted {plural(summary.versions, 'version')} of"
        f" {plural(summary.stories, 'story', 'stories')}: "
        f"{summary.changed} changed, {summary.merged} now seen as noise, 0 new"
    )


COMMANDS = (reextract,)
