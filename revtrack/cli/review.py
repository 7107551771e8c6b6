"""``revtrack review``: the queue of changes to review, and marking them."""

from __future__ import annotations

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, format_time, one_line, print_json
from revtrack.cli.params import since_option
from revtrack.cli.versions import VersionCommand, version_seq
from revtrack.clock import relative, to_iso
from revtrack.diff import Label
from revtrack.review import (
    QueueItem,
    Review,
    ReviewState,
    change_items,
    mark_change,
    review_counts,
)
from revtrack.review.reviewer import default_reviewer

_LABELS = click.Choice([str(label) for label in Label])
_STATES = click.Choice([*(str(s) for s in ReviewState), "all"])
_STATE_MARK = {ReviewState.REVIEWED: "✓", ReviewState.FLAGGED: "⚑", ReviewState.UNREVIEWED: "•"}


def _item_lines(item: QueueItem, now_text: str) -> list[str]:
    change, review = item.change, item.review
    labels = ", ".join(change.labels) or "-"
    lines = [
        f"{_STATE_MARK[review.state]} {now_text:<10} v{change.seq:<3} [{labels}]  "
        f"{one_line(item.headline, 70)}",
        f"    {one_line(change.summary, 100)}",
    ]
    lines += [f"    - {one_line(text, 110)}" for text in change.highlights[:4]]
    if review.note:
        lines.append(f"    note: {one_line(review.note, 100)}")
    if review.state is not ReviewState.UNREVIEWED or review.note:
        who = f" by {one_line(review.reviewer, 30)}" if review.reviewer else ""
        lines.append(f"    {review.state}{who} {format_time(review.at)}")
    lines.append(f"    {one_line(item.url)}")
    return lines


@click.group(short_help="List the changes waiting for review.", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option(
    "--label", "labels", multiple=True, type=_LABELS,
    help="Only changes with this label (repeatable: any of them).",
)  # fmt: skip
@click.option(
    "--state", default="unreviewed", type=_STATES, show_default=True,
    help="Which changes to list.",
)  # fmt: skip
@click.option(
    "--since", metavar="WHEN", default=None,
    help="Only changes since yesterday, today, 24h, 7d, a date or a time.",
)  # fmt: skip
@click.option(
    "--story", "story_url", default=None, metavar="URL", help="Only the changes of this story."
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.pass_context
def review(
    ctx: click.Context, as_json: bool, labels: tuple[str, ...], state: str, since: str | None,
    story_url: str | None, limit: int | None,
) -> None:  # fmt: skip
    """List the changes waiting for review, newest first (see `review mark`).

    \b
    Examples:
      revtrack review
      revtrack review --label silent --since yesterday
      revtrack review --state flagged --json
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(AppContext)
    assert app is not None  # the root group always sets it
    store = app.store()
    story_id = store.story(story_url).id if story_url else None
    states = () if state == "all" else (ReviewState(state),)
    moment = since_option(since, app.clock())
    items = change_items(store, states=states, labels=labels, since=moment, story_id=story_id)
    items = items[:limit]
    counts = review_counts(store)
    if as_json:
        print_json({"counts": counts.to_json(), "changes": [item.to_json() for item in items]})
        return
    by_label = " · ".join(f"{label} {n}" for label, n in counts.unreviewed_by_label if n)
    echo(
        f"{counts.unreviewed} unreviewed · {counts.flagged} flagged · {counts.reviewed} reviewed"
        + (f"   (unreviewed: {by_label})" if by_label else "")
    )
    if not items:
        echo(
            f"no {'' if state == 'all' else state + ' '}changes"
            + (" with that label" if labels else "")
        )
        return
    now = app.clock()
    for item in items:
        echo()
        for line in _item_lines(item, relative(item.change.captured_at, now)):
            echo(line)


@review.command(
    name="mark", short_help="Mark a change reviewed, flagged or unreviewed.", cls=VersionCommand
)
@click.argument("url")
@click.argument("version", type=int)
@click.argument("state", type=click.Choice([str(s) for s in ReviewState]), required=False)
@click.option("--note", default=None, help='A note kept with the review ("" clears it).')
@click.option(
    "--by", "reviewer", default=None,
    help="Who reviewed (default: $REVTRACK_REVIEWER or your login).",
)  # fmt: skip
@pass_app
def mark(
    app: AppContext, url: str, version: int, state: str | None, note: str | None,
    reviewer: str | None,
) -> None:  # fmt: skip
    """Mark a change (a story's VERSION against the one before) reviewed, flagged or unreviewed.

    Without STATE, only the note changes, and the change keeps its reviewer (unless
    --by). Every mark is kept in the review record.

    \b
    Examples:
      revtrack review mark https://news.example/storm 3 reviewed
      revtrack review mark https://news.example/storm -1 flagged --note "ask the desk"
    """
    if state is None and note is None:
        raise click.UsageError("give a STATE (reviewed, flagged, unreviewed) or --note")
    store = app.store()
    new_state = ReviewState(state) if state else None
    story = store.story(url)
    version = version_seq(store, story, version)
    who = reviewer
    if who is None and new_state is None:  # a note alone: whoever decided still decided
        who = store.review(story.id, version).reviewer or None
    result = mark_change(
        store, story.id, version, state=new_state, note=note,
        reviewer=default_reviewer() if who is None else who, at=app.clock(),
    )  # fmt: skip
    echo(f"v{version} of {one_line(story.url)}: {result.state}{_mark_detail(result, note)}")


def _mark_detail(result: Review, note: str | None) -> str:
    """ " by ana (note cleared)": who the change's reviewer is now, and what the note is."""
    who = f" by {one_line(result.reviewer, 30)}" if result.reviewer else ""
    if result.note:
        return f"{who} ({one_line(result.note, 60)})"
    return who + (" (note cleared)" if note == "" else "")


@review.command(
    name="history", short_help="A story's review record, oldest mark first.", cls=VersionCommand
)
@click.argument("url")
@click.argument("version", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def history(app: AppContext, url: str, version: int | None, as_json: bool) -> None:
    """The review record of a story (or of one of its versions): every mark, oldest first.

    \b
    Examples:
      revtrack review history https://news.example/storm
      revtrack review history https://news.example/storm 3 --json
    """
    store = app.store()
    story = store.story(url)
    seq = None if version is None else version_seq(store, story, version)
    marks = store.review_log(story.id, seq)
    if as_json:
        print_json([
            {"version": m.seq, "state": str(m.state), "note": m.note, "reviewer": m.reviewer,
             "at": to_iso(m.at)}
            for m in marks
        ])  # fmt: skip
        return
    if not marks:
        echo("no reviews yet")
        return
    for m in marks:
        note = f"  {one_line(m.note, 80)}" if m.note else ""
        who = one_line(m.reviewer, 24) or "-"
        echo(f"{format_time(m.at)}  v{m.seq:<3} {m.state!s:<10} {who}{note}")


COMMANDS = (review,)
