"""The ChangeSet: every edit between two versions of an article, labelled.

JSON shape (``ChangeSet.to_json()``, schema ``revtrack.changeset/1``). Every object
always has all of its keys; absent values are ``null``, ``""`` or ``[]``::

    {
      "schema": "revtrack.changeset/1",
      "labels": ["fact", "headline", ...],   # fixed order: fact style headline
                                             # correction silent flip-flop removed restored
      "degraded": false,                     # true: a limit was hit, see the reasons
      "degraded_reasons": [],
      "counts": {                            # body only
        "words_added": 3, "words_removed": 1,
        "sentences_added": 1, "sentences_deleted": 0, "sentences_edited": 2,
        "sentences_moved": 0, "sentences_merged": 0, "sentences_split": 0,
        "paragraphs_added": 1, "paragraphs_deleted": 0, "paragraphs_edited": 2,
        "paragraphs_moved": 0, "paragraphs_unchanged": 14
      },
      "fields": [                            # changed fields only, in a fixed order:
        {                                    # headline dek byline updated updated_text
          "field": "headline",               # highlights corrections published url
          "kind": "text",                    # language site
          "before": "...", "after": "...",   # "text": word diff; "value": whole value
          "words": [["=", "Strikes kill "], ["-", "1"], ["+", "3"]],
          "items": [],
          "labels": ["fact", "headline"]
        },
        {"field": "updated", "kind": "value", "before": "2024-03-14T06:30:00+00:00",
         "after": "...", "words": [["-", "..."], ["+", "..."]], "items": [], "labels": []},
        {"field": "corrections", "kind": "items",   # before/after: lists of strings
         "before": [], "after": ["An earlier version ..."], "words": [],
         "items": [<paragraph op>, ...], "labels": ["correction"]}
      ],
      "body": [<paragraph op>, ...]          # in reading order of the new version
    }

    paragraph op (also one item of a list field):
    {
      "op": "equal" | "insert" | "delete" | "edit" | "move",
      "old": 3 | null, "new": 4 | null,      # 0-based paragraph indices
      "count": 1,                            # equal: a run, old[3:3+count] == new[4:4+count]
      "before": "..." | null,                # old text (null for equal and insert)
      "after": "..." | null,                 # new text (null for equal and delete)
      "words": [[op, text], ...],            # edit, and move with edits: the word diff
      "sentences": [<sentence op>, ...],     # what changed, sentence by sentence
      "labels": [...]
    }

    sentence op (NewsEdits actions):
    {
      "action": "addition" | "deletion" | "edit" | "move" | "merge" | "split",
      "old": [[paragraph, sentence], ...],   # 0-based; two entries for a merge
      "new": [[paragraph, sentence], ...],   # two entries for a split
      "before": "...", "after": "...",       # "" on the side that has none
      "words": [[op, text], ...],            # for edit, merge, split and edited moves
      "labels": [...]
    }

A word diff is a list of ``[op, text]`` pairs: ``"="`` text in both versions, ``"-"``
only in the old one, ``"+"`` only in the new one; hunks are whole words, deletions
first. Joining ``=`` and ``-`` texts gives the old text, ``=`` and ``+`` the new one. A
moved paragraph appears once, at its new place, with its old index. Unchanged
paragraphs come as runs (one ``equal`` op, ``count`` paragraphs) and carry no text in
JSON: read it from the old version (in Python, ``ParagraphOp.texts`` has it).
``apply_changeset`` (and the same steps on the JSON) rebuilds the new version from the
old one and this.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from revtrack.diff.words import Segment

__all__ = [
    "SCHEMA",
    "ChangeSet",
    "Counts",
    "FieldChange",
    "FieldValue",
    "ParagraphOp",
    "SentenceOp",
]

SCHEMA = "revtrack.changeset/1"

FieldValue = str | tuple[str, ...]
Position = tuple[int, int]  # (paragraph, sentence), both 0-based


def _words_json(words: tuple[Segment, ...]) -> list[list[str]]:
    return [[op, text] for op, text in words]


def _words_from(data: list[list[str]]) -> tuple[Segment, ...]:
    return tuple(Segment(op, text) for op, text in data)


@dataclass(frozen=True, slots=True)
class SentenceOp:
    action: str  # addition, deletion, edit, move, merge, split
    old: tuple[Position, ...]
    new: tuple[Position, ...]
    before: str
    after: str
    words: tuple[Segment, ...] = ()
    labels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "old": [list(p) for p in self.old],
            "new": [list(p) for p in self.new],
            "before": self.before,
            "after": self.after,
            "words": _words_json(self.words),
            "labels": list(self.labels),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SentenceOp:
        return cls(
            data["action"],
            tuple((p, s) for p, s in data["old"]),
            tuple((p, s) for p, s in data["new"]),
            data["before"],
            data["after"],
            _words_from(data["words"]),
            tuple(data["labels"]),
        )


@dataclass(frozen=True, slots=True)
class ParagraphOp:
    """One paragraph of the body (or one item of a list field) and what became of it.

    An ``equal`` op is a run of ``count`` unchanged paragraphs starting at ``old`` and
    ``new``; its ``texts`` are those paragraphs (``before`` and ``after`` stay empty).
    """

    op: str  # equal, insert, delete, edit, move
    old: int | None
    new: int | None
    before: str = ""
    after: str = ""
    words: tuple[Segment, ...] = ()
    sentences: tuple[SentenceOp, ...] = ()
    labels: tuple[str, ...] = ()
    count: int = 1
    texts: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.op != "equal"

    def to_json(self, *, texts: bool = False) -> dict[str, Any]:
        """The op as JSON; ``texts`` keeps an equal run's paragraphs (for storage)."""
        data = {
            "op": self.op,
            "old": self.old,
            "new": self.new,
            "count": self.count,
            "before": None if self.op in ("equal", "insert") else self.before,
            "after": None if self.op in ("equal", "delete") else self.after,
            "words": _words_json(self.words),
            "sentences": [s.to_json() for s in self.sentences],
            "labels": list(self.labels),
        }
        if texts and self.texts:
            data["texts"] = list(self.texts)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParagraphOp:
        """An op read back from JSON; equal runs have ``texts`` only when stored with them."""
        return cls(
            data["op"],
            data["old"],
            data["new"],
            data["before"] or "",
            data["after"] or "",
            _words_from(data["words"]),
            tuple(SentenceOp.from_json(s) for s in data["sentences"]),
            tuple(data["labels"]),
            data["count"],
            tuple(data.get("texts", ())),
        )


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A changed field: ``text`` (word diff), ``value`` (replaced whole) or ``items``."""

    field: str
    kind: str  # text, value, items
    before: FieldValue
    after: FieldValue
    words: tuple[Segment, ...] = ()
    items: tuple[ParagraphOp, ...] = ()
    labels: tuple[str, ...] = ()

    def to_json(self, *, texts: bool = False) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind,
            "before": list(self.before) if isinstance(self.before, tuple) else self.before,
            "after": list(self.after) if isinstance(self.after, tuple) else self.after,
            "words": _words_json(self.words),
            "items": [op.to_json(texts=texts) for op in self.items],
            "labels": list(self.labels),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FieldChange:
        def value(raw: str | list[str]) -> FieldValue:
            return tuple(raw) if isinstance(raw, list) else raw

        return cls(
            data["field"],
            data["kind"],
            value(data["before"]),
            value(data["after"]),
            _words_from(data["words"]),
            tuple(ParagraphOp.from_json(op) for op in data["items"]),
            tuple(data["labels"]),
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """Summary of the body's changes."""

    words_added: int = 0
    words_removed: int = 0
    sentences_added: int = 0
    sentences_deleted: int = 0
    sentences_edited: int = 0
    sentences_moved: int = 0
    sentences_merged: int = 0
    sentences_split: int = 0
    paragraphs_added: int = 0
    paragraphs_deleted: int = 0
    paragraphs_edited: int = 0
    paragraphs_moved: int = 0
    paragraphs_unchanged: int = 0

    def to_json(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Field changes, the body's paragraph ops, labels and counts; see the module doc."""

    fields: tuple[FieldChange, ...]
    body: tuple[ParagraphOp, ...]
    labels: tuple[str, ...]
    counts: Counts
    degraded_reasons: tuple[str, ...] = ()

    @property
    def degraded(self) -> bool:
        """Whether a limit was hit: the diff is correct but coarser than it could be."""
        return bool(self.degraded_reasons)

    @property
    def is_empty(self) -> bool:
        """No field changed and every paragraph is equal."""
        return not self.fields and not any(op.changed for op in self.body)

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)

    def to_json(self, *, texts: bool = False) -> dict[str, Any]:
        """The ChangeSet as JSON; ``texts`` keeps the unchanged paragraphs too, so that
        ``from_json`` gives back the whole ChangeSet (the stored form)."""
        return {
            "schema": SCHEMA,
            "labels": list(self.labels),
            "degraded": self.degraded,
            "degraded_reasons": list(self.degraded_reasons),
            "counts": self.counts.to_json(),
            "fields": [f.to_json(texts=texts) for f in self.fields],
            "body": [op.to_json(texts=texts) for op in self.body],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChangeSet:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document")
        return cls(
            tuple(FieldChange.from_json(f) for f in data["fields"]),
            tuple(ParagraphOp.from_json(op) for op in data["body"]),
            tuple(data["labels"]),
            Counts(**data["counts"]),
            tuple(data["degraded_reasons"]),
        )
