"""``revtrack workers``: the live workers of a store, their leases and rates."""

from __future__ import annotations

import json

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo
from revtrack.clock import relative, to_iso


@click.command(name="workers", short_help="List the live workers (watch, check) of the store.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per worker, in a list.")
@click.option(
    "--within", default=120, show_default=True, metavar="SECONDS",
    help="A worker is live when its last heartbeat is this recent.",
)  # fmt: skip
@pass_app
def workers_command(app: AppContext, as_json: bool, within: int) -> None:
    """The workers (`watch` and `check` runs) seen lately: name, role, stories leased,
    checks and rate.

    \b
    Examples:
      revtrack --store postgresql://revtrack@db.example/newsroom workers
    """
    now = app.clock()
    found = app.store().workers(now, live_within=within)
    if as_json:
        rows = [
            {
                "id": w.id, "role": w.role, "started_at": to_iso(w.started_at),
                "seen_at": to_iso(w.seen_at),
                "checks": w.checks, "rate": round(w.rate, 3), "leases": w.leases,
                "lease_until": to_iso(w.lease_until) if w.lease_until else None,
            }
            for w in found
        ]  # fmt: skip
        echo(json.dumps(rows, indent=2))
        return
    if not found:
        echo("no live workers (a `watch` or a `check` on this store is one)")
        return
    for w in found:
        lease = f", until {relative(w.lease_until, now)}" if w.lease_until else ""
        echo(
            f"{w.id} ({w.role}): {w.leases} leased{lease}; {w.checks} checks,"
            f" {w.rate * 60:.1f}/min; seen {relative(w.seen_at, now)}"
        )


COMMANDS = (workers_command,)
