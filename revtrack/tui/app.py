"""The revtrack Textual app: the store, the clock, live refresh and the command palette."""

from __future__ import annotations

import gc
import math
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from revtrack.clock import Clock, utcnow
from revtrack.errors import StoreError
from revtrack.history.open import open_store
from revtrack.review.queue import ReviewTally
from revtrack.store.reviews import ReviewState
from revtrack.store.store import Store
from revtrack.tui.commands import screen_commands
from revtrack.tui.host import query
from revtrack.tui.messages import StoreChanged, StoreNotified

if TYPE_CHECKING:
    from revtrack.store.postgres import PgListener

# How long the listener waits for a notification before it looks whether to stop: the
# most an app's exit waits for its listener thread.
LISTEN_TICK = 0.2
# The least time between two refreshes the listener asks for: while workers commit
# hundreds of checks a second, a refresh that takes longer than the gap between two
# notifications would be overtaken by the next, again and again, and never shown.
LISTEN_EVERY = 1.0
# How long after its connection went the listener tries again (polling meanwhile).
RELISTEN_EVERY = 30.0


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
        listen: bool = True,
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
        # On PostgreSQL, other machines' commits arrive by LISTEN/NOTIFY on a connection
        # of the listener's own, in a thread; polling goes on beside it (and alone on
        # SQLite, or when LISTEN is refused).
        self.listen = listen and store.dialect == "postgresql"
        self.listener: PgListener | None = None
        self.listen_every = LISTEN_EVERY
        self.relisten_every = RELISTEN_EVERY
        self._stop_listening = threading.Event()
        self._listener_done = threading.Event()
        self._listener_done.set()
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
        self.stop_listening()
        gc.unfreeze()
        gc.collect()

    def get_default_screen(self) -> Screen[None]:
        from revtrack.tui.screens.stories import StoriesScreen

        return StoriesScreen()

    def on_mount(self) -> None:
        if self.refresh_every > 0:
            self.set_interval(self.refresh_every, self.poll_store)
        if self.listen:
            # A thread of its own, not a Textual worker: it runs as long as the app, and
            # waiting for the app's workers to finish must not wait for it.
            self._listener_done.clear()
            threading.Thread(
                target=self._listen_for_commits, name="revtrack-listen", daemon=True
            ).start()
        if self.open_review:
            self.action_review()

    def poll_store(self) -> None:
        """Cheap check for commits by other processes (``PRAGMA data_version`` on SQLite,
        the server's snapshot on PostgreSQL): the store's own method, not ``Store``'s."""
        query(self, _data_version, self._polled, self._poll_failed, group="poll")

    def _polled(self, current: int) -> None:
        if current != self._data_version:
            self._data_version = current
            self.post_message(StoreChanged(self.generation + 1))

    def _poll_failed(self, error: str) -> None:
        """A failed poll is tried again at the next tick; nothing to show."""

    def _listen_for_commits(self) -> None:
        """The listener thread: connect, then post ``StoreNotified`` for each burst of
        other sessions' commits until the app stops it (``stop_listening``). LISTEN
        refused at the start leaves polling alone, as on SQLite; a connection that goes
        mid-run (a server restart) is tried again every ``relisten_every`` seconds,
        polling meanwhile, and each change of state is said once."""
        from revtrack.store.postgres import PgStore

        try:
            if not isinstance(self.store, PgStore):
                return
            dropped = False
            while not self._stop_listening.is_set():
                try:
                    listener = self.store.listener()
                except StoreError:
                    if not dropped:
                        return
                    self._stop_listening.wait(self.relisten_every)
                    continue
                self.listener = listener
                if dropped and not self._stop_listening.is_set():
                    self.notify("Live updates resumed.", title="", markup=False)
                dropped = self._relay_until_dropped(listener)
                if dropped:
                    self._stop_listening.wait(self.relisten_every)
        finally:
            self._listener_done.set()

    def _relay_until_dropped(self, listener: PgListener) -> bool:
        """Relay until the app stops (False) or the connection goes (True, said once)."""
        try:
            self._relay(listener)
        except StoreError:
            if not self._stop_listening.is_set():
                self.notify(self._polling_notice(), title="", markup=False)
                return True
        finally:
            listener.close()
        return False

    def _relay(self, listener: PgListener) -> None:
        """Post ``StoreNotified`` for other sessions' commits: at once after a quiet
        spell, then at most once every ``listen_every`` seconds while they go on (the
        last commit of a burst is never left unshown)."""
        pending, last_post = False, -math.inf
        while not self._stop_listening.is_set():
            pending |= listener.wait(LISTEN_TICK)
            now = time.monotonic()
            if pending and now - last_post >= self.listen_every:
                if not self._stop_listening.is_set():
                    self.post_message(StoreNotified())
                pending, last_post = False, now

    def _polling_notice(self) -> str:
        if self.refresh_every > 0:
            return f"Live updates stopped; refreshing every {self.refresh_every:g} s."
        return "Live updates stopped."

    @property
    def listening(self) -> bool:
        """Whether other sessions' commits arrive by LISTEN now: False on SQLite, while
        connecting, once LISTEN was refused, while its connection is gone, after exit."""
        listener = self.listener
        return listener is not None and not listener.closed and not self._listener_done.is_set()

    def stop_listening(self, timeout: float = 10.0) -> bool:
        """Stop the listener thread and close its connection; True once it has."""
        self._stop_listening.set()
        return self._listener_done.wait(timeout)

    @on(StoreNotified)
    def _store_notified(self, message: StoreNotified) -> None:
        self.post_message(StoreChanged(self.generation + 1))

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


def _data_version(store: Store) -> int:
    return store.data_version()


def make_app(
    store: str | Path,
    *,
    clock: Clock = utcnow,
    refresh_every: float = 2.0,
    review: bool = False,
    listen: bool = True,
) -> RevtrackApp:
    """The app on the store at ``store``: a SQLite file (created and migrated if needed)
    or a ``postgresql://`` URL (where it also listens for other machines' commits)."""
    return RevtrackApp(
        open_store(store), clock=clock, refresh_every=refresh_every, review=review, listen=listen
    )
