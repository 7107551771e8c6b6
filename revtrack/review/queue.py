"""The review queue: changes with their review state, filtered, counted and marked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from revtrack.clock import to_iso
from revtrack.diff import Label
from revtrack.errors import RevtrackError, UnknownChangeError
from revtrack.store.reviews import (
    ChangeListing,
    ChangeRecord,
    ChangeTally,
    Review,
    ReviewState,
)
from revtrack.store.store import Store

__all__ = [
    "REVIEW_LABELS",
    "QueueItem",
    "ReviewCounts",
    "ReviewTally",
    "change_items",
    "check_labels",
    "mark_change",
    "queue_page",
    "review_counts",
    "review_queue",
    "review_tally",
]

# The labels a reviewer filters by, in the order the queue offers them.
REVIEW_LABELS: tuple[str, ...] = ("correction", "silent", "fact", "headline", "style", "flip-flop")
_KNOWN = frozenset(str(label) for label in Label)


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One change with its story and review, as the queue, reports and feeds show it."""

    change: ChangeRecord
    review: Review
    url: str
    site: str
    headline: str  # the headline of this version
    kind: str  # version or flip-flop

    @property
    def key(self) -> tuple[int, int]:
        return (self.change.story_id, self.change.seq)

    @classmethod
    def from_listing(cls, listing: ChangeListing) -> QueueItem:
        return cls(listing.change, listing.review, listing.url, listing.site, listing.headline,
                   listing.kind)  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        c = self.change
        return {
            "story_id": c.story_id,
            "url": self.url,
            "site": self.site,
            "headline": self.headline,
            "version": c.seq,
            "base_version": c.base_seq,
            "kind": self.kind,
            "captured_at": to_iso(c.captured_at),
            "labels": list(c.labels),
            "summary": c.summary,
            "highlights": list(c.highlights),
            "counts": c.counts,
            "review": self.review.to_json(),
        }


def check_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """The labels, checked: an unknown one is a one-line error naming the known ones."""
    given = tuple(labels)
    for label in given:
        if label not in _KNOWN:
            known = ", ".join(str(lb) for lb in Label)
            raise RevtrackError(f"unknown label {label!r} (known: {known})")
    return given


def change_items(
    store: Store,
    *,
    states: Sequence[ReviewState] = (),
    labels: Sequence[str] = (),
    since: datetime | None = None,
    story_id: int | None = None,
) -> list[QueueItem]:
    """Changes newest first; ``states`` and ``labels`` (any of them) filter when given."""
    wanted = set(check_labels(labels))
    items = []
    for row in store.change_rows(since=since, story_id=story_id):
        if states and row.review.state not in states:
            continue
        if wanted and wanted.isdisjoint(row.change.labels):
            continue
        items.append(QueueItem(row.change, row.review, row.url, row.site, row.headline, row.kind))
    return items


def review_queue(store: Store, labels: Sequence[str] = ()) -> list[QueueItem]:
    """The changes nobody has reviewed yet, newest first."""
    return change_items(store, states=(ReviewState.UNREVIEWED,), labels=labels)


def queue_page(
    store: Store,
    *,
    state: ReviewState | None = None,
    label: str | None = None,
    after: QueueItem | None = None,
    limit: int = 100,
) -> list[QueueItem]:
    """A page of ``change_items``: up to ``limit`` changes after ``after`` (in its order,
    newest first) in ``state`` and with ``label`` (None: any), read with one query."""
    cursor = None if after is None else (after.change.captured_at, *after.key)
    states = () if state is None else (state,)
    listings = store.change_page(states=states, label=label, after=cursor, limit=limit)
    return [QueueItem.from_listing(listing) for listing in listings]


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    unreviewed: int = 0
    reviewed: int = 0
    flagged: int = 0
    unreviewed_by_label: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "unreviewed": self.unreviewed,
            "reviewed": self.reviewed,
            "flagged": self.flagged,
            "unreviewed_by_label": dict(self.unreviewed_by_label),
        }


@dataclass(frozen=True, slots=True)
class ReviewTally:
    """Changes counted by (review state, labels): the review counts and the size of the
    queue under any filter, without reading the changes themselves."""

    groups: tuple[ChangeTally, ...] = ()

    def total(self, state: ReviewState | None = None, label: str | None = None) -> int:
        """How many changes are in ``state`` with ``label`` (None: any)."""
        return sum(
            g.count
            for g in self.groups
            if (state is None or g.state is state) and (label is None or label in g.labels)
        )

    def moved(self, labels: tuple[str, ...], old: ReviewState, new: ReviewState) -> ReviewTally:
        """The tally after one change with ``labels`` went from state ``old`` to ``new``."""
        if old is new:
            return self
        groups = {(g.state, g.labels): g.count for g in self.groups}
        groups[(old, labels)] = groups.get((old, labels), 0) - 1
        groups[(new, labels)] = groups.get((new, labels), 0) + 1
        return ReviewTally(
            tuple(ChangeTally(state, lbls, n) for (state, lbls), n in groups.items() if n > 0)
        )

    def counts(self) -> ReviewCounts:
        states = dict.fromkeys(ReviewState, 0)
        by_label = dict.fromkeys(REVIEW_LABELS, 0)
        for group in self.groups:
            states[group.state] += group.count
            if group.state is ReviewState.UNREVIEWED:
                for label in group.labels:
                    if label in by_label:
                        by_label[label] += group.count
        return ReviewCounts(
            states[ReviewState.UNREVIEWED],
            states[ReviewState.REVIEWED],
            states[ReviewState.FLAGGED],
            tuple(by_label.items()),
        )


def review_tally(store: Store) -> ReviewTally:
    """Every change counted by review state and labels (two aggregate queries)."""
    return ReviewTally(tuple(store.change_tally()))


def review_counts(store: Store) -> ReviewCounts:
    """How many changes are in each state, and the unreviewed ones by label."""
    return review_tally(store).counts()


def mark_change(
    store: Store,
    story_key: str | int,
    seq: int,
    *,
    state: ReviewState | None,
    note: str | None = None,
    reviewer: str,
    at: datetime,
) -> Review:
    """Mark a change reviewed, flagged or unreviewed, with a note; None keeps the state.

    A note of None keeps the note there is; "" clears it. Every mark is kept in the
    review record.
    """
    story = store.story(story_key)
    with store.transaction():
        if store.change(story.id, seq) is None:
            raise UnknownChangeError(
                f"version {seq} of {story.url} is not a change to review "
                "(see `revtrack log URL` for its versions)"
            )
        current = store.review(story.id, seq)
        new = Review(
            state if state is not None else current.state,
            note if note is not None else current.note,
            reviewer,
            at,
        )
        store.mark_review(story.id, seq, state=new.state, note=new.note, reviewer=reviewer, at=at)
    return new
