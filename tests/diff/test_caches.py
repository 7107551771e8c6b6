"""What is cached across diffs never changes a ChangeSet: warm caches, same JSON."""

from __future__ import annotations

import json

from revtrack.article import Article
from revtrack.diff import Limits, Segment, body, diff_articles, run, sentences, tokens
from revtrack.diff import align as align_module
from tests.diff.scenarios import blinken_body_correction, blinken_silent_edit, kyiv_update
from tests.diff.seed import BLINKEN, KYIV


def _clear_caches() -> None:
    tokens._words_of.cache_clear()
    tokens._tokens_of.cache_clear()
    sentences.split_sentences.cache_clear()
    for cached in (
        body._labelled_sentences,
        body._is_correction,
        body._quotes,
        body._has_fact,
        body._classify,
    ):
        cached.cache_clear()
    run._word_diffs.clear()
    align_module._sentence_links.clear()


def _json(before: Article, after: Article, limits: Limits | None = None) -> str:
    changes = diff_articles(before, after, limits=limits or Limits())
    return json.dumps(changes.to_json(), ensure_ascii=False)


PAIRS = [
    (KYIV, kyiv_update()),
    (kyiv_update(), KYIV),
    (BLINKEN, blinken_silent_edit()),
    (BLINKEN, blinken_body_correction()),
    (blinken_silent_edit(), blinken_body_correction()),
    (KYIV, BLINKEN),
]


def test_warm_caches_give_the_same_changesets() -> None:
    _clear_caches()
    cold = []
    for before, after in PAIRS:
        cold.append(_json(before, after))
        _clear_caches()
    for _ in range(2):  # every cache now warm from the pairs before
        assert [_json(before, after) for before, after in PAIRS] == cold


def test_a_cached_result_is_not_reused_under_other_limits() -> None:
    _clear_caches()
    tight = Limits(max_pair_cells=1)
    cold_tight = _json(KYIV, kyiv_update(), tight)
    _clear_caches()
    _json(KYIV, kyiv_update())  # warm, with the default limits
    assert _json(KYIV, kyiv_update(), tight) == cold_tight


def test_word_diffs_are_not_reused_once_the_token_map_overflowed() -> None:
    # Past the last free character two tokens may share one, and a diff made with one
    # character per token may then differ: the cache must be bypassed.
    _clear_caches()
    old, new = "Police said three died.", "Police said four died."
    marker = (Segment("=", "cached"),)
    run._word_diffs[(old, new)] = marker
    assert tuple(run.Run(Limits()).words(old, new)) == marker
    overflowed = run.Run(Limits())
    overflowed.tokens._chars.overflowed = True
    assert tuple(overflowed.words(old, new)) != marker
    _clear_caches()
