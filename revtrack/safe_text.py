"""Untrusted text for terminals: every article string passes through here before display."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from revtrack.clock import to_iso

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


# What strip_controls leaves that XML 1.0 still forbids: lone surrogates and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without escape sequences, C0/C1 controls (tab and newline kept) or
    characters XML 1.0 forbids: safe for HTML, XML, Markdown, CSV and terminals."""
    return _XML_FORBIDDEN.sub("", strip_controls(text))


def xml_safe_line(text: str) -> str:
    """``xml_safe`` folded to one line: for titles, cells and list items."""
    return _XML_FORBIDDEN.sub("", single_line(text))


# JSON leaves DEL, C1 controls and the Unicode line separators raw; terminals and
# JavaScript readers do not.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def _json_default(value: object) -> str:
    """Times as ISO 8601 in UTC (2026-12-05T05:35:00Z), like every stored stamp."""
    return to_iso(value) if isinstance(value, datetime) else str(value)


def safe_json(data: Any, *, indent: int | None = 2) -> str:
    """JSON with every control character escaped and every time in ISO 8601
    (``indent=None``: on one line, by the C encoder, several times faster)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
