"""The review desk: changes kept per version, their review state, queue and highlights.

Headless: used by the CLI, the TUI, reports, the feed and the webhook alike.
"""

from revtrack.history.highlights import highlights, summarise
from revtrack.history.records import ensure_changes, record_change, refresh_changes
from revtrack.review.queue import (
    REVIEW_LABELS,
    QueueItem,
    ReviewCounts,
    change_items,
    check_labels,
    mark_change,
    review_counts,
    review_queue,
)
from revtrack.store.reviews import ChangeRecord, Review, ReviewMark, ReviewState

__all__ = [
    "REVIEW_LABELS",
    "ChangeRecord",
    "QueueItem",
    "Review",
    "ReviewCounts",
    "ReviewMark",
    "ReviewState",
    "change_items",
    "check_labels",
    "ensure_changes",
    "highlights",
    "mark_change",
    "record_change",
    "refresh_changes",
    "review_counts",
    "review_queue",
    "summarise",
]
