"""Units that run `revtrack check` on a timer: systemd user units or a crontab line."""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "revtrack-check"


@dataclass(frozen=True, slots=True)
class Unit:
    """A file to write (``path``) with its ``text``."""

    path: Path
    text: str


def check_command(home: Path | None) -> list[str]:
    """The exact command a timer runs: this Python, this revtrack, this home."""
    command = [sys.executable, "-m", "revtrack"]
    if home is not None:
        command += ["--home", str(home)]
    return [*command, "check", "--quiet"]


def systemd_units(unit_dir: Path, home: Path | None, every_s: int) -> list[Unit]:
    exec_start = shlex.join(check_command(home))
    service = (
        "[Unit]\nDescription=revtrack: check due news stories for changes\n\n"
        f"[Service]\nType=oneshot\nExecStart={exec_start}\nNice=10\n"
    )
    timer = (
        "[Unit]\nDescription=revtrack: check due news stories on a timer\n\n"
        f"[Timer]\nOnBootSec=2min\nOnUnitActiveSec={every_s}s\nRandomizedDelaySec=30s\n"
        "Persistent=true\n\n[Install]\nWantedBy=timers.target\n"
    )
    return [
        Unit(unit_dir / f"{UNIT_NAME}.service", service),
        Unit(unit_dir / f"{UNIT_NAME}.timer", timer),
    ]


def cron_line(home: Path | None, every_s: int, log: Path) -> str:
    """A crontab line. Cron steps in whole minutes below an hour and whole hours above,
    so the interval is rounded up to the next step it can express."""
    minutes = max(1, -(-every_s // 60))
    spec = "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    if minutes >= 60:
        spec = f"0 */{-(-minutes // 60)} * * *"
    command = shlex.join(check_command(home))
    return f"{spec} {command} >> {shlex.quote(str(log))} 2>&1  # {UNIT_NAME}"
