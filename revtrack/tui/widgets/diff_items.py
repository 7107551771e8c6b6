"""A ChangeSet as rows to show: fields, changed paragraphs, context and folds.

Pure data, no Textual: the diff view turns each ``Row`` into a widget. Unchanged runs
keep ``context`` paragraphs next to each change and fold the rest into one ``fold``
row that carries the hidden texts, so expanding it needs no store access.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from revtrack.diff.changeset import ChangeSet, FieldChange, ParagraphOp

__all__ = ["Row", "rows", "unfold"]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the diff view.

    ``kind``: ``field`` (a changed field), ``change`` (a changed paragraph),
    ``moved-away`` (where a moved paragraph used to be), ``context`` (one unchanged
    paragraph), ``fold`` (a run of unchanged paragraphs, hidden) or ``empty``.
    """

    kind: str
    op: ParagraphOp | None = None
    field: FieldChange | None = None
    texts: tuple[str, ...] = ()
    old: int = 0  # first paragraph (0-based) in the old version: context and fold rows
    new: int = 0  # and in the new version

    @property
    def is_change(self) -> bool:
        return self.kind in ("field", "change")


def rows(changes: ChangeSet, context: int = 1) -> list[Row]:
    """Every row of a diff, in reading order of the new version."""
    out = [Row("field", field=change) for change in changes.fields]
    body = list(_with_move_sources(changes.body))
    for k, row in enumerate(body):
        op = row.op
        if row.kind != "change" or op is None or op.op != "equal":
            out.append(row)
            continue
        out += _trimmed(op, context, first=k == 0, last=k == len(body) - 1)
    if changes.is_empty:
        out.insert(0, Row("empty"))
    return out


def unfold(fold: Row) -> list[Row]:
    """The context rows a fold row hides."""
    return [
        Row("context", texts=(text,), old=fold.old + k, new=fold.new + k)
        for k, text in enumerate(fold.texts)
    ]


def _with_move_sources(ops: Sequence[ParagraphOp]) -> Iterator[Row]:
    """The ops, plus a ``moved-away`` row where each moved paragraph left."""
    moved = sorted(
        ((op.old, n) for n, op in enumerate(ops) if op.op == "move" and op.old is not None),
    )
    for op in ops:
        if op.op != "move" and op.old is not None:
            while moved and moved[0][0] < op.old:
                yield Row("moved-away", op=ops[moved.pop(0)[1]])
        yield Row("change", op=op)
    for _, n in moved:
        yield Row("moved-away", op=ops[n])


def _trimmed(op: ParagraphOp, context: int, *, first: bool, last: bool) -> list[Row]:
    """An equal run: ``context`` paragraphs next to each change, the rest folded."""
    old, new = op.old or 0, op.new or 0
    head = 0 if first else context
    tail = 0 if last else context
    if op.count - head - tail <= 1:  # folding one paragraph saves nothing
        head, tail = op.count, 0
    out = [Row("context", texts=(op.texts[k],), old=old + k, new=new + k) for k in range(head)]
    hidden = op.count - head - tail
    if hidden:
        out.append(
            Row("fold", texts=op.texts[head : head + hidden], old=old + head, new=new + head)
        )
    start = op.count - tail
    out += [
        Row("context", texts=(op.texts[k],), old=old + k, new=new + k)
        for k in range(start, op.count)
    ]
    return out
