"""Word diffs as HTML elements, shared by the HTML report and the Atom feed.

Built with ElementTree, so every piece of article text is a text node and is escaped
when serialised; control characters are stripped first (``text.clean``).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from revtrack.diff import Segment
from revtrack.diff.words import DELETE, EQUAL, INSERT
from revtrack.report.rows import DiffRow
from revtrack.report.text import xml_safe, xml_safe_line

__all__ = ["add_text", "inline_diff", "side_by_side", "to_html", "word_diff"]

_MARKS = {DELETE: "del", INSERT: "ins"}


def add_text(parent: ET.Element, text: str) -> None:
    """Append cleaned ``text`` after whatever ``parent`` already holds."""
    text = xml_safe(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def word_diff(parent: ET.Element, words: Sequence[Segment], side: str = "both") -> None:
    """The diff into ``parent``: deletions in ``<del>``, insertions in ``<ins>``.

    ``side`` "old" shows the old text only, "new" the new text only, "both" everything.
    """
    for op, piece in words:
        if op == EQUAL:
            add_text(parent, piece)
            continue
        if (op == DELETE and side == "new") or (op == INSERT and side == "old"):
            continue
        if not piece.strip():  # a change of spacing: not worth a mark
            add_text(parent, piece)
            continue
        mark = ET.SubElement(parent, _MARKS[op])
        add_text(mark, piece)


def side_by_side(rows: Sequence[DiffRow], old_name: str, new_name: str) -> ET.Element:
    """A table: one row per changed field or paragraph, the old text left, the new right."""
    table = ET.Element("table", {"class": "diff"})
    head = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for name in ("", old_name, new_name):
        add_text(ET.SubElement(head, "th", {"scope": "col"}), name)
    body = ET.SubElement(table, "tbody")
    for row in rows:
        tr = ET.SubElement(body, "tr")
        th = ET.SubElement(tr, "th", {"scope": "row"})
        add_text(th, xml_safe_line(row.title))
        note = ET.SubElement(th, "span", {"class": "note"})
        add_text(note, xml_safe_line(row.note))
        for side in ("old", "new"):
            cell = ET.SubElement(tr, "td", {"class": side})
            word_diff(cell, row.words, side)
    return table


def inline_diff(rows: Sequence[DiffRow]) -> ET.Element:
    """Each changed field or paragraph as one paragraph with its deletions and insertions."""
    div = ET.Element("div")
    for row in rows:
        p = ET.SubElement(div, "p")
        label = ET.SubElement(p, "b")
        add_text(label, f"{xml_safe_line(row.title)} ({xml_safe_line(row.note)}): ")
        word_diff(p, row.words)
    return div


def to_html(element: ET.Element) -> str:
    """``element`` serialised as HTML, every text escaped."""
    return ET.tostring(element, encoding="unicode", method="html")
