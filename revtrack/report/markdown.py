"""The report as Markdown: article text escaped, diffs in fences it cannot close.

Inline text (headlines, summaries, highlights, notes) is folded to one line and every
Markdown-active character is backslash-escaped. Diffs go in a ```diff block whose fence
is longer than any backtick run in the text, so nothing inside can end it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime

from revtrack.clock import to_iso
from revtrack.report.archived import archived_from
from revtrack.report.collect import Filters, ReportChange, by_story
from revtrack.report.rows import DiffRow, diff_rows
from revtrack.report.text import plural, xml_safe, xml_safe_line

__all__ = ["diff_block", "escape_md", "fence_for", "markdown_report"]

# CommonMark lets a backslash escape any ASCII punctuation; these act anywhere in a line.
# Line-start markers (- + 1. =) need none: escaped text never starts a line.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#!|<>&~])")
_BACKTICKS = re.compile(r"`+")
_SAFE_URL = re.compile(r"https?://[^\s<>`\\]+")


def escape_md(text: str) -> str:
    """One line of plain text that Markdown shows as is."""
    return _ACTIVE.sub(r"\\\1", xml_safe_line(text))


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text`` (at least three)."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def _prefixed(sign: str, text: str) -> Iterator[str]:
    for line in xml_safe(text).split("\n"):
        yield f"{sign}{line}"


def _diff_lines(rows: Sequence[DiffRow]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        lines.append(f"@@ {xml_safe_line(row.title)}: {xml_safe_line(row.note)} @@")
        if not row.changed:
            lines += _prefixed(" ", row.new)
            continue
        if row.old:
            lines += _prefixed("-", row.old)
        if row.new:
            lines += _prefixed("+", row.new)
    return lines


def diff_block(rows: Sequence[DiffRow]) -> list[str]:
    lines = _diff_lines(rows)
    fence = fence_for("\n".join(lines))
    return [f"{fence}diff", *lines, fence]


def _review(change: ReportChange) -> str:
    review = change.item.review
    line = f"- review: {review.state}"
    if review.reviewer:
        line += f" by {escape_md(review.reviewer)}"
    if review.at:
        line += f" at {to_iso(review.at)}"
    if review.note:
        line += f": {escape_md(review.note)}"
    return line


def _change(change: ReportChange) -> list[str]:
    record = change.item.change
    kind = "" if change.item.kind == "version" else f" ({escape_md(change.item.kind)})"
    lines = [
        f"### v{record.seq} against v{record.base_seq}{kind}, {to_iso(record.captured_at)}",
        "",
        f"- labels: {escape_md(', '.join(record.labels)) or 'none'}",
        f"- summary: {escape_md(record.summary)}",
        _review(change),
    ]
    source = archived_from(change)
    if source:
        lines.append(f"- {escape_md(source)}")
    if record.highlights:
        lines.append("- highlights:")
        lines += [f"  - {escape_md(item)}" for item in record.highlights]
    rows = diff_rows(change.changes)
    if rows:
        lines += ["", *diff_block(rows)]
    return [*lines, ""]


def _link(url: str) -> str:
    """An autolink for a plain http(s) URL; anything else as escaped text."""
    url = xml_safe_line(url)
    if _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return escape_md(url)


def _story(group: Sequence[ReportChange]) -> list[str]:
    latest = group[0].item
    lines = [
        f"## {escape_md(latest.headline) or '(no headline)'}",
        "",
        f"{_link(latest.url)} · {escape_md(latest.site)} · {plural(len(group), 'change')}",
        "",
    ]
    for change in group:
        lines += _change(change)
    return lines


def markdown_report(changes: Sequence[ReportChange], filters: Filters, now: datetime) -> str:
    """The whole document: stories by their latest change, changes newest first."""
    shown = {k: v for k, v in filters.to_json().items() if v}
    described = "; ".join(f"{k}: {v}" for k, v in shown.items()) or "none"
    stories = len({c.story_id for c in changes})
    lines = [
        "# revtrack: changes report",
        "",
        f"Generated {to_iso(now)}; filters: {escape_md(described)}; "
        f"{plural(len(changes), 'change')} in {plural(stories, 'story', 'stories')}.",
        "",
    ]
    for group in by_story(changes):
        lines += _story(group)
    return "\n".join(lines).rstrip("\n") + "\n"
