"""Golden label rules from news sentences (issue 12): what a standards desk filters on.

``fact`` is any change of what a sentence claims; ``style`` only spelling, punctuation,
case and near-identical rewording; ``silent`` a substantive edit under an unchanged
"Updated" stamp with no correction notice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from revtrack.article import Article
from revtrack.diff import diff_articles
from revtrack.diff.labels import Label, classify_change, has_fact
from revtrack.diff.run import DEFAULT_LIMITS, Run
from revtrack.diff.sentences import quote_spans


def _label(old: str, new: str) -> Label | None:
    words = Run(DEFAULT_LIMITS).words(old, new)
    return classify_change(words, quote_spans(old), quote_spans(new))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "A spokesperson for the ministry declined to comment.",
            "A spokesperson for the ministry said no agreement had been signed.",
            id="declined-to-comment-became-a-claim",
        ),
        pytest.param(
            "Police said the suspect was armed.",
            "Police said the suspect was not armed.",
            id="negation-added",
        ),
        pytest.param(
            "The company said it had not been told about the fault.",
            "The company said it had been told about the fault.",
            id="negation-removed",
        ),
        pytest.param(
            "The minister didn't rule out new taxes.",
            "The minister ruled out new taxes.",
            id="contracted-negation-removed",
        ),
        pytest.param(
            "The company confirmed the job cuts.",
            "The company denied the job cuts.",
            id="verb-of-stance",
        ),
        pytest.param(
            "The club confirmed the manager had left.",
            "The club refused to say whether the manager had left.",
            id="confirmed-became-refused",
        ),
        pytest.param(
            "The bridge will reopen next week.",
            "The bridge could reopen next week.",
            id="modality",
        ),
        pytest.param(
            "At least 12 people were killed in the strike.",
            "At least 15 people were killed in the strike.",
            id="number",
        ),
        pytest.param(
            "“This is a dark day for our city,” the mayor said in a statement.",
            "The mayor said in a statement that it was a sad day for the city.",
            id="quote-removed",
        ),
        pytest.param(
            "The council approved the plan.",
            "The council approved the plan, despite objections from residents.",
            id="clause-added",
        ),
        pytest.param(
            "The council approved the plan, despite objections from residents.",
            "The council approved the plan.",
            id="clause-cut",
        ),
        pytest.param(
            "The company said it was in talks.",
            "The company said it was in advanced talks with rival bidders about a sale.",
            id="new-content-words",
        ),
    ],
)
def test_a_changed_claim_is_fact(old: str, new: str) -> None:
    assert _label(old, new) is Label.FACT


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "The minister said the talks would continue.",
            "The minister told reporters the talks would continue.",
            id="said-told-reporters",
        ),
        pytest.param(
            "The minister said the talks would continue.",
            "The minister stated the talks would continue.",
            id="said-stated",
        ),
        pytest.param(
            "The goverment has yet to respond.",
            "The government has yet to respond.",
            id="typo",
        ),
        pytest.param(
            "UN spokesperson Stephane Dujaric told reporters on Wednesday.",
            "UN spokesperson Stephane Dujarric told reporters on Wednesday.",
            id="name-spelling",
        ),
        pytest.param(
            "The plan, which was approved on Tuesday will take effect in May.",
            "The plan, which was approved on Tuesday, will take effect in May.",
            id="punctuation",
        ),
        pytest.param(
            "Shares in the company rose sharply in early trading.",
            "Shares in the company climbed sharply in early trading.",
            id="synonym",
        ),
        pytest.param(
            "Analysts warned that further price rises would be hard to push through.",
            "Analysts cautioned that further price rises would be difficult to push through.",
            id="two-synonyms",
        ),
        pytest.param(
            "On Friday, officials said the road was closed.",
            "Officials said the road was closed on Friday.",
            id="reordered",
        ),
        pytest.param(
            "Officials did not say when the road would reopen.",
            "Officials didn't say when the road would reopen.",
            id="contraction",
        ),
        pytest.param(
            "He was taken to a hospital in the city.",
            "He was taken to the hospital in the city.",
            id="article",
        ),
        pytest.param(
            "Sales were declining in the region.",
            "Sales were falling in the region.",
            id="declining-is-not-declined-to",
        ),
        pytest.param(
            "Bin collections will move to every two weeks.",
            "Refuse collections will move to every two weeks.",
            id="refuse-as-rubbish-is-no-refusal",
        ),
        pytest.param(
            "THE PRESIDENT SAID THE TALKS WENT WELL.",
            "The president said the talks went well.",
            id="case",
        ),
    ],
)
def test_near_identical_rewording_is_style(old: str, new: str) -> None:
    assert _label(old, new) is Label.STYLE


@pytest.mark.parametrize(
    ("sentence", "fact"),
    [
        ("A spokesperson for the ministry declined to comment.", True),
        ("The situation remains tense.", True),
        ("More to follow.", False),
        ("Read more.", False),
    ],
)
def test_a_whole_sentence_that_states_something_is_fact(sentence: str, fact: bool) -> None:
    assert has_fact(sentence, quote_spans(sentence)) is fact


# -- silent: the stamp, not the words -----------------------------------------------------

STAMP = datetime(2024, 10, 22, 16, 31, tzinfo=UTC)
STORY = Article(
    url="https://news.example/business/profit",
    headline="Calder Foods profit jumps as price rises offset falling sales",
    updated=STAMP,
    paragraphs=(
        "Calder Foods reported a 12% rise in half-year profit on Tuesday.",
        "A spokesperson for the company declined to comment on job cuts.",
        "Shares in the company rose sharply in early trading.",
    ),
)
CLAIM = replace(
    STORY,
    paragraphs=(
        STORY.paragraphs[0],
        "A spokesperson for the company said no jobs would be cut.",
        STORY.paragraphs[2],
    ),
)


def test_a_changed_claim_under_the_same_stamp_is_silent() -> None:
    changes = diff_articles(STORY, CLAIM)
    assert changes.labels == ("fact", "silent")
    [sentence] = changes.body[1].sentences
    assert sentence.labels == ("fact", "silent")


def test_a_changed_claim_with_a_new_stamp_is_not_silent() -> None:
    stamped = replace(CLAIM, updated=STAMP.replace(hour=18))
    assert diff_articles(STORY, stamped).labels == ("fact",)


def test_a_changed_claim_with_a_correction_notice_is_a_correction_not_silent() -> None:
    notice = "Correction: An earlier version of this article misstated the company's plans."
    corrected = replace(CLAIM, corrections=(notice,))
    assert diff_articles(STORY, corrected).labels == ("fact", "correction")


def test_a_style_edit_under_the_same_stamp_is_not_silent() -> None:
    reworded = replace(
        STORY,
        paragraphs=(*STORY.paragraphs[:2], STORY.paragraphs[2].replace("rose", "climbed")),
    )
    assert diff_articles(STORY, reworded).labels == ("style",)


def test_a_headline_fact_rewrite_under_the_same_stamp_is_silent() -> None:
    rewritten = replace(
        STORY, headline="Calder Foods profit up 12% but sales fall for a third year"
    )
    changes = diff_articles(STORY, rewritten)
    assert changes.labels == ("fact", "headline", "silent")
    headline = changes.field("headline")
    assert headline is not None
    assert headline.labels == ("fact", "headline", "silent")
