"""``diff_articles``: two versions of an article in, one labelled ChangeSet out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from revtrack.article import Article
from revtrack.diff.body import ADDITION, DELETION, MOVE, diff_paragraphs
from revtrack.diff.changeset import ChangeSet, Counts, FieldChange, ParagraphOp, SentenceOp
from revtrack.diff.fields import diff_fields
from revtrack.diff.labels import CONTEXT_LABELS, Label, ordered
from revtrack.diff.run import DEFAULT_LIMITS, Limits, Run
from revtrack.diff.tokens import WORD
from revtrack.diff.words import DELETE, INSERT

__all__ = ["diff_articles"]

_PARAGRAPH_COUNTS = {
    "equal": "paragraphs_unchanged",
    "insert": "paragraphs_added",
    "delete": "paragraphs_deleted",
    "edit": "paragraphs_edited",
    "move": "paragraphs_moved",
}
_SENTENCE_COUNTS = {
    "addition": "sentences_added",
    "deletion": "sentences_deleted",
    "edit": "sentences_edited",
    "move": "sentences_moved",
    "merge": "sentences_merged",
    "split": "sentences_split",
}


def diff_articles(
    before: Article,
    after: Article,
    *,
    context: Iterable[str] = (),
    limits: Limits = DEFAULT_LIMITS,
) -> ChangeSet:
    """Every edit from ``before`` to ``after``, labelled and counted.

    ``context`` carries what only the caller knows from the story's history, as labels
    added to the ChangeSet: ``"flip-flop"`` (``after`` equals an earlier, non-adjacent
    version), ``"removed"`` (``after`` is the last version before the page went),
    ``"restored"`` (``after`` was captured as the page came back); which versions get
    them is decided in one place, ``revtrack.history.changes.history_labels``.
    ``limits`` bounds the work; a ChangeSet that hit one says so (``degraded``).
    """
    extra = _context_labels(context)
    run = Run(limits)
    fields = tuple(diff_fields(before, after, run))
    body = diff_paragraphs(before.paragraphs, after.paragraphs, run)
    if _is_silent(before, after, fields, body):
        fields = tuple(_mark_silent_field(change) for change in fields)
        body = [_mark_silent(op) for op in body]
    labels = {label for change in fields for label in change.labels}
    labels |= {label for op in body for label in op.labels}
    return ChangeSet(fields, tuple(body), ordered(labels | extra), _counts(body, run), run.finish())


def _context_labels(context: Iterable[str]) -> set[str]:
    given = set(context)
    unknown = given - CONTEXT_LABELS
    if unknown:
        allowed = ", ".join(sorted(CONTEXT_LABELS))
        raise ValueError(f"unknown context label(s) {sorted(unknown)}; allowed: {allowed}")
    return given


# -- silent edits ---------------------------------------------------------------------

# Fields a reader reads as the story: a fact changed in one of them is an edit like one
# in the body (a headline rewritten with a new toll, unstamped, is the classic silent
# edit). Stamps, URL and metadata are not edits of what the story says.
_STORY_FIELDS = frozenset({"headline", "dek", "byline", "highlights"})


def _substantive(sentence: SentenceOp) -> bool:
    """A fact changed, or a sentence came, went or moved (style edits are not enough)."""
    return Label.FACT in sentence.labels or sentence.action in (ADDITION, DELETION, MOVE)


def _substantive_field(change: FieldChange) -> bool:
    return change.field in _STORY_FIELDS and Label.FACT in change.labels


def _is_silent(
    before: Article, after: Article, fields: Sequence[FieldChange], body: Sequence[ParagraphOp]
) -> bool:
    """A substantive edit (body or story field) with the same "Updated" stamp, no notice.

    The stamp compared is the page's own instant (``Article.updated``); a page with no
    stamp at all never announces an edit, so its substantive edits are silent too.
    """
    if before.updated != after.updated:
        return False
    if any(Label.CORRECTION in change.labels for change in fields):
        return False
    if any(Label.CORRECTION in op.labels for op in body):
        return False
    if any(_substantive_field(change) for change in fields):
        return True
    return any(_substantive(s) for op in body for s in op.sentences)


def _mark_silent_field(change: FieldChange) -> FieldChange:
    if not _substantive_field(change):
        return change
    items = tuple(_mark_silent(op) for op in change.items)
    return replace(change, items=items, labels=ordered({*change.labels, Label.SILENT}))


def _mark_silent(op: ParagraphOp) -> ParagraphOp:
    if not any(_substantive(s) for s in op.sentences):
        return op
    sentences = tuple(
        replace(s, labels=ordered({*s.labels, Label.SILENT})) if _substantive(s) else s
        for s in op.sentences
    )
    return replace(op, sentences=sentences, labels=ordered({*op.labels, Label.SILENT}))


# -- counts ---------------------------------------------------------------------------


def _counts(body: Sequence[ParagraphOp], run: Run) -> Counts:
    tally: Counter[str] = Counter()
    for op in body:
        tally[_PARAGRAPH_COUNTS[op.op]] += op.count
        for sentence in op.sentences:
            tally[_SENTENCE_COUNTS[sentence.action]] += 1
        # Whole paragraphs were keyed by their words to be paired: count from the cache.
        if op.op == "insert":
            tally["words_added"] += len(run.word_key(op.after))
        elif op.op == "delete":
            tally["words_removed"] += len(run.word_key(op.before))
        for segment in op.words:
            if segment.op == INSERT:
                tally["words_added"] += len(WORD.findall(segment.text))
            elif segment.op == DELETE:
                tally["words_removed"] += len(WORD.findall(segment.text))
    return Counts(**tally)
