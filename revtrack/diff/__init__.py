"""The diff engine: two versions of an article in, a labelled ChangeSet out.

Pure functions, no I/O. ``diff_articles(before, after)`` aligns the body paragraph ->
sentence -> word (see ``align``), diffs the other fields, and labels every edit
(``labels``). ``apply_changeset(before, changes)`` rebuilds ``after``. The JSON shape of
``ChangeSet.to_json()`` is documented in ``changeset``.
"""

from revtrack.diff.apply import ChangeSetMismatchError, apply_changeset
from revtrack.diff.changeset import (
    SCHEMA,
    ChangeSet,
    Counts,
    FieldChange,
    ParagraphOp,
    SentenceOp,
)
from revtrack.diff.engine import diff_articles
from revtrack.diff.labels import Label
from revtrack.diff.run import DEFAULT_LIMITS, Limits
from revtrack.diff.words import Segment

__all__ = [
    "DEFAULT_LIMITS",
    "SCHEMA",
    "ChangeSet",
    "ChangeSetMismatchError",
    "Counts",
    "FieldChange",
    "Label",
    "Limits",
    "ParagraphOp",
    "Segment",
    "SentenceOp",
    "apply_changeset",
    "diff_articles",
]
