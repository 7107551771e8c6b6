"""Cleaning untrusted article text for documents: no control characters, nothing XML forbids."""

from __future__ import annotations

import re

from revtrack.safe_text import single_line, strip_controls

__all__ = ["clean", "clean_line", "plural"]

# What strip_controls leaves that XML 1.0 still forbids: lone surrogates and U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without escape sequences, C0/C1 controls (tab and newline kept) or
    characters XML 1.0 forbids: safe for HTML, XML, Markdown, CSV and terminals."""
    return _XML_FORBIDDEN.sub("", strip_controls(text))


def clean_line(text: str) -> str:
    """``clean`` folded to one line: for titles, cells and list items."""
    return _XML_FORBIDDEN.sub("", single_line(text))


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 change", "3 changes"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
