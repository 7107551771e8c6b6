"""The diff screen: what changed between versions A and B of a story."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from revtrack.diff import diff_articles
from revtrack.history.changes import version_history_labels
from revtrack.safe_text import strip_controls
from revtrack.tui.host import StoreHost
from revtrack.tui.messages import StoreChanged
from revtrack.tui.widgets.diff_header import DiffHeader, DiffPair
from revtrack.tui.widgets.diff_view import DiffView
from revtrack.tui.widgets.footer import KeyFooter

__all__ = ["DiffComputed", "DiffFailed", "DiffScreen", "LatestKnown"]


@dataclass
class DiffComputed(Message):
    """The worker finished a pair (``wanted`` says which was asked for)."""

    wanted: tuple[int, int]
    pair: DiffPair


@dataclass
class DiffFailed(Message):
    wanted: tuple[int, int]
    error: str


@dataclass
class LatestKnown(Message):
    """The story's latest version seq, re-read after another process wrote."""

    latest: int


class DiffScreen(Screen[None]):
    """Versions ``old_seq`` (A) and ``new_seq`` (B) of a story, compared."""

    DEFAULT_CSS = """
    DiffScreen #diff-error { color: $text-error; padding: 0 1; display: none; }
    """
    # ``s`` has two bindings: the footer offers the mode the diff is not in.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="diff.back"),
        Binding("s", "side(True)", "Side by side", tooltip="Show A and B side by side",
                id="diff.side"),
        Binding("s", "side(False)", "Inline", tooltip="Back to the inline diff",
                id="diff.inline"),
        Binding("n", "next_change", "Next change", id="diff.next"),
        Binding("p", "previous_change", "Prev change", id="diff.previous"),
        Binding("left_square_bracket", "step(-1)", "Older pair", key_display="[", id="diff.older"),
        Binding("right_square_bracket", "step(1)", "Newer pair", key_display="]", id="diff.newer"),
    ]  # fmt: skip

    def __init__(self, story_id: int, old_seq: int, new_seq: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.old_seq = old_seq
        self.new_seq = new_seq
        self.side = False
        self.pair: DiffPair | None = None
        self.ready = False  # a diff for (old_seq, new_seq) is on screen

    def compose(self) -> ComposeResult:
        yield DiffHeader(id="diff-header")
        yield Static(id="diff-error")
        yield DiffView(id="diff-view")
        yield KeyFooter()

    @property
    def _wanted(self) -> tuple[int, int]:
        return (self.old_seq, self.new_seq)

    def on_mount(self) -> None:
        self.load(self._wanted)

    @work(thread=True, exclusive=True, exit_on_error=False, group="diff")
    def load(self, wanted: tuple[int, int]) -> None:
        host = cast(StoreHost, self.app)
        try:
            with host.store_lock:
                store = host.store
                story = store.story(self.story_id)
                old = store.version(self.story_id, wanted[0])
                new = store.version(self.story_id, wanted[1])
                before, after = store.article(old), store.article(new)
                latest = store.version(self.story_id, -1).seq
                context = version_history_labels(store, story.id, old, new)
            changes = diff_articles(before, after, context=context)
        except Exception as exc:  # shown on screen; the app keeps running
            self.post_message(DiffFailed(wanted, f"{type(exc).__name__}: {exc}"))
            return
        pair = DiffPair(story.headline, old, new, before, after, changes, latest)
        self.post_message(DiffComputed(wanted, pair))

    @on(DiffComputed)
    async def _computed(self, event: DiffComputed) -> None:
        if event.wanted != self._wanted:
            return  # a stale result: the user stepped on
        self.pair = event.pair
        self.old_seq, self.new_seq = event.pair.old.seq, event.pair.new.seq
        self.set_timer(0.1, self.refresh_bindings)  # recompose the footer after the first paint
        self.query_one("#diff-error", Static).display = False
        self.query_one(DiffHeader).show(event.pair, side=self.side)
        await self.query_one(DiffView).show(event.pair.changes, side=self.side)
        self.ready = True

    @on(StoreChanged)
    def _store_changed(self, event: StoreChanged) -> None:
        event.stop()
        self.load_latest()

    @work(thread=True, exclusive=True, exit_on_error=False, group="diff-latest")
    def load_latest(self) -> None:
        """New versions may have arrived: only ``]``'s bound changes, the diff stays."""
        host = cast(StoreHost, self.app)
        with host.store_lock:
            latest = host.store.version(self.story_id, -1).seq
        self.post_message(LatestKnown(latest))

    @on(LatestKnown)
    def _latest_known(self, event: LatestKnown) -> None:
        if self.pair is not None:
            self.pair = replace(self.pair, latest=event.latest)
            self.refresh_bindings()

    @on(DiffFailed)
    def _failed(self, event: DiffFailed) -> None:
        if event.wanted != self._wanted:
            return
        error = self.query_one("#diff-error", Static)
        error.update(Content(strip_controls(f"Cannot show this diff: {event.error}")))
        error.display = True
        self.ready = True

    async def action_side(self, side: bool) -> None:
        if side != self.side:
            await self.action_toggle_side()

    async def action_toggle_side(self) -> None:
        self.side = not self.side
        if self.pair is not None:
            self.query_one(DiffHeader).show(self.pair, side=self.side)
        self.refresh_bindings()
        await self.query_one(DiffView).set_side(self.side)

    def action_next_change(self) -> None:
        self._to_change(+1)

    def action_previous_change(self) -> None:
        self._to_change(-1)

    def _to_change(self, direction: int) -> None:
        """Focus the next (previous) change; say so when there is none further."""
        view = self.query_one(DiffView)
        before = self.focused
        target = view.next_change() if direction > 0 else view.previous_change()
        if target is None:
            self.notify("No changes in this diff.", timeout=2)
        elif target is before:
            where = "last" if direction > 0 else "first"
            self.notify(f"This is the {where} change.", timeout=2)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "side" and parameters:
            return bool(parameters[0]) != self.side  # hidden: the mode already shown
        if action == "step":
            return None if self.pair is None else True  # at a bound: says so
        return True

    def _can_step(self, delta: int) -> bool:
        if self.pair is None:
            return False
        latest = self.pair.latest
        return 1 <= self.old_seq + delta <= latest and 1 <= self.new_seq + delta <= latest

    def action_step(self, delta: int) -> None:
        """Move A and B together one version older (-1) or newer (+1)."""
        if not self._can_step(delta):
            where = "oldest" if delta < 0 else "newest"
            self.notify(f"This is the {where} pair: v{self.old_seq} → v{self.new_seq}.",
                        timeout=2)  # fmt: skip
            return
        self.old_seq += delta
        self.new_seq += delta
        self.ready = False
        self.load(self._wanted)
