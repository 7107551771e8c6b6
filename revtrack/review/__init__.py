"""The review desk: the stored changes with their review state, queued, counted and marked.

Headless: used by the CLI, the TUI, reports, the feed and the webhook alike.
"""

from revtrack.review.queue import (
    REVIEW_LABELS,
    QueueItem,
    ReviewCounts,
    ReviewTally,
    change_items,
    check_labels,
    mark_change,
    queue_page,
    review_counts,
    review_queue,
    review_tally,
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
    "ReviewTally",
    "change_items",
    "check_labels",
    "mark_change",
    "queue_page",
    "review_counts",
    "review_queue",
    "review_tally",
]
