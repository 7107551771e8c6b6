"""Untrusted text for terminals: every article string passes through here before display."""

from __future__ import annotations

import re

# CSI, OSC, DCS/SOS/PM/APC and two-byte ESC sequences, and the 8-bit CSI.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (tab, newline kept)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def single_line(text: str) -> str:
    """``strip_controls`` with all whitespace runs folded to one space, for one-line cells."""
    return " ".join(strip_controls(text).split())
