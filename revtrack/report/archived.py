"""The note a report gives a change whose version was read from a web archive."""

from __future__ import annotations

from revtrack.history.timeline import source_note
from revtrack.report.collect import ReportChange


def archived_from(change: ReportChange) -> str:
    """ "archived 2025-06-02 07:52Z web.archive.org: <capture URL>", or "" for a version
    revtrack fetched itself."""
    version = change.store.version(change.story_id, change.item.change.seq)
    if not version.source:
        return ""
    return f"{source_note(version)}: {version.source}"
