"""``revtrack notify``: the webhook outbox: what waits, send it now, test the receiver."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo, format_time, one_line
from revtrack.clock import relative
from revtrack.errors import RevtrackError
from revtrack.lock import pass_lock
from revtrack.notify.deliver import local_worker_id
from revtrack.notify.sender import deliver_now, webhook_sender
from revtrack.notify.status import outbox_status

NO_WEBHOOK = "no webhook configured (set [notify] webhook in the config file)"


def _webhook(app: AppContext, *, required: bool) -> str:
    url = app.config.notify.webhook
    if not url:
        if required:
            raise RevtrackError(NO_WEBHOOK)
        echo(NO_WEBHOOK)
    return url


def _next_try(moment: datetime | None, now: datetime) -> str:
    if moment is None or moment <= now:
        return "due now"
    seconds = int((moment - now).total_seconds())
    return f"in {seconds}s" if seconds < 60 else relative(moment, now)


@click.group(short_help="Webhook notifications: status, send, test.")
def notify() -> None:
    """Webhook notifications: one JSON POST per change, retried until delivered.

    \b
    Examples:
      revtrack notify status
      revtrack notify test
      revtrack notify send --all
    """


@notify.command(short_help="What the webhook delivered, what waits, last error.")
@pass_app
def status(app: AppContext) -> None:
    """How many changes were delivered and wait, the oldest waiting, the last error.

    \b
    Examples:
      revtrack notify status
    """
    url = _webhook(app, required=False)
    now = app.clock()
    state = outbox_status(app.store(), now)
    if url:
        echo(f"webhook: {url}")
    echo(f"delivered: {state.delivered}")
    waiting = f"waiting: {state.pending}"
    if state.pending:
        waiting += (
            f" (oldest captured {format_time(state.oldest_pending)},"
            f" next try {_next_try(state.next_attempt, now)},"
            f" up to {state.most_attempts} failed attempts)"
        )
    echo(waiting)
    if state.held_by and state.held_until is not None:
        until = relative(state.held_until, now)
        echo(f"delivering: worker {one_line(state.held_by, 80)} (lease ends {until})")
    if state.last_error:
        echo(f"last error: {one_line(state.last_error, 200)}")


@notify.command(short_help="Deliver the changes that are due now.")
@click.option("--all", "ignore_backoff", is_flag=True, help="Send every waiting change now.")
@pass_app
def send(app: AppContext, ignore_backoff: bool) -> None:
    """Deliver the changes that are due now (--all: ignore the back-off).

    \b
    Examples:
      revtrack notify send
      revtrack notify send --all
    """
    url = _webhook(app, required=True)
    # On PostgreSQL the watches on other machines deliver too: claim as a worker
    # (host:pid), so each row is sent by one of them at a time.
    worker = local_worker_id() if app.paths.is_postgres else ""
    with pass_lock(app.paths.lock_file):  # a running watch delivers them itself
        summary = deliver_now(
            app.store(), url, app.clock(), user_agent=app.config.fetch.user_agent,
            ignore_backoff=ignore_backoff, worker=worker,
        )  # fmt: skip
    if summary.happened:
        echo(summary.describe())
    else:
        echo(f"webhook: nothing due, {summary.pending} waiting")


@notify.command(name="test", short_help="POST a test payload to the webhook.")
@pass_app
def test_command(app: AppContext) -> None:
    """POST a small test payload to the webhook and say what it answered.

    \b
    Examples:
      revtrack notify test
    """
    url = _webhook(app, required=True)

    async def run() -> tuple[bool, str]:
        async with webhook_sender(url, user_agent=app.config.fetch.user_agent) as sender:
            assert sender is not None  # the URL is not empty
            return await sender.send_test(app.clock())

    ok, line = asyncio.run(run())
    echo(line)
    if not ok:
        sys.exit(1)


COMMANDS = (notify,)
