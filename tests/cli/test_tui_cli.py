"""`revtrack tui` runs only on a terminal: a pipe gets one line and exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_tui_without_a_terminal_refuses_in_one_line(home: Path) -> None:
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    for args in (["tui"], ["tui", "--review"]):
        result = subprocess.run(
            [sys.executable, "-m", "revtrack", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,  # a safety net: the old behaviour ran until killed
        )
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.startswith("revtrack: error: the terminal UI needs a terminal")
        assert len(result.stderr.splitlines()) == 1
        assert "\x1b" not in result.stderr
