r"""Word tokens, and the one-character-per-token encoding diff-match-patch works on.

diff-match-patch diffs strings of characters. Mapping every distinct token (a word
``\w+`` or one punctuation mark) to one private-use character makes it diff words
instead: a hunk can then only start or end between two tokens, never inside "Monday" or
"12". Whitespace is left out of the encoding: the diff is blind to how text is spaced
(and half as long), and the exact whitespace is put back from the token offsets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["TOKEN", "WORD", "TokenMap", "Unit", "normalise"]

TOKEN = re.compile(r"\w+|[^\w\s]")
WORD = re.compile(r"\w+")

# Supplementary private-use planes first (130k code points), then the BMP's: no real
# article text uses them, so a mapped character never collides with a literal one.
_RANGES = ((0xF0000, 0xFFFFC), (0x100000, 0x10FFFD), (0xE000, 0xF8FF))
# Stands for every token once the ranges run out. Two different tokens sharing it look
# equal to dmp, but the diff is still exact: equal runs are re-checked token by token.
_OVERFLOW = chr(0xFFFFD)


class _Chars(dict[str, str]):
    """token -> character; a new token gets the next free character on first lookup."""

    def __init__(self) -> None:
        super().__init__()
        self._range = 0
        self._next = _RANGES[0][0]
        self._last = _RANGES[0][1]  # of the current range
        self.overflowed = False

    def __missing__(self, token: str) -> str:
        code = self._next
        if code <= self._last:  # the common case, without a call
            self._next = code + 1
            mapped = self[token] = chr(code)
            return mapped
        mapped = self._allocate()
        self[token] = mapped
        return mapped

    def _allocate(self) -> str:
        while self._next > self._last:
            if self._range + 1 == len(_RANGES):
                self.overflowed = True
                return _OVERFLOW
            self._range += 1
            self._next, self._last = _RANGES[self._range]
        self._next += 1
        return chr(self._next - 1)


class TokenMap:
    """Gives each distinct token one character; shared by every unit of one diff."""

    def __init__(self) -> None:
        self._chars = _Chars()

    @property
    def overflowed(self) -> bool:
        return self._chars.overflowed

    def encode(self, tokens: Sequence[str]) -> str:
        return "".join(map(self._chars.__getitem__, tokens))

    def words(self, text: str) -> str:
        """One character per word of ``text``: what unit similarity is measured on."""
        return "".join(map(self._chars.__getitem__, _words_of(text)))


# Tokenising is pure and a history's paragraphs and sentences recur across many version
# pairs, so the regex work is cached across diffs; only the (per-diff) characters are not.
# The cached lists are shared: never mutated.
@functools.lru_cache(maxsize=32768)
def _words_of(text: str) -> list[str]:
    return WORD.findall(text)


@functools.lru_cache(maxsize=16384)
def _tokens_of(text: str) -> tuple[list[str], list[int], list[int]]:
    matches = list(TOKEN.finditer(text))
    return [m.group() for m in matches], [m.start() for m in matches], [m.end() for m in matches]


def normalise(text: str) -> str:
    """``text`` with whitespace collapsed: the identity used to align units."""
    # Extracted text is nearly always normal already. isprintable() is False for every
    # whitespace character but the ASCII space, so this test is exact, and much cheaper
    # than splitting and joining.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


@dataclass(slots=True)
class Unit:
    """A text tokenised once: its tokens, where each starts and ends, and ``chars``,
    one character per token (the dmp input)."""

    text: str
    tokens: list[str]
    starts: list[int]
    ends: list[int]
    chars: str

    @classmethod
    def of(cls, text: str, token_map: TokenMap) -> Unit:
        tokens, starts, ends = _tokens_of(text)
        return cls(text, tokens, starts, ends, token_map.encode(tokens))
