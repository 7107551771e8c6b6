"""The sentence splitter on news prose, and quoted passages."""

from __future__ import annotations

import pytest

from revtrack.diff.sentences import quote_spans, split_sentences


def _split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones in the U.S. on Monday. The toll rose to 3.5 million.",
            ["Mr. Smith met Gen. Jones in the U.S. on Monday.", "The toll rose to 3.5 million."],
        ),
        (
            "“Why?” he asked. John F. Kennedy spoke at 10 a.m. Tuesday.",
            ["“Why?” he asked.", "John F. Kennedy spoke at 10 a.m. Tuesday."],
        ),
        (
            "Talks with the U.S. The visit was planned. He said: “It is over.” Then!",
            ["Talks with the U.S.", "The visit was planned.", "He said: “It is over.”", "Then!"],
        ),
        (
            "“For China, the audience is the global south. For the US, it’s allies.”",
            ["“For China, the audience is the global south.", "For the US, it’s allies.”"],
        ),
        ("No. 5 was hit in Sept. 2021. It burned.", ["No. 5 was hit in Sept. 2021.", "It burned."]),
        ("Wait. . . What? Yes!", ["Wait. . .", "What?", "Yes!"]),
        ("  Leading and trailing space.  ", ["Leading and trailing space."]),
        ("no terminator at all", ["no terminator at all"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_quote_spans_pair_curly_and_straight_quotes() -> None:
    text = 'He said “a b” and "c d" and “open'
    assert [text[s:e] for s, e in quote_spans(text)] == ["“a b”", '"c d"', "“open"]
