"""Properties of every ChangeSet: empty for equal input, exact, whole-word, spacing-blind."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from random import Random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revtrack.article import Article
from revtrack.diff import ChangeSet, Counts, Segment, apply_changeset, diff_articles
from revtrack.diff.words import DELETE, INSERT, join_side

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = [
    *("the", "a", "storm", "hit", "river", "bridge", "school", "mayor", "officials"),
    *("police", "said", "told", "on", "in", "of", "and", "killed", "injured", "homes"),
    *("power", "reopened", "quickly,", "however", "Harlow", "Kyiv", "Biden", "Monday"),
    *("Tuesday", "March", "12", "15", "1,500", "3.5", "18-19", "three", "dozen", "Mr."),
    *("U.S.", "“We", "will", "rebuild,”", "“It", "is", "over.”"),
]

sentences = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=10).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
stamps = st.none() | st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@st.composite
def prose_articles(draw: st.DrawFn) -> Article:
    return Article(
        url="https://example.com/story",
        headline=draw(sentences),
        dek=draw(st.just("") | sentences),
        byline=draw(st.sampled_from(["", "By Staff", "By Ana Ruiz"])),
        updated=draw(stamps),
        highlights=tuple(draw(st.lists(sentences, max_size=3))),
        paragraphs=tuple(draw(st.lists(paragraphs, max_size=8))),
        corrections=tuple(draw(st.lists(sentences, max_size=2))),
    )


@st.composite
def edited(draw: st.DrawFn, article: Article) -> Article:
    """``article`` after a few edits of the kinds newsrooms make."""
    body = list(article.paragraphs)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["word", "insert", "delete", "move", "sentence"]))
        if kind == "insert" or not body:
            body.insert(draw(st.integers(0, len(body))), draw(paragraphs))
        elif kind == "delete":
            del body[draw(st.integers(0, len(body) - 1))]
        elif kind == "move":
            moved = body.pop(draw(st.integers(0, len(body) - 1)))
            body.insert(draw(st.integers(0, len(body))), moved)
        elif kind == "sentence":
            k = draw(st.integers(0, len(body) - 1))
            body[k] = f"{body[k]} {draw(sentences)}"
        else:
            k = draw(st.integers(0, len(body) - 1))
            words = body[k].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(VOCABULARY))
            body[k] = " ".join(words)
    headline = draw(st.just(article.headline) | sentences)
    return replace(article, headline=headline, paragraphs=tuple(body), updated=draw(stamps))


@st.composite
def prose_pairs(draw: st.DrawFn) -> tuple[Article, Article]:
    before = draw(prose_articles())
    return before, draw(edited(before))


text_pieces = st.text(max_size=40)


@st.composite
def arbitrary_pairs(draw: st.DrawFn) -> tuple[Article, Article]:
    """Any text at all, control characters and private-use characters included."""

    def article(paragraphs: list[str]) -> Article:
        return Article(
            url=draw(st.sampled_from(["https://a.example/x", "https://b.example/y"])),
            headline=draw(text_pieces),
            updated_text=draw(text_pieces),
            highlights=tuple(draw(st.lists(text_pieces, max_size=2))),
            paragraphs=tuple(paragraphs),
        )

    old = draw(st.lists(text_pieces, max_size=6))
    new = draw(st.lists(st.sampled_from(old) | text_pieces, max_size=6)) if old else []
    return article(old), article(new)


def _ws(rng: Random, text: str) -> str:
    """``text`` with each space turned into some run of whitespace."""
    spaced = re.sub(" ", lambda _: rng.choice([" ", "  ", "\t", " \n "]), text)
    return rng.choice(["", " "]) + spaced + rng.choice(["", "  "])


def _respaced(rng: Random, article: Article) -> Article:
    return replace(
        article,
        headline=_ws(rng, article.headline),
        dek=_ws(rng, article.dek),
        highlights=tuple(_ws(rng, h) for h in article.highlights),
        paragraphs=tuple(_ws(rng, p) for p in article.paragraphs),
        corrections=tuple(_ws(rng, c) for c in article.corrections),
    )


# -- properties --------------------------------------------------------------------------


@SETTINGS
@given(prose_articles())
def test_diff_of_an_article_with_itself_is_empty(article: Article) -> None:
    changes = diff_articles(article, article)
    assert changes.is_empty
    assert changes.labels == ()
    assert changes.counts == Counts(paragraphs_unchanged=len(article.paragraphs))
    assert not changes.degraded


@SETTINGS
@given(prose_pairs())
def test_applying_the_changeset_rebuilds_the_new_version(pair: tuple[Article, Article]) -> None:
    before, after = pair
    changes = diff_articles(before, after)
    assert apply_changeset(before, changes) == after
    assert not changes.degraded


@SETTINGS
@given(arbitrary_pairs())
def test_rebuild_is_exact_for_any_text(pair: tuple[Article, Article]) -> None:
    before, after = pair
    changes = diff_articles(before, after)
    assert apply_changeset(before, changes) == after
    assert apply_changeset(before, _through_json(changes)) == after


@SETTINGS
@given(prose_pairs())
def test_json_is_a_complete_description(pair: tuple[Article, Article]) -> None:
    before, after = pair
    changes = diff_articles(before, after)
    assert apply_changeset(before, _through_json(changes)) == after


def _through_json(changes: ChangeSet) -> ChangeSet:
    return ChangeSet.from_json(json.loads(json.dumps(changes.to_json())))


@SETTINGS
@given(st.randoms(use_true_random=False), prose_pairs())
def test_labels_are_stable_under_whitespace_changes(
    rng: Random, pair: tuple[Article, Article]
) -> None:
    before, after = pair
    labels = diff_articles(before, after).labels
    respaced_before, respaced_after = _respaced(rng, before), _respaced(rng, after)
    assert diff_articles(respaced_before, respaced_after).labels == labels
    assert diff_articles(before, respaced_before).labels == ()


# Inner punctuation joins a word: 1,500 / 3.5 / 18-19 / U.S are never cut.
_UNIT = re.compile(r"\w+(?:[.,:'’/\-]\w+)*")


def _cuts(segments: tuple[Segment, ...], side: str) -> list[str]:
    text = join_side(segments, side)
    edges, at = set(), 0
    for op, piece in segments:
        if op in ("=", side):
            at += len(piece)
            edges.add(at)
    return [m.group() for m in _UNIT.finditer(text) if any(m.start() < e < m.end() for e in edges)]


@SETTINGS
@given(prose_pairs())
def test_hunks_never_cut_a_word_or_number(pair: tuple[Article, Article]) -> None:
    changes = diff_articles(*pair)
    for op in changes.body:
        for words in [op.words, *(s.words for s in op.sentences)]:
            assert _cuts(words, DELETE) == []
            assert _cuts(words, INSERT) == []
