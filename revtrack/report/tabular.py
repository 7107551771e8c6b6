"""The report as data: one JSON document, or CSV with one row per change."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime

from revtrack.clock import to_iso
from revtrack.report.collect import Filters, ReportChange
from revtrack.report.text import xml_safe
from revtrack.safe_text import safe_json

__all__ = [
    "CSV_COLUMNS", "REPORT_SCHEMA", "csv_report", "json_chunks", "json_report", "neutralise",
]  # fmt: skip

REPORT_SCHEMA = "revtrack.report/1"

CSV_COLUMNS = (
    "story_url", "site", "headline", "version", "base_version", "captured_at", "labels",
    "summary", "review_state", "review_note", "reviewer", "reviewed_at", "words_added",
    "words_removed", "highlights",
)  # fmt: skip

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def json_chunks(changes: Sequence[ReportChange], filters: Filters, now: datetime) -> Iterator[str]:
    """``revtrack.report/1`` piece by piece: each change as the queue shows it, plus its full
    ChangeSet, one change a line (a report of 10,000 changes is never one string)."""
    head = safe_json({"schema": REPORT_SCHEMA, "generated_at": to_iso(now),
                      "filters": filters.to_json()})  # fmt: skip
    yield head[:-2] + ',\n  "changes": ['
    for n, change in enumerate(changes):
        document = change.item.to_json() | {"changeset": change.changeset_json()}
        yield ("," if n else "") + "\n    " + safe_json(document, indent=None)
    yield "\n  ]\n}\n" if changes else "]\n}\n"


def json_report(changes: Sequence[ReportChange], filters: Filters, now: datetime) -> str:
    """The whole ``revtrack.report/1`` document as one string."""
    return "".join(json_chunks(changes, filters, now))


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: control characters out, formulas defused."""
    cell = xml_safe(cell)
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _row(change: ReportChange) -> list[str]:
    item, record, review = change.item, change.item.change, change.item.review
    values: list[str | int] = [
        item.url, item.site, item.headline, record.seq, record.base_seq,
        to_iso(record.captured_at), " ".join(record.labels), record.summary, str(review.state),
        review.note, review.reviewer, to_iso(review.at) if review.at else "",
        record.counts.get("words_added", 0), record.counts.get("words_removed", 0),
        " | ".join(record.highlights),
    ]  # fmt: skip
    return [str(v) if isinstance(v, int) else neutralise(v) for v in values]


def csv_report(changes: Sequence[ReportChange]) -> str:
    """A header row and one row per change, newest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for change in changes:
        writer.writerow(_row(change))
    return out.getvalue()
