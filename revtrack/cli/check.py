"""``revtrack check``: one capture pass, for people, cron and systemd timers."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import click
import httpx
from rich.progress import MofNCompleteColumn, Progress
from rich.text import Text

from revtrack.check import CheckReport, PassSummary, capture_pass
from revtrack.check.analysers import PageAnalyser, default_workers
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, format_time, one_line
from revtrack.clock import relative
from revtrack.fetch.client import Fetcher
from revtrack.fetch.politeness import host_key
from revtrack.lock import pass_lock, pass_lock_if_free
from revtrack.notify.deliver import local_worker_id
from revtrack.notify.sender import deliver_now
from revtrack.report.text import plural
from revtrack.safe_text import strip_controls
from revtrack.schedule.watch import BATCH, LEASE, claim, keep_leases, release
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


# -- on PostgreSQL: a check is a worker, like `watch` ----------------------------------


Batches = Callable[[Fetcher], list[Story]]
"""The next stories a worker's run checks, leased to it (none: the run is over)."""


class _Worker:
    """A `check` run on a store that workers share: what it checks is leased to it first,
    batch by batch, and released after each batch; stories another worker holds are
    left to it and counted (``held``)."""

    def __init__(self, app: AppContext, worker: str) -> None:
        self.app, self.worker = app, worker
        self.store = app.store()
        self.held: dict[str, int] = {}  # stories left to other workers, by worker

    def due(self) -> Batches:
        """Batches of due stories, claimed as `watch` claims them (its share of the sites,
        most overdue first) until none is left to claim; a story is checked once a run."""
        seen: set[int] = set()

        def claim_next(fetcher: Fetcher) -> list[Story]:
            claimed = claim(self.store, fetcher, self.worker, self.app.clock(), LEASE)
            again = [story.id for story in claimed if story.id in seen]
            if again:  # still due after this run checked it (its clock stands still)
                self.store.release_leases(self.worker, again)
            fresh = [story for story in claimed if story.id not in seen]
            seen.update(story.id for story in fresh)
            if not fresh:
                self._count_held(self.store.due_held_by_others(self.worker, self.app.clock()))
            return fresh

        return claim_next

    def named(self, stories: Sequence[Story]) -> Batches:
        """Batches of ``stories``, each leased for the run unless another worker holds it."""
        pending = list(stories)

        def lease_next(fetcher: Fetcher) -> list[Story]:
            while pending:
                chunk = [s.id for s in pending[:BATCH]]
                del pending[:BATCH]
                now = self.app.clock()
                got = self.store.lease_named(self.worker, chunk, now, until=now + LEASE)
                self._count_held({owner: len(held) for owner, held in got.held.items()})
                if got.leased:
                    # As a claim does: each host waits its gap after the last request
                    # any worker sent there.
                    hosts = sorted({host_key(httpx.URL(story.url)) for story in got.leased})
                    for host, last in self.store.host_starts(hosts).items():
                        fetcher.gate.started_at(host, last)
                    return got.leased
            return []

        return lease_next

    def _count_held(self, held: dict[str, int]) -> None:
        for owner, count in held.items():
            self.held[owner] = self.held.get(owner, 0) + count

    async def run(
        self, batches: Batches, expected: int, show: Callable[[CheckReport], None]
    ) -> PassSummary:
        """Check batch after batch, each under a lease kept alive while it lasts and
        released when it ends, with a heartbeat after each."""
        summary = PassSummary()
        renew_every = max(LEASE.total_seconds() / 3, 1.0)
        workers = default_workers(expected)
        async with self.app.fetcher() as fetcher, PageAnalyser(workers=workers) as analyser:
            while batch := batches(fetcher):
                try:
                    part = await capture_pass(
                        self.store, batch, fetcher, analyser=analyser, on_report=show,
                        webhook=self.app.config.notify.webhook,
                        keep_alive=keep_leases(self.store, self.worker, self.app.clock, LEASE),
                        keep_alive_every=renew_every,
                    )  # fmt: skip
                finally:
                    release(self.store, fetcher, self.worker, batch)
                summary.reports.extend(part.reports)
                self.store.heartbeat(
                    self.worker, self.app.clock(), checks=len(part.reports), role="check"
                )
        return summary

    def held_by(self) -> str:
        """Who holds the stories this run left to others: "worker X" or "workers X (2),
        Y (1)"."""
        if len(self.held) == 1:
            return f"worker {next(iter(self.held))}"
        return "workers " + ", ".join(f"{w} ({n})" for w, n in sorted(self.held.items()))


def _check_as_worker(
    app: AppContext, urls: tuple[str, ...], check_all: bool, quiet: bool
) -> tuple[PassSummary, str]:
    """`check` on PostgreSQL: no lock file; a worker (host:pid) that leases what it checks,
    so it never checks a story at the same time as a `watch` or another `check`. Returns
    the summary and the last line when nothing was due for it ("" if something was)."""
    named = _select(app, urls, check_all) if urls or check_all else None
    run = _Worker(app, local_worker_id())  # host:pid, as its webhook round claims
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
            summary = asyncio.run(run.run(batches, expected, show))
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
