"""fact or style: what a change of words says about the story."""

from __future__ import annotations

import pytest

from revtrack.diff.labels import Label, classify_change, has_fact, looks_like_correction
from revtrack.diff.run import DEFAULT_LIMITS, Run
from revtrack.diff.sentences import quote_spans


def _label(old: str, new: str) -> Label | None:
    words = Run(DEFAULT_LIMITS).words(old, new)
    return classify_change(words, quote_spans(old), quote_spans(new))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("At least 12 people died.", "At least 15 people died."),
        ("killed at least one person", "killed at least three people"),
        ("officials said Monday.", "officials said on Tuesday."),
        ("He met Xi Jinping in May.", "He met Li Qiang in May."),
        ("“We will win,” she said.", "“We can win,” she said."),
        ("He said we will win.", "He said “we will win.”"),
        ("The talks began in March.", "The talks began in April."),
    ],
)
def test_fact_changes(old: str, new: str) -> None:
    assert _label(old, new) is Label.FACT


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("French President Emanuel Macron", "French President Emmanuel Macron"),
        ("The goverment said", "The government said"),
        ("the president said", "the President said"),
        ("officials said, on Friday", "officials said on Friday"),
        ("the talks were difficult", "the talks were tense"),
        ("The US said", "The U.S. said"),
    ],
)
def test_style_changes(old: str, new: str) -> None:
    assert _label(old, new) is Label.STYLE


def test_spacing_alone_is_neither() -> None:
    assert _label("a  b c", "a b  c") is None


def test_a_weekday_misspelt_into_another_is_still_a_fact() -> None:
    assert _label("on Monday", "on Sunday") is Label.FACT


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # A whole new sentence that states something is new information (issue 12).
        ("The situation remains tense.", True),
        ("Officials declined to comment.", True),
        ("More to follow.", False),
        ("Read more.", False),
        ("He met Biden.", True),
        ("Three people were hurt.", True),
        ("It happened in 2021.", True),
        ("“It is over,” he said.", True),
        ("It rained yesterday.", True),
    ],
)
def test_has_fact(text: str, fact: bool) -> None:
    assert has_fact(text, quote_spans(text)) is fact


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("Correction: An earlier version of this story misstated the toll.", True),
        ("An earlier version of this article gave the wrong date.", True),
        ("Editor’s note: this story has been updated.", True),
        ("This article has been corrected to show the right name.", True),
        ("Officials corrected the figure on Monday.", False),
        ("The version of events given by police was disputed.", False),
    ],
)
def test_correction_notices(text: str, notice: bool) -> None:
    assert looks_like_correction(text) is notice
