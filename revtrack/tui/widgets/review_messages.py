"""Messages the review screen's workers post (and the stories screen's review counts)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from revtrack.diff import ChangeSet
from revtrack.review import QueueItem, Review, ReviewCounts

__all__ = ["ChangeDiffed", "ChangeMarked", "QueueLoaded", "ReviewCountsLoaded", "ReviewFailed"]

Key = tuple[int, int]  # (story id, seq)


@dataclass
class QueueLoaded(Message):
    """Every change (all states, newest first) and the review counts were read."""

    items: list[QueueItem]
    counts: ReviewCounts
    marks: int  # how many marks the screen had applied when the read began


@dataclass
class ReviewCountsLoaded(Message):
    """The review counts alone were read (for headers)."""

    counts: ReviewCounts


@dataclass
class ChangeDiffed(Message):
    """The full diff of change ``key`` was computed."""

    key: Key
    changes: ChangeSet


@dataclass
class ChangeMarked(Message):
    """Change ``key`` was marked and stored; ``review`` is its review now."""

    key: Key
    review: Review


@dataclass
class ReviewFailed(Message):
    """A worker could not read or write the store."""

    what: str
    error: str
