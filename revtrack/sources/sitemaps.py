"""News sitemaps, plain sitemaps and sitemap indexes (hardened expat)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from revtrack.sources.entry import Entry, parse_w3c
from revtrack.sources.errors import SourceError
from revtrack.sources.safexml import gunzip, local_name, parse_xml

MAX_URLS = 50_000  # the protocol's limit per sitemap
MAX_CHILDREN = 50  # child sitemaps followed per index
_UNDATED = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ChildSitemap:
    url: str
    lastmod: datetime | None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A urlset (``entries``) or a sitemap index (``children``)."""

    entries: tuple[Entry, ...] = ()
    children: tuple[ChildSitemap, ...] = ()
    is_index: bool = False


def _texts(element: ET.Element) -> dict[str, str]:
    """Local name -> text of every descendant (the first of each name wins)."""
    found: dict[str, str] = {}
    for child in element.iter():
        name = local_name(child)
        if name and name not in found and child.text:
            found[name] = child.text.strip()
    return found


def _url_entry(element: ET.Element, base_url: str) -> Entry | None:
    texts = _texts(element)
    loc = texts.get("loc")
    if not loc:
        return None
    # news:publication_date is when the article came out; lastmod only the last touch.
    published = parse_w3c(texts.get("publication_date")) or parse_w3c(texts.get("lastmod"))
    return Entry(urljoin(base_url, loc), texts.get("title", ""), published)


def _child(element: ET.Element, base_url: str) -> ChildSitemap | None:
    texts = _texts(element)
    loc = texts.get("loc")
    return ChildSitemap(urljoin(base_url, loc), parse_w3c(texts.get("lastmod"))) if loc else None


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """Parse a (possibly gzipped) sitemap; SourceError if it is none or is hostile."""
    root = parse_xml(gunzip(body))
    kind = local_name(root)
    if kind == "urlset":
        entries = (_url_entry(e, base_url) for e in root if local_name(e) == "url")
        kept = [e for e in entries if e is not None]
        return Sitemap(entries=tuple(kept[:MAX_URLS]))
    if kind == "sitemapindex":
        children = (_child(e, base_url) for e in root if local_name(e) == "sitemap")
        return Sitemap(children=tuple(c for c in children if c is not None), is_index=True)
    raise SourceError(f"not a sitemap: the document is <{kind or '?'}>")


def recent_children(
    index: Sitemap, since: datetime, limit: int = MAX_CHILDREN
) -> list[ChildSitemap]:
    """The child sitemaps worth fetching: changed since ``since`` (or undated), newest
    first, at most ``limit`` of them."""
    fresh = [c for c in index.children if c.lastmod is None or c.lastmod >= since]
    fresh.sort(key=lambda c: c.lastmod or _UNDATED, reverse=True)
    return fresh[:limit]
