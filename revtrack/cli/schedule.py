"""``revtrack set`` and ``revtrack schedule install``: how often, and what runs the checks."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from revtrack.cli.context import AppContext, pass_app
from revtrack.cli.output import echo
from revtrack.cli.params import DURATION, MIN_INTERVAL_S, parse_duration
from revtrack.errors import RevtrackError
from revtrack.paths import redact_location
from revtrack.schedule.units import (
    ENV_FILE_NAME,
    UNIT_NAME,
    TimerStore,
    cron_line,
    env_file_text,
    systemd_units,
)
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


def _timer_store(app: AppContext) -> tuple[TimerStore, str]:
    """How the timer's revtrack finds this command's store, and a line saying so ("" for
    the default store). Never the password."""
    location = app.paths.store
    if not location:
        return TimerStore(), ""
    where = redact_location(location)
    if location == app.config.store.url:
        return TimerStore(), (
            f"store: {where}, from [store] url in {app.paths.config_file}:"
            " the timer's revtrack reads the same config"
        )
    timer = TimerStore.carrying(location, app.paths.config_dir / ENV_FILE_NAME)
    if timer.env_file is not None:
        return timer, (
            f"store: {where}: the timer reads its URL, password and all, from"
            f" {timer.env_file} (mode 0600); the unit or crontab line holds no password"
        )
    return timer, f"store: {where}: the timer runs revtrack with --store"


def _write_env_file(path: Path, location: str) -> None:
    """Write the environment file readable by its owner only (0600), atomically: it is
    never seen half-written, nor with wider permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), 0o600)
            out.write(env_file_text(location))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _env_file_shown(timer: TimerStore, location: str) -> str:
    """The environment file as --print shows it: the password hidden."""
    text = env_file_text(redact_location(location)).strip()
    return f"# {timer.env_file} (mode 0600), written by install: {text}"


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

    The timer checks the store this command runs on: a --store or $REVTRACK_STORE
    goes on its command line, or, for a URL with a password, into an environment
    file (mode 0600) the timer reads; [store] url in the config needs nothing.

    \b
    Examples:
      revtrack schedule install --every 10m
      revtrack schedule install --cron --print
    """
    home, log = app.paths.home, app.paths.data_dir / "check.log"
    timer, note = _timer_store(app)
    if print_only:  # nothing written; the password stays hidden
        if note:
            echo(f"# {note}")
        if timer.env_file is not None:
            echo(_env_file_shown(timer, app.paths.store))
        if kind == "cron":
            echo(cron_line(home, every, log, timer))
            return
        for unit in systemd_units(_systemd_dir(), home, every, timer):
            echo(f"# {unit.path}\n{unit.text}")
        return
    if timer.env_file is not None:
        _write_env_file(timer.env_file, app.paths.store)
        echo(f"wrote {timer.env_file} (mode 0600)")
    if kind == "cron":
        line = cron_line(home, every, log, timer)
        _install_cron(line)
        echo(f"installed in your crontab: {line}")
    else:
        for unit in systemd_units(_systemd_dir(), home, every, timer):
            unit.path.parent.mkdir(parents=True, exist_ok=True)
            unit.path.write_text(unit.text, encoding="utf-8")
            echo(f"wrote {unit.path}")
    if note:
        echo(note)
    if kind != "cron":
        enable = f"systemctl --user enable --now {UNIT_NAME}.timer"
        echo(f"now run: systemctl --user daemon-reload && {enable}")


COMMANDS = (set_story, schedule)
