"""``revtrack set`` and ``revtrack schedule install``: how often, and what runs the checks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo
from revtrack.cli.params import DURATION, MIN_INTERVAL_S, parse_duration
from revtrack.errors import RevtrackError
from revtrack.schedule.units import UNIT_NAME, cron_line, systemd_units
from revtrack.store.rows import StoryUpdate


@click.command(name="set", short_help="Change how often a story is checked.")
@click.argument("url")
@click.option("--every", required=True, help="A fixed interval (10m, 2h) or 'auto'.")
@pass_app
def set_story(app: AppContext, url: str, every: str) -> None:
    """Change how often a story is checked ('auto' returns it to the adaptive schedule).

    \b
    Examples:
      revtrack set https://news.example/storm --every 10m
      revtrack set https://news.example/storm --every auto
    """
    if every == "auto":
        every_s = None
    else:
        try:
            every_s = parse_duration(every, minimum=MIN_INTERVAL_S)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--every") from None
    store = app.store()
    story = store.story(url)
    with store.transaction():
        store.update_story(story.id, StoryUpdate(every_s=every_s, next_check_at=app.clock()))
    echo(f"{story.url}: checked {'adaptively' if every_s is None else f'every {every}'}")


def _systemd_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _install_cron(line: str) -> None:
    if shutil.which("crontab") is None:
        raise RevtrackError("no crontab command on this machine; use --print and add it by hand")
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    kept = [x for x in current.stdout.splitlines() if not x.endswith(f"# {UNIT_NAME}")]
    result = subprocess.run(
        ["crontab", "-"], input="\n".join([*kept, line]) + "\n", text=True, check=False
    )
    if result.returncode != 0:
        raise RevtrackError("crontab refused the new table; nothing was changed")


@click.group(short_help="Run `revtrack check` on a timer (systemd or cron).")
def schedule() -> None:
    """Run `revtrack check` on a timer (systemd user timer or cron).

    \b
    Examples:
      revtrack schedule install
      revtrack schedule install --cron --every 15m --print
    """


@schedule.command(short_help="Install a timer that runs `revtrack check`.")
@click.option("--systemd", "kind", flag_value="systemd", default=True, help="systemd user timer.")
@click.option("--cron", "kind", flag_value="cron", help="A crontab line.")
@click.option("--every", type=DURATION, default="5m", show_default=True, help="Timer interval.")
@click.option("--print", "print_only", is_flag=True, help="Print what would be installed.")
@pass_app
def install(app: AppContext, kind: str, every: int, print_only: bool) -> None:
    """Install (or with --print, show) a timer that runs `revtrack check --quiet`.

    Due stories are picked by the adaptive schedule, so the timer only sets how
    often revtrack looks; the check itself is cheap when nothing is due.

    \b
    Examples:
      revtrack schedule install --every 10m
      revtrack schedule install --cron --print
    """
    home = app.paths.home
    if kind == "cron":
        line = cron_line(home, every, app.paths.data_dir / "check.log")
        if print_only:
            echo(line)
            return
        _install_cron(line)
        echo(f"installed in your crontab: {line}")
        return
    units = systemd_units(_systemd_dir(), home, every)
    for unit in units:
        if print_only:
            echo(f"# {unit.path}\n{unit.text}")
            continue
        unit.path.parent.mkdir(parents=True, exist_ok=True)
        unit.path.write_text(unit.text, encoding="utf-8")
        echo(f"wrote {unit.path}")
    if not print_only:
        enable = f"systemctl --user enable --now {UNIT_NAME}.timer"
        echo(f"now run: systemctl --user daemon-reload && {enable}")


COMMANDS = (set_story, schedule)
