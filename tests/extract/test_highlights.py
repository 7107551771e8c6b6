"""The bullet summary at the top of a story, and only there."""

from __future__ import annotations

from revtrack.extract.body import Block
from revtrack.extract.highlights import find_highlights

LEDE = Block("p", "WASHINGTON: " + "word " * 40)
ITEMS = [
    "US Secretary of State to hold meetings on June 18-19",
    "Qin Gang told the US to stop meddling",
]


def test_marked_list_wins() -> None:
    assert find_highlights(["• Marked item number one", "Marked item number two"], []) == [
        "Marked item number one",
        "Marked item number two",
    ]


def test_leading_list_before_the_lede() -> None:
    blocks = [Block("p", "Updated 16 June 2023"), *(Block("item", t, 3) for t in ITEMS), LEDE]
    assert find_highlights([], blocks) == ITEMS


def test_list_after_the_lede_is_body() -> None:
    blocks = [LEDE, *(Block("item", t, 3) for t in ITEMS)]
    assert find_highlights([], blocks) == []


def test_leading_bullet_paragraphs() -> None:
    blocks = [Block("head", "Headline"), *(Block("p", "• " + t) for t in ITEMS), LEDE]
    assert find_highlights([], blocks) == ITEMS


def test_link_lists_and_single_items_are_not_highlights() -> None:
    assert find_highlights([], [Block("item", "Home", 1), Block("item", "World", 1), LEDE]) == []
    assert find_highlights([], [Block("item", ITEMS[0], 1), LEDE]) == []


def test_a_list_article_keeps_its_items_in_the_body() -> None:
    # "Five things to know": the list is the article, with no story after it.
    items = [f"Point number {n}: the council will review the bin schedule in spring" for n in "123"]
    listed = [Block("head", "Five things to know"), *(Block("item", t, 2) for t in items)]
    assert find_highlights([], listed) == []
    bullets = [Block("p", "• " + t) for t in items]
    assert find_highlights([], bullets) == []
    assert find_highlights([], [*bullets, Block("p", "Short sign-off.")]) == []
