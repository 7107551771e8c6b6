"""Printing untrusted text to a terminal: no escape sequence of an article gets through."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import click

from revtrack.clock import as_utc
from revtrack.safe_text import safe_json, strip_controls


def one_line(text: str, width: int | None = None) -> str:
    flat = " ".join(strip_controls(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat


def echo(text: str = "", *, err: bool = False) -> None:
    click.echo(strip_controls(text), err=err)


def print_json(data: Any) -> None:
    sys.stdout.write(safe_json(data) + "\n")


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
