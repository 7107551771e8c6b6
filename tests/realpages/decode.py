"""Saved pages as text, the way the tests and the benches read them."""

from __future__ import annotations

import re

_CHARSET = re.compile(r"charset=[\"']?([\w-]+)", re.IGNORECASE)


def decode_page(raw: bytes) -> str:
    """The page as text: its declared charset if it decodes, else UTF-8 with replacement."""
    found = _CHARSET.search(raw[:4096].decode("ascii", "replace"))
    for charset in (found.group(1) if found else "", "utf-8"):
        if not charset:
            continue
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")
