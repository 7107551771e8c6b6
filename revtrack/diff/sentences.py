"""Sentences of news prose, and the quoted passages inside a text.

A rule-based splitter tuned for wire copy: it does not split after abbreviations
("Mr.", "Gen.", "Sept."), initials ("John F. Kennedy"), inside numbers ("3.5") or
before a lower-case word ('"Why?" he asked.'), and it keeps closing quotes and brackets
with the sentence they end. Dotted acronyms ("U.S.", "a.m.") end a sentence only when
a typical sentence opener follows ("... talks with the U.S. The visit ...").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["QUOTE_MARKS", "Sentence", "quote_spans", "split_sentences"]

# One candidate break: a terminator run, closing quotes or brackets, the whitespace
# after, and (looked at, not taken) the next word behind any opening quotes.
_BREAK = re.compile(
    r"(?P<stop>[.!?…]+)[\"'”’»)\]]*(?P<space>\s+)(?=(?:[\"'“‘«(\[]*(?P<next>\w+))?)"
)
_LOOK_BACK = 48  # longer than any abbreviation with its brackets
_OPENING_PUNCT = "\"'“‘«(["
_DOTTED = re.compile(r"^(?:\w\.)+\w?$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col capt cmdr sgt maj adm gov sen rep pres
    rev fr hon amb supt det insp cpl pvt inc ltd co corp bros plc llc vs v etc al approx
    est dept univ assn no nos vol fig ed eds jan feb mar apr jun jul aug sep sept oct nov
    dec mon tue tues wed thu thur thurs fri sat sun ave blvd rd hwy
    """
)
_OPENERS = _words(
    """
    The A An He She It They We I You His Her Its Their Our My This That These Those
    There Here But And Or So Yet In On At For From With Without After Before When While
    As If Although Though Since Because Meanwhile However Still Now Then Some Many Most
    Officials Police No Not What Who Why How Where Both Such One Two Three
    """
)

QUOTE_MARKS = frozenset('"“”«»„')
_OPENING_QUOTES = frozenset("“«„")
_CLOSING_QUOTES = frozenset("”»")
_QUOTE = re.compile('["“”«»„]')


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text[start:end]`` of the paragraph it was split from (no outer whitespace)."""

    start: int
    end: int


@functools.lru_cache(maxsize=8192)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text``, in order; whitespace between them belongs to none.

    Cached: a history's paragraphs recur across many version pairs.
    """
    spans: list[Sentence] = []
    start = len(text) - len(text.lstrip())
    for match in _BREAK.finditer(text):
        end = match.start("space")
        if end > start and _ends_sentence(text, match):
            spans.append(Sentence(start, end))
            start = match.end()
    end = len(text.rstrip())
    if end > start:
        spans.append(Sentence(start, end))
    return tuple(spans)


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    next_word = match.group("next")
    if next_word is None:
        # A spaced ellipsis (". . .") goes on; before a dash or a symbol, break.
        return not text.startswith((".", "…"), match.end())
    if next_word[0].islower():
        return False
    if match.group("stop") != ".":
        return True  # ?, !, an ellipsis
    return _ends_after_abbreviation(_word_before(text, match.start("stop")), next_word)


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited word ending at ``end``: "Mr", "U.S", "(Gen" -> "Gen"."""
    start = end
    while start > max(0, end - _LOOK_BACK) and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENING_PUNCT)


def _ends_after_abbreviation(word: str, next_word: str) -> bool:
    """Whether "<word>. <Next>" is a sentence break; ``word`` carries its inner dots."""
    if not word:
        return True
    bare = word.rstrip(".")
    if _DOTTED.match(word + "."):  # U.S. / a.m. / e.g.
        return next_word in _OPENERS
    if len(bare) == 1 and bare.isalpha() and bare.isupper():
        return False  # an initial: "John F. Kennedy"
    return bare.lower() not in _ABBREVIATIONS


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each quoted passage, quote marks included.

    Curly and angle quotes pair up by direction; straight double quotes alternate. A
    quote left open runs to the end of the text, as a quote continued in the next
    paragraph does in news style.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _QUOTE.finditer(text):
        at, char = match.start(), match.group()
        if opened is None:
            if char not in _CLOSING_QUOTES:
                opened = at
        elif char in _CLOSING_QUOTES or char == '"':
            spans.append((opened, at + 1))
            opened = None
        elif char in _OPENING_QUOTES:
            opened = at  # an unclosed quote followed by a new one: restart there
    if opened is not None:
        spans.append((opened, len(text)))
    return spans
