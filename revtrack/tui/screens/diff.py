"""The diff screen: what changed between versions A and B of a story."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from revtrack.safe_text import strip_controls
from revtrack.store.store import Store
from revtrack.tui.host import query
from revtrack.tui.messages import StoreChanged
from revtrack.tui.queries import pair_changes
from revtrack.tui.widgets.diff_header import DiffHeader, DiffPair
from revtrack.tui.widgets.diff_view import DiffView
from revtrack.tui.widgets.footer import KeyFooter

__all__ = ["DiffScreen", "read_pair"]


def read_pair(store: Store, story_id: int, wanted: tuple[int, int]) -> DiffPair:
    """Versions ``wanted`` of a story, their articles and what changed between them."""
    story = store.story(story_id)
    old, new = store.version(story_id, wanted[0]), store.version(story_id, wanted[1])
    before, after = store.article(old), store.article(new)
    latest = store.version(story_id, -1).seq
    changes = pair_changes(store, story_id, old, new, before, after)
    return DiffPair(story.headline, old, new, before, after, changes, latest)


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

    def load(self, wanted: tuple[int, int]) -> None:
        story_id = self.story_id
        query(self, lambda store: read_pair(store, story_id, wanted),
              lambda pair: self._computed(wanted, pair), lambda error: self._failed(wanted, error),
              group="diff")  # fmt: skip

    async def _computed(self, wanted: tuple[int, int], pair: DiffPair) -> None:
        if wanted != self._wanted:
            return  # a stale result: the user stepped on
        self.pair = pair
        self.old_seq, self.new_seq = pair.old.seq, pair.new.seq
        self.query_one("#diff-error", Static).display = False
        self.query_one(DiffHeader).show(pair, side=self.side)
        await self.query_one(DiffView).show(pair.changes, side=self.side)
        self.ready = True

    @on(StoreChanged)
    def _store_changed(self, event: StoreChanged) -> None:
        """New versions may have arrived: only ``]``'s bound changes, the diff stays."""
        event.stop()
        story_id = self.story_id
        query(self, lambda store: store.version(story_id, -1).seq, self._latest_known,
              lambda error: None, group="diff-latest")  # fmt: skip

    def _latest_known(self, latest: int) -> None:
        if self.pair is not None:
            self.pair = replace(self.pair, latest=latest)
            self.refresh_bindings()

    def _failed(self, wanted: tuple[int, int], error: str) -> None:
        if wanted != self._wanted:
            return
        error_line = self.query_one("#diff-error", Static)
        error_line.update(Content(strip_controls(f"Cannot show this diff: {error}")))
        error_line.display = True
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
        return True  # "[" and "]" at a bound say so; before the first diff they wait

    def _can_step(self, delta: int) -> bool:
        if self.pair is None:
            return False
        latest = self.pair.latest
        return 1 <= self.old_seq + delta <= latest and 1 <= self.new_seq + delta <= latest

    def action_step(self, delta: int) -> None:
        """Move A and B together one version older (-1) or newer (+1)."""
        if self.pair is None:
            return  # the first pair is still being read: its bounds are not known yet
        if not self._can_step(delta):
            where = "oldest" if delta < 0 else "newest"
            self.notify(f"This is the {where} pair: v{self.old_seq} → v{self.new_seq}.",
                        timeout=2)  # fmt: skip
            return
        self.old_seq += delta
        self.new_seq += delta
        self.ready = False
        self.load(self._wanted)
