"""Cleaning untrusted article text for documents: no control characters, nothing XML forbids."""

from __future__ import annotations

from revtrack.safe_text import xml_safe, xml_safe_line

__all__ = ["plural", "xml_safe", "xml_safe_line"]


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 change", "3 changes"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
