"""RSS and Atom feeds (feedparser): entries -> (url, title, published)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import feedparser

from revtrack.sources.entry import Entry, from_struct
from revtrack.sources.errors import SourceError
from revtrack.sources.safexml import refuse_entities

MAX_ENTRIES = 1000  # a feed is a short list of recent items; anything longer is cut

# feedparser's bozo exceptions that leave the parse intact.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    entries: tuple[Entry, ...]


def _entry(raw: Any, base_url: str) -> Entry | None:
    link = raw.get("link") or ""
    if not link:
        links = [x.get("href", "") for x in raw.get("links", []) if x.get("rel") == "alternate"]
        link = links[0] if links else ""
    if not link and raw.get("guidislink"):
        link = raw.get("id", "")
    if not link:
        return None
    published = from_struct(raw.get("published_parsed")) or from_struct(raw.get("updated_parsed"))
    return Entry(urljoin(base_url, link.strip()), str(raw.get("title", "")).strip(), published)


def _problem(parsed: Any) -> str:
    """What made feedparser unhappy, or '' if the parse is sound."""
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    if type(exc).__name__ in _HARMLESS:
        return ""
    return " ".join(str(exc).split()) or type(exc).__name__


def parse_feed(body: bytes, base_url: str) -> Feed:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document.

    Raises SourceError when the document is not a feed, declares entities, or is so
    malformed that no entry could be read. A feed that is merely untidy but still
    yields entries is accepted: its entries are what matters.
    """
    refuse_entities(body)
    # A stream, never a str: feedparser would treat a str as a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    problem = _problem(parsed)
    entries = [e for e in (_entry(raw, base_url) for raw in parsed.entries) if e is not None]
    if problem and not entries:
        raise SourceError(f"malformed feed: {problem}")
    if not parsed.get("version") and not entries:
        raise SourceError("not an RSS or Atom feed")
    title = str(parsed.feed.get("title", "")).strip()
    return Feed(title, tuple(entries[:MAX_ENTRIES]))
