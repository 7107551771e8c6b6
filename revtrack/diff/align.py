"""Aligning two sequences of units (paragraphs, or the sentences of a paragraph).

1. Common units at both ends are split off; in the middle each distinct
   whitespace-normalised unit text is mapped to one character and diff-match-patch
   diffs the two character strings (the linesToChars trick, applied to units). Runs of
   equal units come out of this cheaply. "Equal" ignores spacing: a unit of an equal run
   may differ from its twin in whitespace, which callers check.
2. A unit deleted in one changed block whose identical twin is inserted in another is a
   move.
3. Inside each changed block the deleted and inserted units are paired by word
   similarity (rapidfuzz LCS on their words, at least half the words in common) with a
   monotonic dynamic programme that maximises the words kept; for sentences it may also
   merge two old units into one new one, or split one into two.
4. What is still unpaired anywhere, but nearly identical to a unit on the other side
   (80 % of its words), moved and was edited on the way.

The result is a list of ``Link``s in reading order: old units are consumed in old order,
new units in new order, so walking it rebuilds both texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

from revtrack.diff.run import Run, remember
from revtrack.diff.tokens import TokenMap, normalise

__all__ = ["Link", "align", "similar_enough"]

PAIR_FLOOR = 0.5  # share of words two units must have in common to count as one edited
MOVE_FLOOR = 0.8  # ... to count as one unit that moved (and may have been edited)
_FEW = 4

EQUAL, DELETE, INSERT, PAIR = "equal", "delete", "insert", "pair"
MOVE_OUT, MOVE_IN, MERGE, SPLIT = "move-out", "move-in", "merge", "split"


@dataclass(frozen=True, slots=True)
class Link:
    """How old units ``old`` relate to new units ``new``.

    ``equal`` (a run of units) and ``pair`` (one edited unit): one to one;
    ``delete``/``insert``: one side only;
    ``merge``: two old to one new; ``split``: one old to two new; a move appears twice,
    as ``move-out`` where the unit left and ``move-in`` where it arrived.
    """

    kind: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    count: int = 1  # equal only: a run of ``count`` units from old[0] and new[0]


@dataclass(slots=True)
class _Block:
    """A run of deleted and inserted units between two equal runs."""

    old: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


_SENTENCE_LINKS_KEPT = 8192
_Found = tuple[tuple[Link, ...], tuple[int, ...], tuple[int, ...]]
# Sentence links of paragraph pairs, kept across diffs: a history's edited paragraphs
# recur across many version pairs. With the old and new units whose word keys were
# compared, which are looked up again on reuse, so that the token map fills up in the
# same order; reused only while it gives every word its own character, never kept when
# a limit was hit.
_sentence_links: dict[tuple[tuple[str, ...], tuple[str, ...], int], _Found] = {}


def align(
    old: Sequence[str], new: Sequence[str], run: Run, *, merge_split: bool = False
) -> list[Link]:
    """Links between ``old`` and ``new`` units, in reading order."""
    if not merge_split:
        return _align(old, new, run, merge_split=False)[0]
    key = (tuple(old), tuple(new), run.limits.max_pair_cells)
    found = _sentence_links.get(key)
    if found is not None:
        for i in found[1]:
            run.word_key(old[i])
        for j in found[2]:
            run.word_key(new[j])
        if not run.tokens.overflowed:
            return list(found[0])
    degradations = run.degradations
    links, keyed_old, keyed_new = _align(old, new, run, merge_split=True)
    if run.degradations == degradations and not run.tokens.overflowed:
        remember(_sentence_links, key, (tuple(links), keyed_old, keyed_new), _SENTENCE_LINKS_KEPT)
    return links


def _align(
    old: Sequence[str], new: Sequence[str], run: Run, *, merge_split: bool
) -> tuple[list[Link], tuple[int, ...], tuple[int, ...]]:
    """The links, and the old and new units whose word keys were looked up, in order."""
    head = _common_head(old, new)
    tail = _common_tail(old, new, head)
    old_keys, new_keys = _normalised(old, head, tail), _normalised(new, head, tail)
    entries = _diff_keys(old_keys, new_keys, head, tail, run)
    blocks = [e for e in entries if isinstance(e, _Block)]
    if not blocks:
        return [e for e in entries if isinstance(e, Link)], (), ()
    word_keys = (_word_keys(old, blocks, "old", run), _word_keys(new, blocks, "new", run))
    keyed_old = tuple(i for block in blocks for i in block.old)
    keyed_new = tuple(j for block in blocks for j in block.new)
    keys = _Keys(*word_keys, merge_split)
    moves = _exact_moves(blocks, old_keys, new_keys) if len(blocks) > 1 else {}
    for block in blocks:
        _pair_block(block, moves, keys, run)
    moves.update(_near_moves(blocks, moves, keys, run))
    return _in_reading_order(entries, moves), keyed_old, keyed_new


def _word_keys(texts: Sequence[str], blocks: list[_Block], side: str, run: Run) -> list[str]:
    """Word keys of the units in changed blocks (others are never compared)."""
    keys = [""] * len(texts)
    for block in blocks:
        for k in block.old if side == "old" else block.new:
            keys[k] = run.word_key(texts[k])
    return keys


def _normalised(texts: Sequence[str], head: int, tail: int) -> list[str]:
    """Alignment keys, spacing-blind (the common ends are never compared again)."""
    keys = list(texts)
    for k in range(head, len(texts) - tail):
        keys[k] = normalise(texts[k])
    return keys


def _diff_keys(
    old: Sequence[str], new: Sequence[str], head: int, tail: int, run: Run
) -> list[Link | _Block]:
    """Equal runs and changed blocks: the common ends, then dmp on the middle."""
    entries: list[Link | _Block] = []
    if head:
        entries.append(Link(EQUAL, (0,), (0,), head))
    old_end, new_end = len(old) - tail, len(new) - tail
    i, j = head, head
    for a, b, count in _equal_runs(old, new, (head, old_end), (head, new_end), run):
        if a > i or b > j:
            entries.append(_Block(list(range(i, a)), list(range(j, b))))
        _add_equal(entries, a, b, count)
        i, j = a + count, b + count
    if i < old_end or j < new_end:
        entries.append(_Block(list(range(i, old_end)), list(range(j, new_end))))
    if tail:
        _add_equal(entries, old_end, new_end, tail)
    return entries


def _add_equal(entries: list[Link | _Block], i: int, j: int, count: int) -> None:
    last = entries[-1] if entries else None
    if isinstance(last, Link) and last.old[0] + last.count == i and last.new[0] + last.count == j:
        entries[-1] = Link(EQUAL, last.old, last.new, last.count + count)
    else:
        entries.append(Link(EQUAL, (i,), (j,), count))


def _common_head(old: Sequence[str], new: Sequence[str]) -> int:
    """Units equal at the start: by identity first (fast), then ignoring spacing."""
    n, limit = 0, min(len(old), len(new))
    while n < limit and (old[n] == new[n] or normalise(old[n]) == normalise(new[n])):
        n += 1
    return n


def _common_tail(old: Sequence[str], new: Sequence[str], head: int) -> int:
    n, limit = 0, min(len(old), len(new)) - head
    while n < limit:
        a, b = old[len(old) - 1 - n], new[len(new) - 1 - n]
        if a != b and normalise(a) != normalise(b):
            break
        n += 1
    return n


def _equal_runs(
    old: Sequence[str],
    new: Sequence[str],
    old_range: tuple[int, int],
    new_range: tuple[int, int],
    run: Run,
) -> list[tuple[int, int, int]]:
    """(old start, new start, length) of the runs dmp finds equal inside the ranges.

    A unit found on one side only can never be part of an equal run, so dmp sees only
    the units both sides share: on a far pair its cost then grows with the number of
    moved units, not with the number of changed ones.
    """
    old_ids, new_ids = range(*old_range), range(*new_range)
    shared = {old[i] for i in old_ids}.intersection(new[j] for j in new_ids)
    if not shared:
        return []
    old_kept = [i for i in old_ids if old[i] in shared]
    new_kept = [j for j in new_ids if new[j] in shared]
    chars = TokenMap()
    run.align_differ.timed_out = False
    diffs = run.align_differ.diff_chars(
        chars.encode([old[i] for i in old_kept]), chars.encode([new[j] for j in new_kept])
    )
    if run.align_differ.timed_out:
        run.degrade(f"aligning units hit the {run.limits.align_timeout:g} s timeout")
    runs: list[tuple[int, int, int]] = []
    a = b = 0
    for op, text in diffs:
        if op == 0:
            for i, j in zip(old_kept[a : a + len(text)], new_kept[b : b + len(text)], strict=True):
                last = runs[-1] if runs else None
                if last and last[0] + last[2] == i and last[1] + last[2] == j:
                    runs[-1] = (last[0], last[1], last[2] + 1)
                else:
                    runs.append((i, j, 1))
        a += len(text) if op <= 0 else 0
        b += len(text) if op >= 0 else 0
    return runs


def _exact_moves(
    blocks: list[_Block], old_keys: Sequence[str], new_keys: Sequence[str]
) -> dict[int, int]:
    """old index -> new index for units deleted in one block and inserted in another."""
    deleted: dict[str, list[tuple[int, int]]] = {}
    for b, block in enumerate(blocks):
        for i in block.old:
            deleted.setdefault(old_keys[i], []).append((b, i))
    moves: dict[int, int] = {}
    for b, block in enumerate(blocks):
        for j in block.new:
            candidates = deleted.get(new_keys[j])
            if not candidates:
                continue
            for k, (source_block, i) in enumerate(candidates):
                if source_block != b:
                    moves[i] = j
                    del candidates[k]
                    break
    return moves


def similar_enough(a: str, b: str) -> bool:
    """Whether two units share enough words to count as one edited unit."""
    return a == b or bool(a and Indel.normalized_similarity(a, b, score_cutoff=PAIR_FLOOR))


def _similar(query: str, choices: Sequence[str], floor: float) -> list[tuple[int, int]]:
    """(choice index, words in common) for the choices sharing ``floor`` of their words."""
    if not query:
        return []
    if len(choices) <= _FEW:  # process.extract's set-up costs more than a few calls
        scores = [Indel.normalized_similarity(query, c, score_cutoff=floor) for c in choices]
        found = [("", score, k) for k, score in enumerate(scores) if score]
    else:
        found = process.extract(
            query, choices, scorer=Indel.normalized_similarity, score_cutoff=floor, limit=None
        )
    # Indel similarity is 2 * LCS / (len a + len b): turn it back into the words kept.
    return [(k, round(score * (len(query) + len(choices[k])) / 2)) for _, score, k in found]


def _pair_block(block: _Block, moves: dict[int, int], keys: _Keys, run: Run) -> None:
    moved_in = set(moves.values())
    old = [i for i in block.old if i not in moves]
    new = [j for j in block.new if j not in moved_in]
    if not old or not new:
        return
    if len(old) * len(new) > run.limits.max_pair_cells:
        run.degrade(
            f"a changed block of {len(old)} x {len(new)} units was too large to pair "
            "by similarity; it is shown as deleted and inserted"
        )
        return
    if keys.merge_split:
        block.links = _dense_links(old, new, keys)
    else:
        block.links = _sparse_links(old, new, keys)


@dataclass(slots=True)
class _Keys:
    """The word keys of both sides' units, and whether merges and splits are looked for."""

    old: list[str]
    new: list[str]
    merge_split: bool


def _sparse_links(old: list[int], new: list[int], keys: _Keys) -> list[Link]:
    """The monotonic set of pairs keeping the most words: O(K log n) over K candidates.

    Candidates come from rapidfuzz's C loop; a Fenwick tree holds, for each prefix of
    the new units, the best chain of pairs ending there.
    """
    choices = [keys.new[j] for j in new]
    tree: list[tuple[int, int]] = [(0, -1)] * (len(new) + 1)
    chains: list[tuple[int, int, int]] = []  # (old pos, new pos, previous chain or -1)
    best = (0, -1)
    for a, i in enumerate(old):
        row = []
        for b, kept in _similar(keys.old[i], choices, PAIR_FLOOR):
            value, previous = _prefix_best(tree, b)
            row.append((b + 1, (value + kept, len(chains))))
            chains.append((a, b, previous))
        for position, entry in row:
            best = max(best, entry)
            _raise(tree, position, entry)
    links = []
    at = best[1]
    while at >= 0:
        a, b, at = chains[at]
        links.append(Link(PAIR, (old[a],), (new[b],)))
    return links[::-1]


def _prefix_best(tree: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The best (value, chain) among new positions before ``position`` (0-based)."""
    found = (0, -1)
    while position > 0:
        found = max(found, tree[position])
        position -= position & -position
    return found


def _raise(tree: list[tuple[int, int]], position: int, entry: tuple[int, int]) -> None:
    while position < len(tree):
        if entry > tree[position]:
            tree[position] = entry
        position += position & -position


_Step = tuple[str, int, int]  # link kind, and the DP cell it extends


def _dense_links(old: list[int], new: list[int], keys: _Keys) -> list[Link]:
    """Like ``_sparse_links``, plus merges and splits; for the few sentences of a block."""
    choices = [keys.new[j] for j in new]
    pairs = {
        (a, b): kept
        for a, i in enumerate(old)
        for b, kept in _similar(keys.old[i], choices, PAIR_FLOOR)
    }
    rows, cols = len(old), len(new)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    step: list[list[_Step | None]] = [[None] * (cols + 1) for _ in range(rows + 1)]
    for a in range(1, rows + 1):
        for b in range(1, cols + 1):
            value, choice = max(best[a - 1][b], best[a][b - 1]), None
            for gain, kind, back_a, back_b in _candidates(old, new, a, b, pairs, keys):
                if gain and best[back_a][back_b] + gain > value:
                    value, choice = best[back_a][back_b] + gain, (kind, back_a, back_b)
            best[a][b], step[a][b] = value, choice
    return _backtrack(best, step, old, new)


def _candidates(
    old: list[int], new: list[int], a: int, b: int, pairs: dict[tuple[int, int], int], keys: _Keys
) -> list[tuple[int, str, int, int]]:
    """(words kept, kind, DP cell extended) for a pair, merge or split ending at (a, b)."""
    i, j = old[a - 1], new[b - 1]
    found = [(pairs.get((a - 1, b - 1), 0), PAIR, a - 1, b - 1)]
    if a >= 2 and old[a - 2] == i - 1:
        gain = _joined_gain(keys.new[j], (keys.old[i - 1], keys.old[i]))
        found.append((gain, MERGE, a - 2, b - 1))
    if b >= 2 and new[b - 2] == j - 1:
        gain = _joined_gain(keys.old[i], (keys.new[j - 1], keys.new[j]))
        found.append((gain, SPLIT, a - 1, b - 2))
    return found


def _backtrack(
    best: list[list[int]], step: list[list[_Step | None]], old: list[int], new: list[int]
) -> list[Link]:
    links: list[Link] = []
    a, b = len(old), len(new)
    while a and b:
        chosen = step[a][b]
        if chosen is None:
            if best[a][b] == best[a - 1][b]:
                a -= 1
            else:
                b -= 1
            continue
        kind, back_a, back_b = chosen
        links.append(Link(kind, tuple(old[back_a:a]), tuple(new[back_b:b])))
        a, b = back_a, back_b
    return links[::-1]


def _joined_gain(whole: str, parts: tuple[str, str]) -> int:
    """Words kept when ``whole`` is matched with both parts together, if clearly better."""
    joined = parts[0] + parts[1]
    if not whole or not Indel.normalized_similarity(whole, joined, score_cutoff=PAIR_FLOOR):
        return 0
    kept = int(LCSseq.similarity(whole, joined))
    best_single = max(LCSseq.similarity(whole, p) for p in parts)
    # Only when both parts clearly come from the whole: an appended new sentence shares
    # a word or two by chance, a real split shares most of the smaller part.
    margin = max(3, -(-min(len(p) for p in parts) // 2))
    return kept if kept - best_single >= margin else 0


def _near_moves(
    blocks: list[_Block], moves: dict[int, int], keys: _Keys, run: Run
) -> dict[int, int]:
    """Unpaired units nearly identical to an unpaired unit elsewhere: moved and edited."""
    paired_old = {i for block in blocks for link in block.links for i in link.old} | set(moves)
    paired_new = {j for block in blocks for link in block.links for j in link.new}
    paired_new |= set(moves.values())
    old = [i for block in blocks for i in block.old if i not in paired_old]
    new = [j for block in blocks for j in block.new if j not in paired_new]
    if not old or not new:
        return {}
    if len(old) * len(new) > run.limits.max_pair_cells:
        run.degrade(f"{len(old)} x {len(new)} unpaired units were too many to look for moves")
        return {}
    choices = [keys.new[j] for j in new]
    candidates = sorted(
        (-kept, i, new[b]) for i in old for b, kept in _similar(keys.old[i], choices, MOVE_FLOOR)
    )
    found: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in candidates:
        if i not in found and j not in taken:
            found[i] = j
            taken.add(j)
    return found


def _in_reading_order(entries: list[Link | _Block], moves: dict[int, int]) -> list[Link]:
    out: list[Link] = []
    moved_in = {j: i for i, j in moves.items()}
    for entry in entries:
        if isinstance(entry, Link):
            out.append(entry)
        else:
            out += _block_order(entry, moves, moved_in)
    return out


def _block_order(block: _Block, moves: dict[int, int], moved_in: dict[int, int]) -> list[Link]:
    """Between two sync points (pairs), old-side units first, then new-side ones."""
    linked_old = {i for link in block.links for i in link.old}
    linked_new = {j for link in block.links for j in link.new}
    singles_old = [
        Link(MOVE_OUT, (i,), (moves[i],)) if i in moves else Link(DELETE, (i,), ())
        for i in block.old
        if i not in linked_old
    ]
    singles_new = [
        Link(MOVE_IN, (moved_in[j],), (j,)) if j in moved_in else Link(INSERT, (), (j,))
        for j in block.new
        if j not in linked_new
    ]
    out: list[Link] = []
    for sync in [*block.links, None]:
        old_limit = sync.old[0] if sync else None
        new_limit = sync.new[0] if sync else None
        while singles_old and (old_limit is None or singles_old[0].old[0] < old_limit):
            out.append(singles_old.pop(0))
        while singles_new and (new_limit is None or singles_new[0].new[0] < new_limit):
            out.append(singles_new.pop(0))
        if sync:
            out.append(sync)
    return out
