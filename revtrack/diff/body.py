"""Paragraph ops for a sequence of paragraphs: aligned, then sentence by sentence.

Paragraphs are aligned first (``align``); each edited or moved-and-edited pair is split
into sentences and aligned again, with merges and splits; each sentence pair gets a
word diff. The paragraph's own word diff is stitched together from its sentences' diffs
and the whitespace between them, so it is exact without diffing the paragraph twice.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from revtrack.diff import align as links
from revtrack.diff.changeset import ParagraphOp, SentenceOp
from revtrack.diff.labels import (
    Label,
    Spans,
    classify_change,
    has_fact,
    looks_like_correction,
    ordered,
    spans_within,
)
from revtrack.diff.run import Run
from revtrack.diff.sentences import Sentence, quote_spans, split_sentences
from revtrack.diff.tokens import normalise
from revtrack.diff.words import DELETE, EQUAL, INSERT, Segment, normalise_segments

__all__ = ["diff_paragraphs"]

ADDITION, DELETION, EDIT, MOVE = "addition", "deletion", "edit", "move"


def diff_paragraphs(old: Sequence[str], new: Sequence[str], run: Run) -> list[ParagraphOp]:
    """Ops turning paragraphs ``old`` into ``new``, in the new version's reading order."""
    if tuple(old) == tuple(new):
        return [_equal_run(0, 0, tuple(old))] if old else []
    ops: list[ParagraphOp] = []
    for link in links.align(old, new, run):
        if link.kind == links.EQUAL:
            ops += _equal_ops(link, old, new, run)
        else:
            op = _paragraph_op(link, old, new, run)
            if op is not None:
                ops.append(op)
    return move_sentences_between(ops)


def _equal_ops(
    link: links.Link, old: Sequence[str], new: Sequence[str], run: Run
) -> list[ParagraphOp]:
    """An equal run; paragraphs whose spacing differs become (unlabelled) edits."""
    i, j, count = link.old[0], link.new[0], link.count
    if old[i : i + count] == new[j : j + count]:
        return [_equal_run(i, j, tuple(old[i : i + count]))]
    ops: list[ParagraphOp] = []
    start = 0
    for k in range(count + 1):
        if k < count and old[i + k] == new[j + k]:
            continue
        if k > start:
            ops.append(_equal_run(i + start, j + start, tuple(old[i + start : i + k])))
        if k < count:
            ops.append(_edited("edit", i + k, j + k, old[i + k], new[j + k], run))
        start = k + 1
    return ops


def _paragraph_op(
    link: links.Link, old: Sequence[str], new: Sequence[str], run: Run
) -> ParagraphOp | None:
    kind = link.kind
    if kind == links.MOVE_OUT:
        return None  # recorded where the paragraph arrived
    if kind == links.DELETE:
        i = link.old[0]
        return _whole("delete", i, None, old[i], _sentence_ops(DELETION, i, old[i]))
    if kind == links.INSERT:
        j = link.new[0]
        return _whole("insert", None, j, new[j], _sentence_ops(ADDITION, j, new[j]))
    i, j = link.old[0], link.new[0]
    if old[i] == new[j]:
        if kind == links.MOVE_IN:
            return _whole("move", i, j, old[i], _moved_sentences(i, j, old[i]))
        return _equal_run(i, j, (old[i],))
    op = "move" if kind == links.MOVE_IN else "edit"
    return _edited(op, i, j, old[i], new[j], run)


def _equal_run(i: int, j: int, texts: tuple[str, ...]) -> ParagraphOp:
    return ParagraphOp("equal", i, j, count=len(texts), texts=texts)


def _whole(
    op: str, i: int | None, j: int | None, text: str, sentences: list[SentenceOp]
) -> ParagraphOp:
    labels = {label for s in sentences for label in s.labels}
    if op != "move" and _is_correction(text):
        labels.add(Label.CORRECTION)
    before = text if op in ("delete", "move") else ""
    after = text if op in ("insert", "move") else ""
    return ParagraphOp(op, i, j, before, after, (), tuple(sentences), ordered(labels))


def _sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def _sentence_ops(action: str, paragraph: int, text: str) -> list[SentenceOp]:
    ops = []
    for k, (sentence, labels) in enumerate(_labelled_sentences(text)):
        position = ((paragraph, k),)
        if action == ADDITION:
            ops.append(SentenceOp(action, (), position, "", sentence, (), labels))
        else:
            ops.append(SentenceOp(action, position, (), sentence, "", (), labels))
    return ops


# Labelling is pure, and a history's paragraphs and sentences recur across many version
# pairs (a far pair is mostly whole paragraphs added and deleted): cached across diffs.
_CACHE = 16384


@functools.lru_cache(maxsize=_CACHE)
def _labelled_sentences(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each sentence of a whole added or deleted paragraph, with its labels."""
    quotes = quote_spans(text)
    found = []
    for s in split_sentences(text):
        sentence = text[s.start : s.end]
        fact = has_fact(sentence, spans_within(quotes, s.start, s.end))
        found.append((sentence, (Label.FACT,) if fact else ()))
    return tuple(found)


_is_correction = functools.lru_cache(maxsize=_CACHE)(looks_like_correction)


@functools.lru_cache(maxsize=_CACHE)
def _quotes(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(quote_spans(text))


@functools.lru_cache(maxsize=_CACHE)
def _has_fact(text: str, quotes: tuple[tuple[int, int], ...]) -> bool:
    return has_fact(text, quotes)


@functools.lru_cache(maxsize=_CACHE)
def _classify(
    words: tuple[Segment, ...],
    old_quotes: tuple[tuple[int, int], ...],
    new_quotes: tuple[tuple[int, int], ...],
) -> str | None:
    return classify_change(words, old_quotes, new_quotes)


def _moved_sentences(i: int, j: int, text: str) -> list[SentenceOp]:
    return [
        SentenceOp(MOVE, ((i, k),), ((j, k),), sentence, sentence)
        for k, sentence in enumerate(_sentence_texts(text))
    ]


# -- one edited paragraph ------------------------------------------------------------


@dataclass(slots=True)
class _Side:
    """A paragraph split into sentences, the whitespace around them, and its quotes."""

    index: int
    text: str
    spans: list[Sentence]
    lead: str
    gaps: list[str]
    quotes: Spans

    @classmethod
    def of(cls, index: int, text: str) -> _Side:
        spans = list(split_sentences(text))
        if not spans:
            return cls(index, text, [], text, [], [])
        gaps = [text[a.end : b.start] for a, b in pairwise(spans)]
        gaps.append(text[spans[-1].end :])
        return cls(index, text, spans, text[: spans[0].start], gaps, _quotes(text))

    def sentence(self, k: int) -> str:
        return self.text[self.spans[k].start : self.spans[k].end]

    def joined(self, ks: tuple[int, ...]) -> str:
        """Neighbouring sentences with the whitespace between them."""
        return self.text[self.spans[ks[0]].start : self.spans[ks[-1]].end]

    def quotes_of(self, ks: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        if not self.quotes:
            return ()
        return tuple(spans_within(self.quotes, self.spans[ks[0]].start, self.spans[ks[-1]].end))

    def positions(self, ks: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        return tuple((self.index, k) for k in ks)


@dataclass(slots=True)
class _Builder:
    old: _Side
    new: _Side
    run: Run
    moved: bool  # the paragraph moved: every sentence it keeps moved with it
    segments: list[Segment] = field(default_factory=list)
    sentences: list[SentenceOp] = field(default_factory=list)

    def whitespace(self, old: str, new: str) -> None:
        if old == new:
            self.segments.append(Segment(EQUAL, old))
        else:
            self.segments += [Segment(DELETE, old), Segment(INSERT, new)]

    def link(self, link: links.Link) -> None:
        old, new = self.old, self.new
        if link.kind in (links.DELETE, links.MOVE_OUT):
            k = link.old[0]
            self.segments.append(Segment(DELETE, old.sentence(k) + old.gaps[k]))
            if link.kind == links.DELETE:
                self._add(DELETION, link.old, (), ())
            return
        if link.kind in (links.INSERT, links.MOVE_IN):
            k = link.new[0]
            self.segments.append(Segment(INSERT, new.sentence(k) + new.gaps[k]))
            if link.kind == links.INSERT:
                self._add(ADDITION, (), link.new, ())
            else:
                words = self.run.words(old.sentence(link.old[0]), new.sentence(k))
                self._add(MOVE, link.old, link.new, tuple(words))
            return
        if link.kind == links.EQUAL:
            for k in range(link.count):
                self._linked(links.Link(links.PAIR, (link.old[0] + k,), (link.new[0] + k,)))
            return
        self._linked(link)

    def _linked(self, link: links.Link) -> None:
        """Sentences on both sides: equal, edited, merged or split (and maybe moved)."""
        old, new = self.old.joined(link.old), self.new.joined(link.new)
        words = self.run.words(old, new)
        self.segments += words
        self.whitespace(self.old.gaps[link.old[-1]], self.new.gaps[link.new[-1]])
        if link.kind == links.PAIR and self.moved:
            self._add(MOVE, link.old, link.new, tuple(words) if old != new else ())
        elif normalise(old) != normalise(new):
            action = {links.PAIR: EDIT, links.MERGE: "merge", links.SPLIT: "split"}[link.kind]
            self._add(action, link.old, link.new, tuple(words))

    def _add(
        self, action: str, old: tuple[int, ...], new: tuple[int, ...], words: tuple[Segment, ...]
    ) -> None:
        before = self.old.joined(old) if old else ""
        after = self.new.joined(new) if new else ""
        self.sentences.append(
            SentenceOp(
                action=action,
                old=self.old.positions(old),
                new=self.new.positions(new),
                before=before,
                after=after,
                words=words,
                labels=self._labels(action, old, new, words),
            )
        )

    def _labels(
        self, action: str, old: tuple[int, ...], new: tuple[int, ...], words: tuple[Segment, ...]
    ) -> tuple[str, ...]:
        if action == DELETION:
            return (Label.FACT,) if _has_fact(self.old.joined(old), self.old.quotes_of(old)) else ()
        if action == ADDITION:
            return (Label.FACT,) if _has_fact(self.new.joined(new), self.new.quotes_of(new)) else ()
        if not words:
            return ()
        kind = _classify(words, self.old.quotes_of(old), self.new.quotes_of(new))
        return (kind,) if kind else ()


def _sentence_links(old: list[str], new: list[str], run: Run) -> list[links.Link]:
    """How the sentences of two versions of a paragraph relate."""
    if len(old) == len(new) == 1:
        # One sentence each, the most common paragraph in news: no alignment to run.
        if links.similar_enough(run.word_key(old[0]), run.word_key(new[0])):
            return [links.Link(links.PAIR, (0,), (0,))]
        return [links.Link(links.DELETE, (0,), ()), links.Link(links.INSERT, (), (0,))]
    return links.align(old, new, run, merge_split=True)


def _edited(op: str, i: int, j: int, old_text: str, new_text: str, run: Run) -> ParagraphOp:
    builder = _Builder(_Side.of(i, old_text), _Side.of(j, new_text), run, moved=op == "move")
    builder.whitespace(builder.old.lead, builder.new.lead)
    old_sentences = [builder.old.sentence(k) for k in range(len(builder.old.spans))]
    new_sentences = [builder.new.sentence(k) for k in range(len(builder.new.spans))]
    for link in _sentence_links(old_sentences, new_sentences, run):
        builder.link(link)
    labels = {label for s in builder.sentences for label in s.labels}
    if builder.sentences and (_is_correction(old_text) or _is_correction(new_text)):
        labels.add(Label.CORRECTION)  # sentences: more than spacing changed
    return ParagraphOp(
        op=op,
        old=i,
        new=j,
        before=old_text,
        after=new_text,
        words=tuple(normalise_segments(builder.segments)),
        sentences=tuple(builder.sentences),
        labels=ordered(labels),
    )


# -- sentences that moved from one paragraph to another ---------------------------------


def move_sentences_between(ops: list[ParagraphOp]) -> list[ParagraphOp]:
    """A sentence deleted from one paragraph and added to another moved.

    Matched on whitespace-normalised text; near-identical sentences are matched as moves
    only inside one paragraph (by ``align``), where pairing is cheap.
    """
    deleted: dict[str, list[tuple[int, int]]] = {}
    for p, op in enumerate(ops):
        for s, sentence in enumerate(op.sentences):
            if sentence.action == DELETION:
                deleted.setdefault(normalise(sentence.before), []).append((p, s))
    if not deleted:
        return ops
    changed: dict[int, dict[int, SentenceOp | None]] = {}
    for p, op in enumerate(ops):
        for s, sentence in enumerate(op.sentences):
            if sentence.action != ADDITION:
                continue
            source = _take_source(deleted.get(normalise(sentence.after)), p)
            if source is None:
                continue
            gone = ops[source[0]].sentences[source[1]]
            changed.setdefault(source[0], {})[source[1]] = None
            moved = SentenceOp(MOVE, gone.old, sentence.new, gone.before, sentence.after)
            changed.setdefault(p, {})[s] = moved
    return [_with_sentences(op, changed.get(p)) for p, op in enumerate(ops)]


def _take_source(
    candidates: list[tuple[int, int]] | None, paragraph: int
) -> tuple[int, int] | None:
    """The first deletion from another paragraph (one in the same one is not a move)."""
    for k, (p, _) in enumerate(candidates or ()):
        if p != paragraph and candidates is not None:
            return candidates.pop(k)
    return None


def _with_sentences(op: ParagraphOp, changes: dict[int, SentenceOp | None] | None) -> ParagraphOp:
    if not changes:
        return op
    sentences = tuple(
        new for k, s in enumerate(op.sentences) for new in [changes.get(k, s)] if new is not None
    )
    labels = {label for s in sentences for label in s.labels}
    labels |= {label for label in op.labels if label == Label.CORRECTION}
    return replace(op, sentences=sentences, labels=ordered(labels))
