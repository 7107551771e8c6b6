"""What a URL serves: a feed, a sitemap, or an HTML page that links to a feed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from revtrack.fetch.client import Fetcher
from revtrack.fetch.result import FetchOutcome, FetchRequest, FetchResult
from revtrack.sources.errors import SourceError
from revtrack.sources.feeds import parse_feed
from revtrack.sources.safexml import gunzip
from revtrack.sources.sitemaps import parse_sitemap

Kind = Literal["feed", "sitemap", "html", "unknown"]
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")

# The first element after the XML declaration, comments, PIs and a DOCTYPE.
_PROLOG = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_ROOTS: dict[bytes, Kind] = {
    b"rss": "feed",
    b"feed": "feed",
    b"RDF": "feed",
    b"urlset": "sitemap",
    b"sitemapindex": "sitemap",
    b"html": "html",
}


@dataclass(frozen=True, slots=True)
class Detected:
    url: str  # the feed or sitemap itself (after redirects, or found on the page)
    kind: Literal["feed", "sitemap"]
    title: str


def sniff(body: bytes, content_type: str | None = None) -> Kind:
    """Classify a document by its root element, then by its Content-Type."""
    head = gunzip(body[:4096]) if body.startswith(b"\x1f\x8b") else body[:4096]
    head = head.removeprefix(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    match = _ROOT.match(head, prolog.end() if prolog else 0)
    if match and match.group(2) in _ROOTS:
        return _ROOTS[match.group(2)]
    ctype = (content_type or "").lower()
    if "html" in ctype or re.search(rb"<html|<head|<body", head, re.I):
        return "html"
    return "unknown"


def feed_links(html: str, base_url: str) -> list[str]:
    """Feed URLs a page announces with ``<link rel=alternate type=application/rss+xml>``."""
    doc = LexborHTMLParser(html)
    base_tag = doc.css_first("base[href]")
    base = urljoin(base_url, (base_tag.attributes.get("href") or "") if base_tag else "")
    found: list[str] = []
    for link in doc.css("link[href]"):
        attrs = link.attributes
        rel = (attrs.get("rel") or "").lower().split()
        kind = (attrs.get("type") or "").lower().split(";")[0].strip()
        href = (attrs.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            url = urljoin(base, href)
            if urlsplit(url).scheme in ("http", "https") and url not in found:
                found.append(url)
    return found


def _fallback_title(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or ''}{parts.path}"


def classify(result: FetchResult) -> Detected | list[str]:
    """A feed or sitemap, or the feed links of an HTML page; SourceError otherwise."""
    url = result.final_url or result.url
    kind = sniff(result.body, result.content_type)
    if kind == "feed":
        feed = parse_feed(result.body, url)
        return Detected(url, "feed", feed.title or _fallback_title(url))
    if kind == "sitemap":
        parse_sitemap(result.body, url)
        return Detected(url, "sitemap", _fallback_title(url))
    if kind == "html":
        links = feed_links(result.text, url)
        if links:
            return links
        raise SourceError(f"{url} is a web page that links to no RSS or Atom feed")
    raise SourceError(f"{url} is neither an RSS/Atom feed nor a sitemap")


async def _get(fetcher: Fetcher, url: str) -> FetchResult:
    result = await fetcher.fetch(FetchRequest(url))
    if result.outcome is not FetchOutcome.OK:
        raise SourceError(f"cannot fetch {url}: {result.error or result.outcome.value}")
    return result


async def detect_source(fetcher: Fetcher, url: str) -> Detected:
    """Fetch ``url`` once (twice for a page that links to its feed) and say what it is."""
    found = classify(await _get(fetcher, url))
    if isinstance(found, Detected):
        return found
    second = classify(await _get(fetcher, found[0]))
    if isinstance(second, Detected):
        return second
    raise SourceError(f"the feed {found[0]} linked from {url} is a web page, not a feed")
