"""Golden ChangeSets for edits of the seed's two articles, fact by fact."""

from __future__ import annotations

from dataclasses import replace

import pytest

from revtrack.article import Article
from revtrack.diff import ChangeSet, Counts, ParagraphOp, Segment, apply_changeset, diff_articles
from tests.diff.scenarios import (
    CORRECTION,
    blinken_body_correction,
    blinken_silent_edit,
    kyiv_update,
)
from tests.diff.seed import BLINKEN, KYIV


def _shape(op: ParagraphOp) -> tuple[str, int | None, int | None, int, tuple[str, ...]]:
    return (op.op, op.old, op.new, op.count, op.labels)


def _changed_words(words: tuple[Segment, ...]) -> list[tuple[str, str]]:
    return [(op, text) for op, text in words if op != "="]


@pytest.fixture(scope="module")
def kyiv() -> ChangeSet:
    return diff_articles(KYIV, kyiv_update())


@pytest.fixture(scope="module")
def blinken() -> ChangeSet:
    return diff_articles(BLINKEN, blinken_silent_edit())


# -- the live story: toll, quote, move, correction, new stamp ---------------------------


def test_kyiv_labels_and_counts(kyiv: ChangeSet) -> None:
    assert kyiv.labels == ("fact", "headline", "correction")
    assert kyiv.counts == Counts(
        words_added=2, words_removed=19,
        sentences_deleted=1, sentences_edited=1, sentences_moved=1,
        paragraphs_deleted=1, paragraphs_edited=1, paragraphs_moved=1, paragraphs_unchanged=10,
    )  # fmt: skip
    assert not kyiv.degraded


def test_kyiv_headline_toll_is_one_whole_number_replace(kyiv: ChangeSet) -> None:
    headline = kyiv.field("headline")
    assert headline is not None
    assert headline.words == (
        ("=", "Russian strikes kill "),
        ("-", "1"),
        ("+", "3"),
        ("=", " as US and Ukraine officials wrap up third day of diplomatic talks"),
    )
    assert headline.labels == ("fact", "headline")


def test_kyiv_paragraph_ops(kyiv: ChangeSet) -> None:
    assert [_shape(op) for op in kyiv.body] == [
        ("edit", 0, 0, 1, ("fact",)),
        ("equal", 1, 1, 5, ()),
        ("move", 8, 6, 1, ()),
        ("equal", 6, 7, 2, ()),
        ("equal", 9, 9, 2, ()),
        ("delete", 11, None, 1, ("fact",)),
        ("equal", 12, 11, 1, ()),
    ]


def test_kyiv_toll_in_body_is_a_fact_edit_of_one_sentence(kyiv: ChangeSet) -> None:
    lead = kyiv.body[0]
    assert _changed_words(lead.words) == [("-", "one person"), ("+", "three people")]
    [sentence] = lead.sentences
    assert (sentence.action, sentence.old, sentence.new) == ("edit", ((0, 0),), ((0, 0),))
    assert sentence.labels == ("fact",)


def test_kyiv_removed_quote_is_a_sentence_deletion(kyiv: ChangeSet) -> None:
    deleted = kyiv.body[5]
    assert deleted.before.startswith("“There are statements there against confrontation")
    [sentence] = deleted.sentences
    assert (sentence.action, sentence.old, sentence.new) == ("deletion", ((11, 0),), ())


def test_kyiv_moved_paragraph_is_a_move_not_delete_and_insert(kyiv: ChangeSet) -> None:
    moved = kyiv.body[2]
    assert moved.before == moved.after
    assert moved.after.startswith("Kellogg is due to leave his post")
    assert not moved.words
    assert [(s.action, s.old, s.new) for s in moved.sentences] == [("move", ((8, 0),), ((6, 0),))]


def test_kyiv_correction_notice_and_stamp(kyiv: ChangeSet) -> None:
    corrections = kyiv.field("corrections")
    assert corrections is not None
    assert corrections.after == (CORRECTION,)
    assert [(op.op, op.new) for op in corrections.items] == [("insert", 0)]
    assert corrections.labels == ("correction",)
    updated = kyiv.field("updated")
    assert updated is not None
    assert (updated.before, updated.after) == (
        "2025-12-07T09:00:00+00:00",
        "2025-12-07T09:20:00+00:00",
    )
    assert [f.field for f in kyiv.fields] == ["headline", "updated", "corrections"]


# -- the finished article, edited silently -----------------------------------------------


def test_blinken_silent_fact_edit(blinken: ChangeSet) -> None:
    assert blinken.labels == ("fact", "style", "headline", "silent")
    assert [_shape(op) for op in blinken.body] == [
        ("equal", 0, 0, 1, ()),
        ("edit", 1, 1, 1, ("fact", "silent")),
        ("equal", 2, 2, 9, ()),
        ("edit", 11, 11, 1, ("style",)),
        ("equal", 12, 12, 4, ()),
    ]
    assert _changed_words(blinken.body[1].words) == [("-", "18-19"), ("+", "18-20")]
    assert blinken.counts.sentences_edited == 2
    assert blinken.counts.words_added == blinken.counts.words_removed == 3


def test_blinken_typo_fix_in_a_name_is_style(blinken: ChangeSet) -> None:
    typo = blinken.body[3]
    assert _changed_words(typo.words) == [("-", "Emanuel"), ("+", "Emmanuel")]
    [sentence] = typo.sentences
    assert sentence.old == ((11, 1),)
    assert sentence.labels == ("style",)


def test_blinken_headline_rewrite_is_headline_and_style(blinken: ChangeSet) -> None:
    headline = blinken.field("headline")
    assert headline is not None
    assert headline.labels == ("style", "headline")
    assert _changed_words(headline.words) == [
        ("-", "heads to Beijing hoping"),
        ("+", "arrives in Beijing on a mission"),
    ]
    highlights = blinken.field("highlights")
    assert highlights is not None
    # The stamp did not move: a fact changed in a highlight is a silent edit (issue 12).
    assert highlights.labels == ("fact", "silent")
    assert [(op.op, op.labels) for op in highlights.items] == [
        ("edit", ("fact", "silent")),
        ("equal", ()),
    ]


def test_style_only_edit_is_not_silent() -> None:
    typo_only = replace(
        BLINKEN,
        paragraphs=tuple(p.replace("Emanuel", "Emmanuel") for p in BLINKEN.paragraphs),
    )
    assert diff_articles(BLINKEN, typo_only).labels == ("style",)


def test_a_new_updated_stamp_makes_a_fact_edit_not_silent() -> None:
    edited = blinken_silent_edit()
    assert edited.updated is not None
    stamped = replace(edited, updated=edited.updated.replace(hour=15))
    assert "silent" not in diff_articles(BLINKEN, stamped).labels


def test_correction_notice_in_the_body() -> None:
    changes = diff_articles(BLINKEN, blinken_body_correction())
    assert changes.labels == ("fact", "style", "correction")
    notice = changes.body[-1]
    assert (notice.op, notice.new, notice.labels) == ("insert", 16, ("fact", "correction"))
    assert [s.action for s in notice.sentences] == ["addition"]


# -- context labels and the rebuild --------------------------------------------------------


def test_context_labels_are_added_and_checked() -> None:
    changes = diff_articles(KYIV, kyiv_update(), context={"flip-flop", "restored"})
    assert changes.labels == ("fact", "headline", "correction", "flip-flop", "restored")
    with pytest.raises(ValueError, match="unknown context label"):
        diff_articles(KYIV, KYIV, context={"urgent"})


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (KYIV, kyiv_update()),
        (kyiv_update(), KYIV),
        (BLINKEN, blinken_silent_edit()),
        (BLINKEN, blinken_body_correction()),
        (BLINKEN, KYIV),
    ],
)
def test_every_golden_changeset_rebuilds_the_new_version(before: Article, after: Article) -> None:
    assert apply_changeset(before, diff_articles(before, after)) == after


def test_same_article_is_empty() -> None:
    changes = diff_articles(KYIV, KYIV)
    assert changes.is_empty
    assert changes.labels == ()
    assert changes.fields == ()
    assert [_shape(op) for op in changes.body] == [("equal", 0, 0, 13, ())]
    assert changes.counts == Counts(paragraphs_unchanged=13)
