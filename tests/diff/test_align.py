"""Alignment: equal runs, pairs, moves, merges and splits."""

from __future__ import annotations

from revtrack.article import Article
from revtrack.diff import apply_changeset, diff_articles
from revtrack.diff.align import Link, align
from revtrack.diff.run import DEFAULT_LIMITS, Run

P = [
    "Rescuers searched the collapsed school in Harlow on Tuesday.",
    "The mayor said 40 families had been moved to a shelter near the river.",
    "Engineers will inspect the bridge before it reopens to traffic.",
    "Power was restored to most homes by midnight, the utility said.",
    "The regional governor promised help for farmers who lost their herds.",
]


def _article(*paragraphs: str) -> Article:
    return Article(url="https://example.com/a", headline="Storm", paragraphs=paragraphs)


def _links(old: list[str], new: list[str], merge_split: bool = False) -> list[Link]:
    return align(old, new, Run(DEFAULT_LIMITS), merge_split=merge_split)


def test_equal_runs_and_an_edited_pair() -> None:
    edited = P[2].replace("bridge", "old bridge")
    links = _links(P, [P[0], P[1], edited, P[3], P[4]])
    assert [(k.kind, k.old, k.new, k.count) for k in links] == [
        ("equal", (0,), (0,), 2),
        ("pair", (2,), (2,), 1),
        ("equal", (3,), (3,), 2),
    ]


def test_unrelated_replacement_is_delete_and_insert() -> None:
    fresh = "Football fans queued overnight for tickets to the cup final."
    links = _links(P, [P[0], P[1], fresh, P[3], P[4]])
    assert [k.kind for k in links] == ["equal", "delete", "insert", "equal"]


def test_moved_paragraph_leaves_and_arrives() -> None:
    links = _links(P, [P[3], P[0], P[1], P[2], P[4]])
    assert [(k.kind, k.old, k.new) for k in links] == [
        ("move-in", (3,), (0,)),
        ("equal", (0,), (1,)),
        ("move-out", (3,), (0,)),
        ("equal", (4,), (4,)),
    ]


def test_moved_and_edited_paragraph_is_a_move_with_words() -> None:
    moved = P[3].replace("most homes", "most of the homes")
    changes = diff_articles(_article(*P), _article(moved, P[0], P[1], P[2], P[4]))
    [move] = [op for op in changes.body if op.op == "move"]
    assert (move.old, move.new) == (3, 0)
    assert [(op, text) for op, text in move.words if op != "="] == [("+", "of the ")]
    assert changes.counts.paragraphs_moved == 1


def test_sentences_merge_and_split() -> None:
    old = ["The bridge was closed on Monday.", "It will reopen after inspections next week."]
    new = ["The bridge was closed on Monday and will reopen after inspections next week."]
    assert [(k.kind, k.old, k.new) for k in _links(old, new, merge_split=True)] == [
        ("merge", (0, 1), (0,))
    ]
    assert [(k.kind, k.old, k.new) for k in _links(new, old, merge_split=True)] == [
        ("split", (0,), (0, 1))
    ]


def test_merge_and_split_inside_a_paragraph_are_sentence_actions() -> None:
    before = _article("The bridge was closed on Monday. It will reopen after checks next week.")
    after = _article("The bridge was closed on Monday and will reopen after checks next week.")
    changes = diff_articles(before, after)
    assert [s.action for op in changes.body for s in op.sentences] == ["merge"]
    assert changes.counts.sentences_merged == 1
    assert apply_changeset(before, changes) == after
    back = diff_articles(after, before)
    assert [s.action for op in back.body for s in op.sentences] == ["split"]


def test_appended_sentence_is_an_addition_not_a_split() -> None:
    before = _article(P[0])
    after = _article(P[0] + " Officials declined to comment further.")
    changes = diff_articles(before, after)
    assert [s.action for op in changes.body for s in op.sentences] == ["addition"]


def test_sentence_moved_to_another_paragraph() -> None:
    first = f"{P[0]} {P[1]}"
    before = _article(first, P[2])
    after = _article(P[0], f"{P[2]} {P[1]}")
    changes = diff_articles(before, after)
    actions = [(s.action, s.old, s.new) for op in changes.body for s in op.sentences]
    assert ("move", ((0, 1),), ((1, 1),)) in actions
    assert changes.counts.sentences_moved == 1
    assert changes.counts.sentences_added == changes.counts.sentences_deleted == 0
    assert apply_changeset(before, changes) == after


def test_paragraph_split_in_two_moves_its_sentences() -> None:
    before = _article(f"{P[0]} {P[1]} {P[2]}", P[3])
    after = _article(f"{P[0]} {P[1]}", P[2], P[3])
    changes = diff_articles(before, after)
    assert changes.counts.sentences_moved == 1
    assert changes.counts.sentences_deleted == 0
    assert apply_changeset(before, changes) == after


def test_whitespace_only_paragraph_change_is_an_unlabelled_edit() -> None:
    before = _article(*P)
    after = _article(P[0], P[1].replace(" ", "  "), *P[2:])
    changes = diff_articles(before, after)
    assert [op.op for op in changes.body] == ["equal", "edit", "equal"]
    assert changes.labels == ()
    assert changes.body[1].sentences == ()
    assert apply_changeset(before, changes) == after
