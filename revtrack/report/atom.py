"""The Atom 1.0 feed of changes: one entry per new version, never an updated entry.

An entry's id is stable (story URL hash + the version's capture time and the hash of its
raw page, neither of which ever changes: a backfill that puts older versions first
renumbers versions, so the number is not part of it) and its ``updated`` is the
capture time, so a feed reader sees each change once and nothing is rewritten later;
review state changes over time and so stays out of the entries. Built with
ElementTree: every string is cleaned of what XML 1.0 forbids and escaped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from xml.etree import ElementTree as ET

from revtrack import __version__
from revtrack.clock import as_utc, to_iso
from revtrack.report.collect import ReportChange
from revtrack.report.diff_html import add_text, inline_diff, to_html
from revtrack.report.rows import diff_rows
from revtrack.report.text import xml_safe, xml_safe_line

__all__ = ["ATOM_NS", "atom_feed", "entry_content", "entry_id", "entry_title"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_TAG = "tag:revtrack,2026:"


def entry_id(url: str, captured_at: datetime, raw_sha: str) -> str:
    """``tag:revtrack,2026:<sha1 of the story URL>/<capture time>-<raw page hash, 12>``:
    the same for ever, whatever number the version has (ids until issue 16 ended in
    ``/v<seq>``; each entry's id changed once then)."""
    story = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return f"{_TAG}{story}/{as_utc(captured_at).strftime('%Y%m%dT%H%M%SZ')}-{raw_sha[:12]}"


def entry_title(change: ReportChange) -> str:
    item = change.item
    labels = ", ".join(item.change.labels) or "edit"
    return f"{xml_safe_line(item.headline) or '(no headline)'} — v{item.change.seq}: {labels}"


def entry_content(change: ReportChange) -> str:
    """The highlights and the word diff, as an HTML fragment (escaped once more as XML)."""
    div = ET.Element("div")
    record = change.item.change
    summary = ET.SubElement(div, "p")
    add_text(summary, f"v{record.seq} against v{record.base_seq}: {xml_safe_line(record.summary)}")
    if record.highlights:
        items = ET.SubElement(div, "ul")
        for item in record.highlights:
            add_text(ET.SubElement(items, "li"), xml_safe_line(item))
    div.append(inline_diff(diff_rows(change.changes)))
    return to_html(div)


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = xml_safe(text)
    return element


def _entry(feed: ET.Element, change: ReportChange) -> None:
    item = change.item
    entry = ET.SubElement(feed, "entry")
    version = change.store.version(item.change.story_id, item.change.seq)
    _text(entry, "id", entry_id(item.url, version.captured_at, version.raw_sha))
    _text(entry, "title", entry_title(change))
    ET.SubElement(entry, "link", {"rel": "alternate", "href": xml_safe_line(item.url)})
    _text(entry, "updated", to_iso(item.change.captured_at))
    author = ET.SubElement(entry, "author")
    _text(author, "name", xml_safe_line(item.site) or "revtrack")
    for label in item.change.labels:
        ET.SubElement(entry, "category", {"term": xml_safe_line(label)})
    _text(entry, "summary", xml_safe_line(item.change.summary))
    _text(entry, "content", entry_content(change), type="html")


def atom_feed(changes: Sequence[ReportChange], *, labels: Sequence[str], now: datetime) -> str:
    """The feed document, entries newest first as ``changes`` come."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    scope = "+".join(sorted(labels)) or "all"
    _text(feed, "id", f"{_TAG}changes/{scope}")
    title = "revtrack: story changes" + (f" ({', '.join(sorted(labels))})" if labels else "")
    _text(feed, "title", title)
    newest = max((c.item.change.captured_at for c in changes), default=now)
    _text(feed, "updated", to_iso(newest))
    _text(feed, "generator", "revtrack", version=__version__)
    author = ET.SubElement(feed, "author")
    _text(author, "name", "revtrack")
    for change in changes:
        _entry(feed, change)
    ET.indent(feed)  # one element a line: readable, and leaf text is left as it is
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
