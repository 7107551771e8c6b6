"""Reports and the Atom feed of changes: headless builders the CLI writes out.

``collect`` gathers the changes (with their full ChangeSets) a set of filters picks;
``markdown``, ``html``, ``tabular`` (JSON, CSV) and ``atom`` turn them into documents.
Article text is hostile: every builder cleans and escapes it (see ``text``).
"""

from revtrack.report.atom import atom_feed, entry_id
from revtrack.report.collect import Filters, ReportChange, by_story, collect
from revtrack.report.html import html_report
from revtrack.report.markdown import markdown_report
from revtrack.report.tabular import (
    CSV_COLUMNS,
    REPORT_SCHEMA,
    csv_report,
    json_chunks,
    json_report,
)

__all__ = [
    "CSV_COLUMNS",
    "REPORT_SCHEMA",
    "Filters",
    "ReportChange",
    "atom_feed",
    "by_story",
    "collect",
    "csv_report",
    "entry_id",
    "html_report",
    "json_chunks",
    "json_report",
    "markdown_report",
]
