"""Memento TimeMaps (RFC 7089, application/link-format): any archive's list of captures."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from revtrack.backfill.captures import ArchivedCapture, BackfillError
from revtrack.clock import as_utc

_PARAM = re.compile(r';\s*([A-Za-z][\w.*-]*)\s*=\s*(?:"([^"]*)"|([^;,\s]*))')
# A Wayback-style memento URL: .../<14 digits><modifier?>/<original>
_WAYBACK = re.compile(r"^(?P<root>.*?/)(?P<ts>\d{14})(?:[a-z]{2}_)?/(?P<original>.+)$")


def links(text: str) -> list[tuple[str, dict[str, str]]]:
    """Every ``<target>; name="value"...`` link of a link-format document (RFC 6690):
    links are separated by commas outside quotes, so dates with commas stay whole."""
    out = []
    at = 0
    while (start := text.find("<", at)) != -1:
        end = text.find(">", start)
        if end == -1:
            break
        i, quoted = end + 1, False
        while i < len(text) and (quoted or text[i] != ","):
            quoted = quoted != (text[i] == '"')
            i += 1
        params = {
            m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _PARAM.finditer(text[end + 1 : i])
        }
        out.append((text[start + 1 : end].strip(), params))
        at = i + 1
    return out


def raw_memento_url(memento: str) -> str:
    """Where a memento's original bytes are: ``<timestamp>id_`` on a Wayback-style
    archive (no toolbar, no rewritten links), else the memento itself."""
    match = _WAYBACK.match(memento)
    if match is None:
        return memento
    return f"{match['root']}{match['ts']}id_/{match['original']}"


def parse_timemap(text: str) -> tuple[str, list[ArchivedCapture]]:
    """The original URL and the mementos of a TimeMap, oldest first."""
    original = ""
    captures = []
    for target, params in links(text):
        rels = params.get("rel", "").split()
        if "original" in rels:
            original = target
        if "memento" not in rels:
            continue
        try:
            at = as_utc(parsedate_to_datetime(params.get("datetime", "")))
        except (TypeError, ValueError, IndexError, OverflowError):
            continue  # a memento without a readable datetime cannot be placed in time
        captures.append(
            ArchivedCapture(at=at, original="", raw_url=raw_memento_url(target), source=target)
        )
    if not captures and not original:
        raise BackfillError("not a Memento TimeMap (no original and no memento links)")
    captures = [
        ArchivedCapture(at=c.at, original=original, raw_url=c.raw_url, source=c.source)
        for c in sorted(captures, key=lambda c: c.at)
    ]
    return original, captures
