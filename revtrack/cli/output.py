"""Printing untrusted text to a terminal: no escape sequence of an article gets through."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import click

from revtrack.clock import as_utc, to_iso
from revtrack.safe_text import strip_controls


def clean(text: str) -> str:
    """``text`` with terminal escape sequences and control characters removed."""
    return strip_controls(text)


def one_line(text: str, width: int | None = None) -> str:
    flat = " ".join(clean(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat


def echo(text: str = "", *, err: bool = False) -> None:
    click.echo(clean(text), err=err)


# JSON leaves DEL, C1 controls and the Unicode line separators raw; terminals and
# JavaScript readers do not.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")


def _json_default(value: object) -> str:
    """Times as ISO 8601 in UTC (2026-12-05T05:35:00Z), like every stored stamp."""
    return to_iso(value) if isinstance(value, datetime) else str(value)


def to_json(data: Any) -> str:
    """JSON with every control character escaped and every time in ISO 8601."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data: Any) -> None:
    sys.stdout.write(to_json(data) + "\n")


def format_time(moment: datetime | None) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%MZ") if moment else "-"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, last_free: bool = True) -> str:
    """Left-aligned columns; the last column is left unpadded so it may run long."""
    cells = [[one_line(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row[:-1] if last_free else row):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for row in [list(headers), *cells]:
        padded = [c.ljust(widths[i]) for i, c in enumerate(row[:-1])]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return "\n".join(lines)
