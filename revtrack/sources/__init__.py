"""Discovery: RSS/Atom feeds and news sitemaps whose new articles become stories."""

from revtrack.sources.errors import SourceError, UnknownSourceError
from revtrack.sources.poll import PollSummary, poll_sources
from revtrack.sources.store import Source, add_source, due_sources, get_source, list_sources

__all__ = [
    "PollSummary",
    "Source",
    "SourceError",
    "UnknownSourceError",
    "add_source",
    "due_sources",
    "get_source",
    "list_sources",
    "poll_sources",
]
