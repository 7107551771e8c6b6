"""The limits of one diff, and the state it carries: token map, differs, degradation."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TypeVar

from revtrack.diff.tokens import TokenMap, Unit
from revtrack.diff.words import EQUAL, Segment, TimedDiffer, replace_all, word_diff

__all__ = ["DEFAULT_LIMITS", "Limits", "Run", "remember"]

_MAX_REASONS = 8
K = TypeVar("K")
V = TypeVar("V")
_WORD_DIFFS_KEPT = 16384

# Word diffs of text pairs, kept across diffs: a history's edited sentences recur across
# many version pairs. A diff depends only on which tokens are equal, so one is reused only
# while the token map still gives every token its own character, and one that timed out
# is never kept.
_word_diffs: dict[tuple[str, str], tuple[Segment, ...]] = {}


@dataclass(frozen=True, slots=True)
class Limits:
    """Where a diff stops trying; hitting any of them marks the ChangeSet degraded.

    The pairing step keeps normal cost low (a far pair of a 15,000-word story takes tens
    of milliseconds), so these are safety nets for pathological input, not the budget.
    """

    word_timeout: float = 0.5  # seconds for one word-level dmp diff (one sentence pair)
    align_timeout: float = 1.0  # seconds for one paragraph or sentence sequence diff
    total_seconds: float = 10.0  # the whole ChangeSet; later pairs become whole replacements
    max_pair_cells: int = 250_000  # similarity scores computed to pair one changed block


DEFAULT_LIMITS = Limits()


class Run:
    """Everything one ``diff_articles`` call shares: caches, differs and what went wrong."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.tokens = TokenMap()
        self.word_differ = TimedDiffer(limits.word_timeout)
        self.align_differ = TimedDiffer(limits.align_timeout)
        self.deadline = time.monotonic() + limits.total_seconds
        self.reasons: list[str] = []
        self.degradations = 0  # every call of ``degrade``, repeated reasons included
        self._units: dict[str, Unit] = {}
        self._word_keys: dict[str, str] = {}

    def unit(self, text: str) -> Unit:
        found = self._units.get(text)
        if found is None:
            found = self._units[text] = Unit.of(text, self.tokens)
        return found

    def word_key(self, text: str) -> str:
        """The words of ``text`` as characters, for similarity (spacing and punctuation
        ignored; rapidfuzz compares strings much faster than lists)."""
        found = self._word_keys.get(text)
        if found is None:
            found = self._word_keys[text] = self.tokens.words(text)
        return found

    def words(self, old: str, new: str) -> list[Segment]:
        """Word diff of two texts, or a whole replacement once the time budget is spent."""
        if old == new:
            return [Segment(EQUAL, old)] if old else []
        if time.monotonic() > self.deadline:
            self.degrade(f"time budget of {self.limits.total_seconds:g} s spent")
            return replace_all(old, new)
        old_unit, new_unit = self.unit(old), self.unit(new)
        if not self.tokens.overflowed:
            found = _word_diffs.get((old, new))
            if found is not None:
                return list(found)
        self.word_differ.timed_out = False
        segments = word_diff(old_unit, new_unit, self.word_differ)
        if self.word_differ.timed_out:
            self.degrade(f"a word diff hit its {self.limits.word_timeout:g} s timeout")
        elif not self.tokens.overflowed:
            remember(_word_diffs, (old, new), tuple(segments), _WORD_DIFFS_KEPT)
        return segments

    def degrade(self, reason: str) -> None:
        self.degradations += 1
        if reason not in self.reasons and len(self.reasons) < _MAX_REASONS:
            self.reasons.append(reason)

    def finish(self) -> tuple[str, ...]:
        """The degradation reasons, once the diff is complete."""
        if self.tokens.overflowed:
            self.degrade("too many distinct words: some were compared by position only")
        return tuple(self.reasons)


_REMEMBER_LOCK = threading.Lock()  # the TUI diffs on several worker threads


def remember(cache: dict[K, V], key: K, value: V, kept: int) -> None:
    """Store in a cache kept across diffs, dropping the oldest entry when it is full."""
    with _REMEMBER_LOCK:
        if len(cache) >= kept:
            cache.pop(next(iter(cache)), None)
        cache[key] = value
