"""Commands that read a story's history: log and show."""

from __future__ import annotations

import sys

import click

from revtrack.article import Article
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.log_text import log_lines
from revtrack.cli.output import echo, print_json
from revtrack.cli.versions import VersionCommand
from revtrack.clock import page_time
from revtrack.history.timeline import story_timeline
from revtrack.safe_text import strip_controls
from revtrack.store.rows import row_to_json


@click.command(short_help="Show a story's versions and events.")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def log(app: AppContext, url: str, as_json: bool) -> None:
    """Show a story's versions and events (gone, restored, flip-flop, quiet checks).

    \b
    Examples:
      revtrack log https://news.example/storm
      revtrack log https://news.example/storm --json
    """
    store = app.store()
    timeline = story_timeline(store, store.story(url).id)
    if as_json:
        print_json(timeline.to_json())
        return
    echo(f"{timeline.story.url}  ({timeline.story.status})")
    for line in log_lines(timeline):
        echo(line)


def _print_article(article: Article) -> None:
    echo(article.headline)
    for line in (article.dek, article.byline):
        if line:
            echo(line)
    published = page_time(article.published, article.published_offset)
    echo(f"published {published}   updated {page_time(article.updated, article.updated_offset)}")
    echo(article.url)
    for bullet in article.highlights:
        echo(f"  • {bullet}")
    for paragraph in article.paragraphs:
        echo()
        echo(paragraph)
    for note in article.corrections:
        echo()
        echo(f"[correction] {note}")


@click.command(short_help="Show one version of a story (default: the latest).", cls=VersionCommand)
@click.argument("url")
@click.argument("version", type=int, required=False, default=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the extracted article as JSON.")
@click.option("--raw", is_flag=True, help="Print the raw HTML as captured.")
@pass_app
def show(app: AppContext, url: str, version: int, as_json: bool, raw: bool) -> None:
    """Show one version of a story (default: the latest; negative counts from the end).

    \b
    Examples:
      revtrack show https://news.example/storm
      revtrack show https://news.example/storm 1
      revtrack show https://news.example/storm -2 --raw > v.html
    """
    if as_json and raw:
        raise click.UsageError("choose --json or --raw, not both")
    store = app.store()
    story = store.story(url)
    chosen = store.version(story.id, version)
    if raw:
        body = store.raw_html(chosen)
        if sys.stdout.isatty():
            echo(strip_controls(body.decode("utf-8", "replace")))
        else:
            sys.stdout.buffer.write(body)
        return
    article = store.article(chosen)
    if as_json:
        meta = row_to_json(chosen)
        for private in ("id", "story_id", "article_sha", "raw_sha", "headers"):
            meta.pop(private)
        print_json(article.to_dict() | {"version": meta})
        return
    _print_article(article)


COMMANDS = (log, show)
