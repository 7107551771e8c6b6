"""OPML 2.0 import and export of sources (feeds as type="rss", sitemaps as "sitemap")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from revtrack.clock import as_utc
from revtrack.errors import InvalidURLError
from revtrack.sources.errors import SourceError
from revtrack.sources.safexml import local_name, parse_xml
from revtrack.sources.store import Source, SourceKind
from revtrack.urls import canonical_url

# Characters XML 1.0 cannot carry at all, even escaped, and C1 terminal controls.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Outline:
    url: str
    kind: SourceKind
    title: str


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def export_opml(sources: list[Source], *, now: datetime, title: str = "revtrack sources") -> str:
    """An OPML 2.0 document listing ``sources``; every attribute value is escaped."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(as_utc(now), usegmt=True)
    body = ET.SubElement(root, "body")
    for source in sources:
        name = _xml_safe(source.title) or source.url
        ET.SubElement(
            body,
            "outline",
            type="rss" if source.kind == "feed" else "sitemap",
            text=name,
            title=name,
            xmlUrl=source.url,
        )
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _outline(element: ET.Element) -> Outline | None:
    url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip()
    if not url:
        return None  # a folder, or a plain link
    kind: SourceKind = "sitemap" if (element.get("type") or "").lower() == "sitemap" else "feed"
    title = element.get("title") or element.get("text") or ""
    return Outline(url, kind, title.strip())


def parse_opml(body: bytes) -> tuple[list[Outline], list[str]]:
    """The sources an OPML file lists (folders flattened), and the URLs it had to skip
    (not http(s)). SourceError if the file is not OPML."""
    root = parse_xml(body)
    if local_name(root) != "opml":
        raise SourceError(f"not an OPML file: the document is <{local_name(root) or '?'}>")
    found: dict[str, Outline] = {}
    skipped: list[str] = []
    for element in root.iter("outline"):
        outline = _outline(element)
        if outline is None:
            continue
        try:
            url = canonical_url(outline.url)
        except InvalidURLError:
            skipped.append(outline.url)
            continue
        found.setdefault(url, Outline(outline.url, outline.kind, outline.title))
    return list(found.values()), skipped
