"""Errors a user can cause and understand: each is shown as one line, no traceback."""


class RevtrackError(Exception):
    """Base class for errors reported to the user as a single line."""


class InvalidURLError(RevtrackError):
    """A URL revtrack cannot track (not http(s), no host, unparseable)."""


class StoreError(RevtrackError):
    """The store cannot be opened or written (corrupt, newer schema, locked, read-only)."""


class ConfigError(RevtrackError):
    """The configuration file is unreadable or invalid."""


class UnknownStoryError(RevtrackError):
    """A command named a story that is not tracked."""


class LockedError(RevtrackError):
    """Another revtrack pass holds the lock."""


class UnknownChangeError(RevtrackError):
    """A command named a version that is not a change of its story."""
