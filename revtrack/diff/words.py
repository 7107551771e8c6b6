"""Word-level diffs: diff-match-patch on token characters, hunks snapped to whole words.

A diff is a list of ``Segment(op, text)``: ``=`` text in both, ``-`` only in the old
text, ``+`` only in the new one. Joining the ``=`` and ``-`` texts gives the old text
back exactly, joining ``=`` and ``+`` gives the new one; inside a hunk deletions come
before insertions.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import Any, NamedTuple

from diff_match_patch import diff_match_patch

from revtrack.diff.tokens import Unit

__all__ = [
    "DELETE",
    "EQUAL",
    "INSERT",
    "Segment",
    "TimedDiffer",
    "hunks",
    "join_side",
    "normalise_segments",
    "replace_all",
    "word_diff",
]

EQUAL, DELETE, INSERT = "=", "-", "+"


class Segment(NamedTuple):
    op: str  # EQUAL, DELETE or INSERT
    text: str


class TimedDiffer(diff_match_patch):  # type: ignore[misc]  # untyped library
    """diff-match-patch that remembers whether a diff ran into its deadline.

    dmp answers a timeout with a coarser but still correct diff and says nothing; the
    engine must know, so that a degraded ChangeSet says it is degraded.
    """

    def __init__(self, timeout: float) -> None:
        super().__init__()
        # Per call: a safety net for pathological input, not what bounds normal cost.
        self.Diff_Timeout = timeout
        self.timed_out = False

    def diff_bisect(self, text1: str, text2: str, deadline: float) -> Any:
        diffs = super().diff_bisect(text1, text2, deadline)
        if time.time() > deadline:
            self.timed_out = True
        return diffs

    def diff_chars(self, old: str, new: str) -> list[tuple[int, str]]:
        """The raw (op, chars) diff of two encoded strings, checklines off."""
        diffs: list[tuple[int, str]] = self.diff_main(old, new, False)
        return diffs


def word_diff(old: Unit, new: Unit, differ: TimedDiffer) -> list[Segment]:
    """Whole-word segments turning ``old.text`` into ``new.text``."""
    if old.text == new.text:
        return [Segment(EQUAL, old.text)] if old.text else []
    diffs = differ.diff_chars(old.chars, new.chars)
    differ.diff_cleanupSemantic(diffs)
    return snap_to_words(_to_segments(diffs, old, new))


def replace_all(old: str, new: str) -> list[Segment]:
    """The trivial diff: delete everything, insert everything."""
    return [s for s in (Segment(DELETE, old), Segment(INSERT, new)) if s.text]


def _to_segments(diffs: list[tuple[int, str]], old: Unit, new: Unit) -> list[Segment]:
    """Segments from a token diff: equal token runs, and the text between them."""
    segments: list[Segment] = []
    i = j = 0  # next old / new token
    old_at = new_at = 0  # end of the last equal run, in characters
    for op, chars in diffs:
        if op < 0:
            i += len(chars)
        elif op > 0:
            j += len(chars)
        else:
            n = len(chars)
            _between(segments, old.text[old_at : old.starts[i]], new.text[new_at : new.starts[j]])
            _equal_run(segments, old, new, i, j, n)
            old_at, new_at = old.ends[i + n - 1], new.ends[j + n - 1]
            i, j = i + n, j + n
    _between(segments, old.text[old_at:], new.text[new_at:])
    return normalise_segments(segments)


def _between(segments: list[Segment], old: str, new: str) -> None:
    """Text between two equal runs: a hunk, with shared outer whitespace kept equal."""
    if old == new:
        segments.append(Segment(EQUAL, old))
        return
    lead = _shared_space(old, new)
    trail = _shared_space(old[::-1][: len(old) - lead], new[::-1][: len(new) - lead])
    segments += [
        Segment(EQUAL, old[:lead]),
        Segment(DELETE, old[lead : len(old) - trail]),
        Segment(INSERT, new[lead : len(new) - trail]),
        Segment(EQUAL, old[len(old) - trail :]),
    ]


def _shared_space(old: str, new: str) -> int:
    n = 0
    for a, b in zip(old, new, strict=False):
        if a != b or not a.isspace():
            break
        n += 1
    return n


def _equal_run(segments: list[Segment], old: Unit, new: Unit, i: int, j: int, n: int) -> None:
    """Tokens dmp saw as equal; the whitespace between them may still differ."""
    old_text = old.text[old.starts[i] : old.ends[i + n - 1]]
    new_text = new.text[new.starts[j] : new.ends[j + n - 1]]
    if old_text == new_text:
        segments.append(Segment(EQUAL, old_text))
        return
    for k in range(n):
        if k:
            gap_old = old.text[old.ends[i + k - 1] : old.starts[i + k]]
            gap_new = new.text[new.ends[j + k - 1] : new.starts[j + k]]
            _between(segments, gap_old, gap_new)
        # Equal characters are equal tokens, unless the token map ran out of characters.
        _between(segments, old.tokens[i + k], new.tokens[j + k])


def normalise_segments(segments: Iterable[Segment]) -> list[Segment]:
    """Drop empty segments, merge neighbours, and put each hunk's deletion first."""
    out: list[Segment] = []
    pending_delete: list[str] = []
    pending_insert: list[str] = []

    def flush() -> None:
        if pending_delete:
            out.append(Segment(DELETE, "".join(pending_delete)))
            pending_delete.clear()
        if pending_insert:
            out.append(Segment(INSERT, "".join(pending_insert)))
            pending_insert.clear()

    for op, text in segments:
        if not text:
            continue
        if op == DELETE:
            pending_delete.append(text)
        elif op == INSERT:
            pending_insert.append(text)
        else:
            flush()
            if out and out[-1].op == EQUAL:
                out[-1] = Segment(EQUAL, out[-1].text + text)
            else:
                out.append(Segment(EQUAL, text))
    flush()
    return out


def join_side(segments: Iterable[Segment], side: str) -> str:
    """The old (``side`` = DELETE) or new (``side`` = INSERT) text of a diff."""
    return "".join(text for op, text in segments if op in (EQUAL, side))


def hunks(segments: list[Segment]) -> list[tuple[str, str, int, int]]:
    """Each hunk as (deleted text, inserted text, old offset, new offset)."""
    found: list[tuple[str, str, int, int]] = []
    old_at = new_at = 0
    deleted = inserted = ""
    start_old = start_new = 0
    for op, text in [*segments, Segment(EQUAL, "")]:
        if op == EQUAL:
            if deleted or inserted:
                found.append((deleted, inserted, start_old, start_new))
                deleted = inserted = ""
            old_at += len(text)
            new_at += len(text)
            start_old, start_new = old_at, new_at
        elif op == DELETE:
            deleted += text
            old_at += len(text)
        else:
            inserted += text
            new_at += len(text)
    return found


# -- snapping hunk edges to whole words -------------------------------------------------

# A "word" for snapping: word characters joined by inner punctuation, so that 1,500,
# 3.5, U.S, 18-19, China's and 10:30 are never cut (token diffs would give "1,[-500-]").
_JOINERS = frozenset(".,:'’/-")
_UNIT = re.compile(r"\w+(?:[.,:'’/\-]\w+)*")
_WINDOW = 48


def _may_join(left: str, right: str) -> bool:
    """Whether the edge between ``left`` and ``right`` could fall inside a word: a cheap
    test that spares the regex at the usual edge, a space."""
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    if not (a.isalnum() or a == "_" or a in _JOINERS):
        return False
    return (b.isalnum() or b == "_" or b in _JOINERS) and not (a in _JOINERS and b in _JOINERS)


def _unit_across(left: str, right: str) -> tuple[int, int]:
    """A word straddling the edge: (its chars ending ``left``, its chars starting ``right``)."""
    if not _may_join(left, right):
        return 0, 0
    left, right = left[-_WINDOW:], right[:_WINDOW]
    edge = len(left)
    for match in _UNIT.finditer(left + right):
        if match.start() >= edge:
            break
        if match.end() > edge:
            return edge - match.start(), match.end() - edge
    return 0, 0


def _inside_unit(left: str, right: str) -> int:
    """How many chars at the end of ``left`` belong to a word that runs on into ``right``."""
    return _unit_across(left, right)[0]


def _runs_on(left: str, right: str) -> int:
    """How many chars at the start of ``right`` belong to a word begun in ``left``."""
    return _unit_across(left, right)[1]


class _Hunk:
    __slots__ = ("deleted", "inserted")

    def __init__(self, deleted: str, inserted: str) -> None:
        self.deleted = deleted
        self.inserted = inserted


def snap_to_words(segments: list[Segment]) -> list[Segment]:
    """Grow every hunk until both of its edges fall between words, in both texts."""
    items = _as_items(segments)
    for k, item in enumerate(items):
        if isinstance(item, _Hunk):
            _snap_left(items, k)
            _snap_right(items, k)
    out: list[Segment] = []
    for item in items:
        if isinstance(item, _Hunk):
            out += [Segment(DELETE, item.deleted), Segment(INSERT, item.inserted)]
        else:
            out.append(Segment(EQUAL, item))
    return normalise_segments(out)


def _as_items(segments: list[Segment]) -> list[str | _Hunk]:
    items: list[str | _Hunk] = []
    for op, text in normalise_segments(segments):
        if op == EQUAL:
            items.append(text)
            continue
        last = items[-1] if items else None
        if not isinstance(last, _Hunk):
            last = _Hunk("", "")
            items.append(last)
        if op == DELETE:
            last.deleted += text
        else:
            last.inserted += text
    return items


def _snap_left(items: list[str | _Hunk], k: int) -> None:
    hunk = items[k]
    before = items[k - 1] if k else ""
    if not isinstance(hunk, _Hunk) or not isinstance(before, str) or not before:
        return
    grow = max(
        _inside_unit(before, hunk.deleted + _following_text(items, k)),
        _inside_unit(before, hunk.inserted + _following_text(items, k)),
    )
    if grow:
        taken = before[-grow:]
        items[k - 1] = before[:-grow]
        hunk.deleted = taken + hunk.deleted
        hunk.inserted = taken + hunk.inserted


def _snap_right(items: list[str | _Hunk], k: int) -> None:
    hunk = items[k]
    after = items[k + 1] if k + 1 < len(items) else ""
    if not isinstance(hunk, _Hunk) or not isinstance(after, str) or not after:
        return
    preceding = _preceding_text(items, k)
    grow = max(
        _runs_on(preceding + hunk.deleted, after),
        _runs_on(preceding + hunk.inserted, after),
    )
    if grow:
        # A hunk that swallows all the equal text up to the next one merges with it
        # when the segments are normalised.
        hunk.deleted += after[:grow]
        hunk.inserted += after[:grow]
        items[k + 1] = after[grow:]


def _following_text(items: list[str | _Hunk], k: int) -> str:
    after = items[k + 1] if k + 1 < len(items) else ""
    return after if isinstance(after, str) else ""


def _preceding_text(items: list[str | _Hunk], k: int) -> str:
    before = items[k - 1] if k else ""
    return before if isinstance(before, str) else ""
