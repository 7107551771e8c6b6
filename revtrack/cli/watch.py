"""``revtrack watch``: keep checking due stories until stopped."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

import click

from revtrack.check import CheckReport
from revtrack.check.analysers import PageAnalyser, default_workers
from revtrack.cli.check import report_line, shown
from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, one_line
from revtrack.clock import relative
from revtrack.lock import pass_lock
from revtrack.notify.deliver import local_worker_id
from revtrack.notify.sender import webhook_sender
from revtrack.report.text import plural
from revtrack.schedule.watch import LEASE, WatchStatus, install_stop_handlers, watch


def _status_line(app: AppContext, status: WatchStatus) -> str:
    last = status.last.describe() if status.last else "no pass yet"
    when = relative(status.next_due, app.clock()) if status.next_due else "nothing scheduled"
    new = plural(status.new_stories, "new story", "new stories")
    found = f", {new} from sources" if status.new_stories else ""
    sent = ""
    if status.delivered or status.delivery_waiting:
        sent = f"; webhook: {status.delivered} delivered, {status.delivery_waiting} waiting"
        sent += f" ({one_line(status.delivery_error, 60)})" if status.delivery_error else ""
    return (
        f"watching: {plural(status.passes, 'pass', 'passes')},"
        f" {plural(status.checked, 'check')}{found}; "
        f"last: {last}; next: {when}{sent}"
    )


async def _watch(
    app: AppContext, quiet: bool, worker: str = "", lease: int | None = None
) -> WatchStatus:
    stop = asyncio.Event()
    install_stop_handlers(stop)
    tty = sys.stdout.isatty()

    def on_status(status: WatchStatus) -> None:
        line = _status_line(app, status)
        if tty:
            click.echo("\r\x1b[2K" + line, nl=False)  # one status line, rewritten
        elif status.last is not None and status.last.reports:
            echo(line)

    def on_report(report: CheckReport) -> None:
        if shown(report, quiet):
            echo(("\r\x1b[2K" if tty else "") + report_line(report))

    store = app.store()
    workers = default_workers(len(store.stories()))
    webhook, agent = app.config.notify.webhook, app.config.fetch.user_agent
    async with (
        app.fetcher() as fetcher,
        PageAnalyser(workers=workers) as analyser,
        webhook_sender(webhook, user_agent=agent) as sender,
    ):
        status = await watch(
            store, fetcher, analyser, clock=app.clock, stop=stop,
            on_status=on_status, on_report=on_report, webhook=webhook, sender=sender,
            worker=worker, lease=timedelta(seconds=lease) if lease else LEASE,
        )  # fmt: skip
    if tty:
        click.echo()
    return status


@click.command(name="watch", short_help="Check due stories continuously until stopped.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the status.")
@click.option(
    "--worker-id",
    default="",
    metavar="NAME",
    help="This worker's name on a PostgreSQL store (default: host:pid).",
)
@click.option("--lease", type=click.IntRange(min=1), default=None, hidden=True)  # tests
@pass_app
def watch_command(app: AppContext, quiet: bool, worker_id: str, lease: int | None) -> None:
    """Check due stories continuously, sleeping until the next one is due.

    SIGINT or SIGTERM finishes the checks in flight, commits them and exits 0;
    a second signal stops at once (committed checks are never lost).

    On a PostgreSQL store any number of watches run at once, on any machines: each
    is a worker (it prints its name) that claims its share of the due stories under
    a lease; `revtrack workers` lists them.

    \b
    Examples:
      revtrack watch
      revtrack watch --quiet >> watch.log
    """
    worker = ""
    if app.paths.is_postgres:  # several workers may share the store: claim under leases
        worker = worker_id or local_worker_id()
        echo(f"worker {worker}")
    elif worker_id:
        raise click.UsageError("--worker-id is for a PostgreSQL store (SQLite runs one watch)")
    with pass_lock(app.paths.lock_file):
        try:
            status = asyncio.run(_watch(app, quiet, worker, lease))
        except asyncio.CancelledError:
            echo("stopped at once; every committed check is kept")
            return
    echo(f"stopped after {status.passes} passes and {status.checked} checks")


COMMANDS = (watch_command,)
