"""Units that run `revtrack check` on a timer: systemd user units or a crontab line.

A timer's revtrack sees neither the ``--store`` typed at ``schedule install`` nor the
installing shell's ``$REVTRACK_STORE``, so a store chosen that way travels with the
timer (:class:`TimerStore`): a SQLite file or a URL without a password as ``--store``
on the command line; a URL with a password only in an environment file (mode 0600) that
the unit names (``EnvironmentFile=``) or the cron line reads, never in the unit or the
crontab itself. A store from the config's ``[store] url`` needs nothing: the timer's
revtrack reads the same config.
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from revtrack.paths import STORE_ENV, url_password

UNIT_NAME = "revtrack-check"
ENV_FILE_NAME = f"{UNIT_NAME}.env"  # in revtrack's config folder


@dataclass(frozen=True, slots=True)
class Unit:
    """A file to write (``path``) with its ``text``."""

    path: Path
    text: str


@dataclass(frozen=True, slots=True)
class TimerStore:
    """How the timer's revtrack finds the store: ``option`` goes as ``--store`` on its
    command line; ``env_file`` (a URL with a password) is read for ``$REVTRACK_STORE``.
    Neither: the default store, or the config's ``[store] url``."""

    option: str = ""
    env_file: Path | None = None

    @classmethod
    def carrying(cls, location: str, env_file: Path) -> TimerStore:
        """How a timer carries ``location`` (a store chosen by --store or the
        environment; "" is the default store): a password goes in ``env_file``."""
        if not location:
            return cls()
        if url_password(location):
            return cls(env_file=env_file)
        return cls(option=location)


def env_file_text(location: str) -> str:
    """The environment file for ``location``, read by systemd (``EnvironmentFile=``) and
    by ``sh`` alike: one single-quoted assignment, literal in both. A quote in the URL
    is percent-encoded (%27, which libpq decodes back), so the quoting never breaks."""
    return f"{STORE_ENV}='{location.replace(chr(39), '%27')}'\n"


def check_command(home: Path | None, store: str = "") -> list[str]:
    """The exact command a timer runs: this Python, this revtrack, this home (and store)."""
    command = [sys.executable, "-m", "revtrack"]
    if home is not None:
        command += ["--home", str(home)]
    if store:
        command += ["--store", store]
    return [*command, "check", "--quiet"]


_SYSTEMD_PLAIN = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


def _c_escape(char: str) -> str:
    code = ord(char)
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def systemd_quote(word: str) -> str:
    """``word`` as one argument of a systemd ``ExecStart=``: plain words as they are,
    others in double quotes with ``\\`` and ``"`` escaped (and control characters as C
    escapes); ``%`` (specifiers) and ``$`` (variables) doubled wherever they are."""
    if not _SYSTEMD_PLAIN.fullmatch(word):
        escaped = []
        for char in word:
            if char in '\\"':
                escaped.append("\\" + char)
            elif not char.isprintable():
                escaped.append(_c_escape(char))
            else:
                escaped.append(char)
        word = '"' + "".join(escaped) + '"'
    return word.replace("%", "%%").replace("$", "$$")


def systemd_units(
    unit_dir: Path, home: Path | None, every_s: int, store: TimerStore | None = None
) -> list[Unit]:
    store = store or TimerStore()
    exec_start = " ".join(systemd_quote(word) for word in check_command(home, store.option))
    environment = ""
    if store.env_file is not None:
        # A path, not a command line: not unquoted by systemd, only its specifiers expanded.
        environment = f"EnvironmentFile={str(store.env_file).replace('%', '%%')}\n"
    service = (
        "[Unit]\nDescription=revtrack: check due news stories for changes\n\n"
        f"[Service]\nType=oneshot\n{environment}ExecStart={exec_start}\nNice=10\n"
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


def cron_line(home: Path | None, every_s: int, log: Path, store: TimerStore | None = None) -> str:
    """A crontab line. Cron steps in whole minutes below an hour and whole hours above,
    so the interval is rounded up to the next step it can express. An environment file
    is read by ``sh`` before revtrack starts; ``%`` (a newline to cron) is escaped."""
    store = store or TimerStore()
    minutes = max(1, -(-every_s // 60))
    spec = "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    if minutes >= 60:
        spec = f"0 */{-(-minutes // 60)} * * *"
    words = check_command(home, store.option)
    if store.env_file is not None:
        script = 'set -a && . "$1" && set +a && shift && exec "$@"'
        words = ["/bin/sh", "-c", script, UNIT_NAME, str(store.env_file), *words]
    command = f"{shlex.join(words)} >> {shlex.quote(str(log))} 2>&1"
    return f"{spec} {command.replace('%', chr(92) + '%')}  # {UNIT_NAME}"
