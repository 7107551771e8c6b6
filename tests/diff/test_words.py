"""Word diffs: whole words, whole numbers, exact texts."""

from __future__ import annotations

from itertools import pairwise

import pytest

from revtrack.diff.run import DEFAULT_LIMITS, Run
from revtrack.diff.words import DELETE, INSERT, Segment, join_side


def _diff(old: str, new: str) -> list[Segment]:
    return Run(DEFAULT_LIMITS).words(old, new)


def test_said_monday_becomes_said_on_tuesday_word_by_word() -> None:
    assert _diff("officials said Monday.", "officials said on Tuesday.") == [
        ("=", "officials said "),
        ("-", "Monday"),
        ("+", "on Tuesday"),
        ("=", "."),
    ]


@pytest.mark.parametrize(
    ("old", "new", "deleted", "inserted"),
    [
        ("At least 12 people died", "At least 15 people died", "12", "15"),
        ("killed 1,500 people", "killed 1,700 people", "1,500", "1,700"),
        ("killed 5 people", "killed 5,000 people", "5", "5,000"),
        ("a rise of 3.5 percent", "a rise of 3.75 percent", "3.5", "3.75"),
        ("meetings on June 18-19 and", "meetings on June 18-20 and", "18-19", "18-20"),
        ("at 10:30 local time", "at 10:45 local time", "10:30", "10:45"),
        ("the U.S. said", "the US said", "U.S.", "US"),
    ],
)
def test_numbers_and_abbreviations_are_never_cut(
    old: str, new: str, deleted: str, inserted: str
) -> None:
    changed = [s for s in _diff(old, new) if s.op != "="]
    assert changed == [(DELETE, deleted), (INSERT, inserted)]


def test_hunks_come_deletion_first_and_rebuild_both_texts() -> None:
    old = "The storm hit the coast on Friday, killing two."
    new = "On Saturday the storm, which hit the coast, had killed four."
    segments = _diff(old, new)
    assert join_side(segments, DELETE) == old
    assert join_side(segments, INSERT) == new
    for first, second in pairwise(segments):
        assert (first.op, second.op) != (INSERT, DELETE)
        assert first.op != second.op


def test_spacing_changes_are_kept_exactly() -> None:
    old, new = "one  two three\tfour", " one two  three four "
    segments = _diff(old, new)
    assert join_side(segments, DELETE) == old
    assert join_side(segments, INSERT) == new
    assert all(not text.strip() for op, text in segments if op != "=")


def test_identical_and_empty_texts() -> None:
    assert _diff("same", "same") == [("=", "same")]
    assert _diff("", "") == []
    assert _diff("", "new words") == [("+", "new words")]
    assert _diff("old words", "") == [("-", "old words")]
