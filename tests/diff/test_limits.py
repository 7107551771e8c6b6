"""A diff that hits a limit says so, and is still exact."""

from __future__ import annotations

import itertools

from revtrack.article import Article
from revtrack.diff import Limits, apply_changeset, diff_articles

_WORDS = ("storm", "river", "bridge", "mayor", "school", "power", "homes", "rescue", "police")


def _long_text(words: int, edit_every: int = 0) -> str:
    """One long sentence; with ``edit_every``, every so many words are changed."""
    cycle = itertools.cycle(_WORDS)
    chosen = [f"{next(cycle)}{i % 13}" for i in range(words)]
    if edit_every:
        chosen = [w.upper() if i % edit_every == 0 else w for i, w in enumerate(chosen)]
    return " ".join(chosen) + "."


def test_spent_time_budget_marks_the_changeset_degraded() -> None:
    before = Article(url="u", headline="h", paragraphs=(_long_text(400),))
    after = Article(url="u", headline="h", paragraphs=(_long_text(400, edit_every=9),))
    changes = diff_articles(before, after, limits=Limits(total_seconds=-1.0))
    assert changes.degraded
    assert "time budget" in changes.degraded_reasons[0]
    assert changes.to_json()["degraded"] is True
    assert apply_changeset(before, changes) == after


def test_word_timeout_marks_the_changeset_degraded() -> None:
    before = Article(url="u", headline="h", paragraphs=(_long_text(3000),))
    after = Article(url="u", headline="h", paragraphs=(_long_text(3000, edit_every=4),))
    changes = diff_articles(before, after, limits=Limits(word_timeout=1e-9))
    assert changes.degraded
    assert any("timeout" in reason for reason in changes.degraded_reasons)
    assert apply_changeset(before, changes) == after


def test_pairing_limit_marks_the_changeset_degraded() -> None:
    before = Article(url="u", headline="h", paragraphs=tuple(f"old {i} text" for i in range(30)))
    after = Article(url="u", headline="h", paragraphs=tuple(f"new {i} text" for i in range(30)))
    changes = diff_articles(before, after, limits=Limits(max_pair_cells=100))
    assert changes.degraded
    assert "too large to pair" in changes.degraded_reasons[0]
    assert apply_changeset(before, changes) == after


def test_normal_diffs_are_not_degraded() -> None:
    before = Article(url="u", headline="h", paragraphs=(_long_text(300),))
    after = Article(url="u", headline="h", paragraphs=(_long_text(300, edit_every=4),))
    changes = diff_articles(before, after)
    assert not changes.degraded
    assert changes.counts.sentences_edited == 1
