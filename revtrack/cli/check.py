"""``revtrack check``: one capture pass, for people, cron and systemd timers."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from revtrack.notify.deliver import local_worker_id
from revtrack.notify.sender import deliver_now
from revtrack.report.text import plural
from revtrack.safe_text import strip_controls
from revtrack.schedule.worker_pass import Batches, WorkerPass
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


@contextmanager
def _showing(total: int, quiet: bool) -> Iterator[Callable[[CheckReport], None]]:
    """What to do with each check's report: a progress bar on a terminal for passes of
    more than a few stories (``total``, as far as known up front); lines otherwise."""
    if not sys.stdout.isatty() or total < 3:

        def print_line(report: CheckReport) -> None:
            if shown(report, quiet):
                echo(report_line(report))

        yield print_line
        return
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("checking", total=total)

        def advance(report: CheckReport) -> None:
            if shown(report, quiet):
                progress.console.print(Text(strip_controls(report_line(report))))
            progress.advance(task)

        yield advance


def _run_with_progress(app: AppContext, stories: list[Story], quiet: bool) -> PassSummary:
    with _showing(len(stories), quiet) as show:
        return asyncio.run(_run(app, stories, show))


async def _run_worker(
    app: AppContext,
    run: WorkerPass,
    batches: Batches,
    expected: int,
    show: Callable[[CheckReport], None],
) -> PassSummary:
    async with app.fetcher() as fetcher, PageAnalyser(workers=default_workers(expected)) as pages:
        return await run.run(
            batches, fetcher, pages, on_report=show, webhook=app.config.notify.webhook
        )


def _check_as_worker(
    app: AppContext, urls: tuple[str, ...], check_all: bool, quiet: bool
) -> tuple[PassSummary, str]:
    """`check` on PostgreSQL: no lock file; a worker (host:pid) that leases what it checks,
    so it never checks a story at the same time as a `watch` or another `check`. Returns
    the summary and the last line when nothing was due for it ("" if something was)."""
    named = _select(app, urls, check_all) if urls or check_all else None
    run = WorkerPass(app.store(), local_worker_id(), app.clock)  # host:pid, as its webhook

    if not quiet:
        echo(f"worker {run.worker}")
    store = run.store
    store.heartbeat(run.worker, app.clock(), role="check")
    try:
        if named is None:
            batches, expected = run.due(), len(store.due_stories(app.clock()))
        else:
            batches, expected = run.named(named), len(named)
        with _showing(expected, quiet) as show:
            summary = asyncio.run(_run_worker(app, run, batches, expected, show))
    finally:
        store.forget_worker(run.worker)  # its leases end, and `revtrack workers` drops it
    if not run.held:
        return summary, ""
    held = sum(run.held.values())
    if named is None and not summary.reports:
        what = plural(held, "due story is", "due stories are")
        return summary, f"nothing to check: {what} being checked by {run.held_by()}"
    kind = "due " if named is None else ""
    what = plural(held, f"{kind}story", f"{kind}stories")
    echo(f"{what} skipped: being checked by {run.held_by()}")
    return summary, ""


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

    On a PostgreSQL store there is no lock: a check is a worker (it prints its
    name, host:pid) that claims due stories as `watch` does, leaving the sites
    other workers hold to them, or leases the URLS (or every story) it is asked
    for; stories another worker is checking are skipped, in one line naming it.

    \b
    Examples:
      revtrack check
      revtrack check --all
      revtrack check https://news.example/storm
      revtrack check --quiet      # from cron: errors only
    """
    if urls and check_all:
        raise click.UsageError("give URLs or --all, not both")
    due_only = not urls and not check_all
    nothing = ""
    if app.paths.is_postgres:  # no lock file: a worker among any others
        summary, nothing = _check_as_worker(app, urls, check_all, quiet)
        delivery = deliver_now(
            app.store(), app.config.notify.webhook, app.clock(),
            user_agent=app.config.fetch.user_agent,
        )  # fmt: skip
    else:
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
    if due_only and not summary.reports:
        echo(nothing or nothing_due(app))
    else:
        echo(summary.describe())
    if delivery is not None and delivery.happened:
        echo(delivery.describe())


COMMANDS = (check,)
