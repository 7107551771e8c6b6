"""Errors of discovery, each shown to a user as one line."""

from revtrack.errors import RevtrackError


class SourceError(RevtrackError):
    """A source document cannot be used: not a feed or sitemap, malformed, hostile."""


class UnknownSourceError(RevtrackError):
    """A command named a source that is not registered."""
