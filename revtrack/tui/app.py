"""The revtrack Textual app: the store, the clock, live refresh and the command palette."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from revtrack.clock import Clock, utcnow
from revtrack.history.open import open_store
from revtrack.review.queue import ReviewTally
from revtrack.store.reviews import ReviewState
from revtrack.store.store import Store
from revtrack.tui.commands import screen_commands
from revtrack.tui.host import query
from revtrack.tui.messages import StoreChanged


class RevtrackApp(App[None]):
    """Browse stories, their versions and diffs. Satisfies ``StoreHost``."""

    CSS_PATH = "app.tcss"
    TITLE = "revtrack"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = utcnow,
        refresh_every: float = 2.0,
        review: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.open_review = review  # start on the review queue (over the stories screen)
        self.store_lock = threading.Lock()
        self.clock = clock
        self.refresh_every = refresh_every
        self.generation = 0
        self.marks = 0  # marks this app stored: a tally read begun before one is stale
        self._tally: tuple[tuple[int, int], ReviewTally] | None = None
        self._data_version = store.data_version()
        # Modules, classes and Textual's own objects live as long as the app: keep the
        # cyclic collector off them (a full collection then pauses the UI for a few ms,
        # not 20-40). on_unmount gives them back, for a process that runs apps in turn.
        gc.freeze()

    def now(self) -> datetime:
        return self.clock()

    def tally_token(self) -> tuple[int, int]:
        return (self.generation, self.marks)

    def known_tally(self) -> ReviewTally | None:
        if self._tally is None or self._tally[0] != self.tally_token():
            return None
        return self._tally[1]

    def keep_tally(self, tally: ReviewTally, token: tuple[int, int]) -> bool:
        if token != self.tally_token():
            return False
        self._tally = (token, tally)
        return True

    def tally_marked(
        self, labels: tuple[str, ...], old: ReviewState, new: ReviewState
    ) -> ReviewTally | None:
        known = self.known_tally()
        self.marks += 1
        if known is None:
            return None
        moved = known.moved(labels, old, new)
        self._tally = (self.tally_token(), moved)
        return moved

    def on_unmount(self) -> None:
        gc.unfreeze()
        gc.collect()

    def get_default_screen(self) -> Screen[None]:
        from revtrack.tui.screens.stories import StoriesScreen

        return StoriesScreen()

    def on_mount(self) -> None:
        if self.refresh_every > 0:
            self.set_interval(self.refresh_every, self.poll_store)
        if self.open_review:
            self.action_review()

    def poll_store(self) -> None:
        """Cheap check for commits by other processes (``PRAGMA data_version``)."""
        query(self, Store.data_version, self._polled, self._poll_failed, group="poll")

    def _polled(self, current: int) -> None:
        if current != self._data_version:
            self._data_version = current
            self.post_message(StoreChanged(self.generation + 1))

    def _poll_failed(self, error: str) -> None:
        """A failed poll is tried again at the next tick; nothing to show."""

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        if message.generation <= self.generation:
            return
        self.generation = message.generation
        stack = self.screen_stack
        if stack:  # empty while the app shuts down: then there is nothing to refresh
            stack[-1].post_message(StoreChanged(self.generation))

    def action_help(self) -> None:
        from revtrack.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_review(self) -> None:
        from revtrack.tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from screen_commands(self, screen)


def make_app(
    store: str | Path, *, clock: Clock = utcnow, refresh_every: float = 2.0, review: bool = False
) -> RevtrackApp:
    """The app on the store at ``store``: a SQLite file (created and migrated if needed)
    or a ``postgresql://`` URL."""
    return RevtrackApp(open_store(store), clock=clock, refresh_every=refresh_every, review=review)
