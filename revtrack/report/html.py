"""The report as one self-contained HTML file: inline CSS, no scripts, no external files.

Built with ElementTree: article text only ever becomes text nodes, escaped on output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from revtrack.clock import to_iso
from revtrack.report.archived import archived_from
from revtrack.report.collect import Filters, ReportChange, by_story
from revtrack.report.diff_html import add_text, side_by_side, to_html
from revtrack.report.rows import diff_rows
from revtrack.report.text import plural, xml_safe_line

__all__ = ["html_report"]

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 80em;
       padding: 0 1em; color: #222; }
header { border-bottom: 2px solid #444; margin-bottom: 1.5em; }
.counts { display: flex; flex-wrap: wrap; gap: .4em 1.5em; list-style: none; padding: 0; }
.story { margin-bottom: 2.5em; }
.story > h2 { margin-bottom: .2em; }
.url { color: #555; word-break: break-all; }
.change { border-left: 4px solid #bbb; padding-left: 1em; margin: 1.2em 0; }
.change.flagged { border-color: #c60; }
.change.reviewed { border-color: #393; }
.label { background: #eee; border-radius: 3px; padding: 0 .4em; margin-right: .3em; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.diff th, table.diff td { border: 1px solid #ddd; padding: .3em .5em;
  vertical-align: top; text-align: left; white-space: pre-wrap; overflow-wrap: anywhere; }
table.diff th[scope=row] { width: 9em; font-weight: 600; }
table.diff thead th:first-child { width: 9em; }
.note { display: block; font-weight: normal; color: #777; font-size: .85em; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: none; }
"""


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text:
        add_text(element, text)
    return element


def _header(body: ET.Element, changes: Sequence[ReportChange], filters: Filters,
            now: datetime) -> None:  # fmt: skip
    header = _sub(body, "header")
    _sub(header, "h1", "revtrack: changes report")
    shown = {k: v for k, v in filters.to_json().items() if v}
    described = "; ".join(f"{k}: {v}" for k, v in shown.items()) or "none"
    _sub(header, "p", f"Generated {to_iso(now)} · filters: {described}")
    counts = _sub(header, "ul", class_="counts")
    stories = len({c.story_id for c in changes})
    _sub(counts, "li", f"{plural(len(changes), 'change')} in {plural(stories, 'story', 'stories')}")
    states = Counter(str(c.item.review.state) for c in changes)
    for state, n in sorted(states.items()):
        _sub(counts, "li", f"{state}: {n}")
    labels = Counter(label for c in changes for label in c.item.change.labels)
    for label, n in labels.most_common():
        _sub(counts, "li", f"{label}: {n}")


def _review(parent: ET.Element, change: ReportChange) -> None:
    review = change.item.review
    line = f"review: {review.state}"
    if review.reviewer:
        line += f" by {review.reviewer}"
    if review.at:
        line += f" at {to_iso(review.at)}"
    _sub(parent, "p", xml_safe_line(line), class_="review")
    if review.note:
        _sub(parent, "blockquote", review.note, class_="review-note")


def _change(parent: ET.Element, change: ReportChange) -> None:
    record = change.item.change
    state = str(change.item.review.state)
    section = _sub(
        parent, "section", class_=f"change {state}", id=f"s{record.story_id}-v{record.seq}"
    )
    title = f"v{record.seq} against v{record.base_seq} · {to_iso(record.captured_at)}"
    if change.item.kind != "version":
        title += f" · {change.item.kind}"
    _sub(section, "h3", title)
    labels = _sub(section, "p", class_="labels")
    for label in record.labels:
        _sub(labels, "span", label, class_="label")
    _sub(section, "p", xml_safe_line(record.summary), class_="summary")
    source = archived_from(change)
    if source:
        _sub(section, "p", xml_safe_line(source), class_="source")
    if record.highlights:
        items = _sub(section, "ul", class_="highlights")
        for item in record.highlights:
            _sub(items, "li", xml_safe_line(item))
    _review(section, change)
    rows = diff_rows(change.changes)
    if rows:
        section.append(side_by_side(rows, f"v{record.base_seq} (old)", f"v{record.seq} (new)"))
    if change.changes.degraded:
        _sub(section, "p", "degraded diff: " + "; ".join(change.changes.degraded_reasons))


def _story(body: ET.Element, group: Sequence[ReportChange]) -> None:
    latest = group[0].item
    section = _sub(body, "section", class_="story")
    _sub(section, "h2", xml_safe_line(latest.headline) or "(no headline)")
    where = _sub(section, "p", class_="url")
    if urlsplit(latest.url).scheme in ("http", "https"):
        _sub(where, "a", xml_safe_line(latest.url), href=xml_safe_line(latest.url))
    else:
        add_text(where, xml_safe_line(latest.url))
    add_text(where, f" · {xml_safe_line(latest.site)} · {plural(len(group), 'change')}")
    for change in group:
        _change(section, change)


def html_report(changes: Sequence[ReportChange], filters: Filters, now: datetime) -> str:
    """The whole document; stories by their latest change, changes newest first."""
    root = ET.Element("html", {"lang": "en"})
    head = _sub(root, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _sub(head, "title", "revtrack: changes report")
    style = _sub(head, "style")
    style.text = _CSS  # our own CSS, not article text
    body = _sub(root, "body")
    _header(body, changes, filters, now)
    for group in by_story(changes):
        _story(body, group)
    if not changes:
        _sub(body, "p", "No changes match these filters.")
    return "<!DOCTYPE html>\n" + to_html(root) + "\n"
