"""A footer that fits its width: help, quit and back always show; other keys drop out.

Textual's ``Footer`` lays every key out in one row and cuts what does not fit, so at
80 columns the app's own keys (``? Help``, ``q Quit``), which come last, were never
seen. ``KeyFooter`` keeps the essential keys, then adds the screen's keys in their
binding order (most useful first) while they fit; the rest stay on the help screen
(``?``) and in the command palette. The palette key itself shows only on wide
terminals.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["ESSENTIAL_ACTIONS", "KeyFooter", "fit_keys", "key_width"]

ESSENTIAL_ACTIONS = frozenset({"help", "quit", "back", "app.pop_screen", "dismiss"})
PALETTE_WIDTH = 14  # "▏^p palette " docked right
PALETTE_MIN_TERMINAL = 110  # narrower terminals leave the palette key to the help screen


def key_width(key: FooterKey) -> int:
    """Cells one key takes in the (non-compact) footer: " k " + "description "."""
    if not key.description:
        return len(key.key_display)
    return len(key.key_display) + len(key.description) + 3


def _essential(key: FooterKey) -> bool:
    return key.action in ESSENTIAL_ACTIONS or key.key == "escape"


def fit_keys(keys: list[FooterKey], width: int) -> list[FooterKey]:
    """The essential keys and the other keys, in order, up to the first that does not
    fit in ``width`` (a prefix: a later, shorter key never jumps ahead of one dropped)."""
    used = sum(key_width(k) for k in keys if _essential(k))
    kept: list[FooterKey] = []
    full = False
    for key in keys:
        if _essential(key):
            kept.append(key)
        elif not full and used + key_width(key) <= width:
            used += key_width(key)
            kept.append(key)
        else:
            full = True
    return kept


class KeyFooter(Footer):
    """``Footer`` that drops secondary keys rather than cutting off help and quit."""

    def __init__(self) -> None:
        super().__init__()
        self._fitted_width = 0
        self._shown: tuple[object, ...] | None = None  # the keys composed, and the width
        self._pending = False

    def _wanted(self) -> tuple[object, ...]:
        """What a compose would show: the active keys (enabled or not) and the width."""
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return (*keys, self.app.size.width)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Recompose once after a burst of binding changes (focus, screen pushes, mounts
        each signal one), and only when the keys to show changed: each recompose makes
        every key anew, which cost a screen switch more than the rest of it."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        self._pending = False
        if self.is_attached and self._wanted() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        # The keys from the first compose on (Footer waits for a bindings signal and
        # composes again): the signal that follows finds them shown and costs nothing.
        self._bindings_ready = True
        width = self.app.size.width
        self._fitted_width = width
        self._shown = self._wanted()
        widgets: list[Widget] = list(super().compose())
        palette = [w for w in widgets if w.has_class("-command-palette")]
        keys = [w for w in widgets if isinstance(w, FooterKey) and w not in palette]
        others = [w for w in widgets if not isinstance(w, FooterKey)]  # groups: none today
        wide = width >= PALETTE_MIN_TERMINAL
        budget = width - 1 - (PALETTE_WIDTH if wide else 0)
        kept = fit_keys(keys, budget)
        yield from (w for w in widgets if w in kept or w in others)
        if wide:
            yield from palette

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self.app.size.width != self._fitted_width:
            self.call_after_refresh(self.recompose)
