"""The stories screen's workers: read stories, review counts and labels; post messages.

Workers only read the store (holding ``store_lock``) and post messages; the screen's
``@on`` handlers own the widgets.
"""

from __future__ import annotations

from typing import cast

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from revtrack.tui.host import StoreHost
from revtrack.tui.messages import LabelsComputed, LoadFailed, StoriesLoaded
from revtrack.tui.queries import StoreTotals, last_change_labels, review_totals, story_rows
from revtrack.tui.widgets.review_messages import ReviewCountsLoaded

__all__ = ["LABEL_BATCH", "StoriesLoader"]

LABEL_BATCH = 20


class StoriesLoader(Screen[None]):
    """Base of ``StoriesScreen``: its workers."""

    @property
    def host(self) -> StoreHost:
        return cast(StoreHost, self.app)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stories")
    def load_stories(self) -> None:
        try:
            with self.host.store_lock:
                rows = story_rows(self.host.store)
        except Exception as exc:  # shown to the user, never a crash
            self.post_message(LoadFailed("stories", str(exc)))
            return
        if get_current_worker().is_cancelled:
            return  # a newer load replaced this one
        counts = StoreTotals(len(rows), sum(r.versions for r in rows), 0)
        self.post_message(StoriesLoaded(rows, counts))

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-counts")
    def load_review_counts(self) -> None:
        try:
            with self.host.store_lock:
                counts = review_totals(self.host.store)
        except Exception as exc:  # shown to the user, never a crash
            self.post_message(LoadFailed("review counts", str(exc)))
            return
        self.post_message(ReviewCountsLoaded(counts))

    @work(thread=True, exclusive=True, exit_on_error=False, group="labels")
    def compute_labels(self, story_ids: list[int]) -> None:
        worker = get_current_worker()
        batch: dict[int, tuple[str, ...]] = {}
        for story_id in story_ids:
            if worker.is_cancelled:
                return
            try:
                with self.host.store_lock:
                    batch[story_id] = last_change_labels(self.host.store, story_id)
            except Exception:  # one bad story must not stop the rest
                batch[story_id] = ("?",)
            if len(batch) >= LABEL_BATCH:
                self.post_message(LabelsComputed(batch))
                batch = {}
        if batch:
            self.post_message(LabelsComputed(batch))
