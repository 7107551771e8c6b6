"""``revtrack check``: one capture pass, for people, cron and systemd timers."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import click
from rich.progress import MofNCompleteColumn, Progress
from rich.text import Text

from revtrack.check import CheckReport, PassSummary, capture_pass
from revtrack.check.analysers import PageAnalyser, default_workers
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, format_time, one_line
from revtrack.clock import relative
from revtrack.lock import pass_lock, pass_lock_if_free
from revtrack.notify.sender import deliver_now
from revtrack.safe_text import strip_controls
from revtrack.store.rows import CheckOutcome, EventKind, Story

_SHOWN = {CheckOutcome.NEW_VERSION, CheckOutcome.FLIP_FLOP, CheckOutcome.GONE, CheckOutcome.ERROR}


def _select(app: AppContext, urls: tuple[str, ...], check_all: bool) -> list[Story]:
    store = app.store()
    if urls:
        return [store.story(url) for url in urls]
    if check_all:
        return store.stories()
    return store.due_stories(app.clock())


def shown(report: CheckReport, quiet: bool) -> bool:
    """Whether a check is worth a line: changes, gone/restored, and always errors."""
    if report.outcome is CheckOutcome.ERROR:
        return True
    return not quiet and (report.outcome in _SHOWN or report.event == EventKind.RESTORED)


def report_line(report: CheckReport) -> str:
    what = str(report.outcome)
    if report.version_seq is not None:
        what += f" v{report.version_seq}"
    if report.event in (EventKind.GONE, EventKind.RESTORED):
        what = report.event
    detail = f"  ({one_line(report.detail, 80)})" if report.detail else ""
    return f"  {what:<16} {report.url}{detail}"


async def _run(
    app: AppContext, stories: list[Story], show: Callable[[CheckReport], None]
) -> PassSummary:
    workers = default_workers(len(stories))
    async with app.fetcher() as fetcher, PageAnalyser(workers=workers) as analyser:
        return await capture_pass(
            app.store(), stories, fetcher, analyser=analyser, on_report=show,
            webhook=app.config.notify.webhook,
        )  # fmt: skip


def _run_with_progress(app: AppContext, stories: list[Story], quiet: bool) -> PassSummary:
    """A progress bar on a terminal for passes of more than a few stories; lines otherwise."""
    if not sys.stdout.isatty() or len(stories) < 3:

        def print_line(report: CheckReport) -> None:
            if shown(report, quiet):
                echo(report_line(report))

        return asyncio.run(_run(app, stories, print_line))
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("checking", total=len(stories))

        def advance(report: CheckReport) -> None:
            if shown(report, quiet):
                progress.console.print(Text(strip_controls(report_line(report))))
            progress.advance(task)

        return asyncio.run(_run(app, stories, advance))


def nothing_due(app: AppContext) -> str:
    """Why a pass checked nothing: when the next story is due, and how to check now."""
    stories = app.store().stories()
    if not stories:
        return "nothing to check: no stories tracked yet (revtrack add URL)"
    force = "`revtrack check --all` or `revtrack check URL` checks now"
    waiting = [s for s in stories if s.next_check_at is not None]
    if not waiting:
        return f"nothing to check: every story is retired; {force}"
    nxt = min(waiting, key=lambda s: s.next_check_at or datetime.max.replace(tzinfo=UTC))
    when = f"{relative(nxt.next_check_at, app.clock())} ({format_time(nxt.next_check_at)})"
    title = one_line(nxt.headline or nxt.url, 60)
    return f"nothing to check: the next is due {when}: {title}; {force}"


@click.command(short_help="Check due stories once and record what changed.")
@click.argument("urls", nargs=-1)
@click.option("--all", "check_all", is_flag=True, help="Check every story now, due or not.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@pass_app
def check(app: AppContext, urls: tuple[str, ...], check_all: bool, quiet: bool) -> None:
    """Check due stories once (or URLS, or --all) and record what changed.

    Exits 0 even when some pages fail (they are logged and retried later);
    non-zero only when the pass itself cannot run. Checking named URLS also
    works while a `watch` runs (which then sends their webhooks).

    \b
    Examples:
      revtrack check
      revtrack check --all
      revtrack check https://news.example/storm
      revtrack check --quiet      # from cron: errors only
    """
    if urls and check_all:
        raise click.UsageError("give URLs or --all, not both")
    lock = pass_lock_if_free if urls else pass_lock
    with lock(app.paths.lock_file) as held:
        stories = _select(app, urls, check_all)
        summary = _run_with_progress(app, stories, quiet)
        delivery = None
        if held is not False:
            delivery = deliver_now(
                app.store(), app.config.notify.webhook, app.clock(),
                user_agent=app.config.fetch.user_agent,
            )  # fmt: skip
    due_only = not urls and not check_all
    echo(nothing_due(app) if due_only and not summary.reports else summary.describe())
    if delivery is not None and delivery.happened:
        echo(delivery.describe())


COMMANDS = (check,)
