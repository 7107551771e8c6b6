"""The one vocabulary of chrome class and id words, as each reader matches it."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborNode

from revtrack.extract.chrome_words import (
    CHROME_SELECTOR,
    DIGEST_SELECTOR,
    is_chrome,
    is_digest_chrome,
)
from revtrack.extract.dom import parse_html, select


def _box(names: str) -> str:
    return f'<div class="{names}">x</div>'


def _first(html: str) -> LexborNode:
    node = parse_html(html).css_first("div")
    assert node is not None
    return node


@pytest.mark.parametrize(
    "names", ["most-read", "mostRead", "most_read", "MostRead", "mostread", "c-most-read__list"]
)
def test_a_compound_matches_however_it_is_spelt(names: str) -> None:
    assert is_chrome(_first(_box(names)))
    assert is_digest_chrome(_first(_box(names)))


@pytest.mark.parametrize("names", ["ad", "ad-slot", "topAd", "adUnit", "ads", "post-tags"])
def test_short_words_count_when_whole(names: str) -> None:
    assert is_chrome(_first(_box(names)))
    assert is_digest_chrome(_first(_box(names)))


@pytest.mark.parametrize("names", ["header", "headline", "lead", "thread", "hashtags", "badge"])
def test_short_words_never_count_inside_another_word(names: str) -> None:
    assert not is_chrome(_first(_box(names)))
    assert not is_digest_chrome(_first(_box(names)))


@pytest.mark.parametrize(
    "names", ["recentcomments", "cookielawinfo-row", "promotional-tile", "socialicons", "shareable"]
)
def test_the_digest_finds_long_words_inside_names_the_extractor_keeps(names: str) -> None:
    # A wrong drop only costs the digest speed; a wrong strip costs the story text.
    assert is_digest_chrome(_first(_box(names)))
    assert not is_chrome(_first(_box(names)))


def test_ids_count_as_well_as_classes() -> None:
    node = _first('<div id="related-articles">x</div>')
    assert is_chrome(node)
    assert is_digest_chrome(node)


@pytest.mark.parametrize("names", ["sidebar", "comments", "weather", "ticker"])
def test_boxes_only_the_digest_drops(names: str) -> None:
    assert is_digest_chrome(_first(_box(names)))
    assert not is_chrome(_first(_box(names)))


@pytest.mark.parametrize(
    "names", ["documentContent__sharingContainer", "c-article__credits", "photo-credit"]
)
def test_boxes_only_the_extractor_strips(names: str) -> None:
    # A "sharing" wrapper may hold the story; a credits box may hold the byline.
    assert is_chrome(_first(_box(names)))
    assert not is_digest_chrome(_first(_box(names)))


NAMES = [
    "most-read", "MostRead", "ad-slot", "topAd", "adUnit", "read-more", "readMore",
    "also_read", "sign-up", "signUp", "recentcomments", "td-post-sharing", "c-article__credits",
    "weather-box", "promotional-tile", "Breadcrumbs", "cookie-consent", "news-ticker",
]  # fmt: skip


def test_the_selectors_find_every_box_the_words_name() -> None:
    html = "".join(_box(names) for names in NAMES) + "".join(
        f'<div id="{names}">x</div>' for names in NAMES
    )
    tree = parse_html(html)
    nodes = tree.css("div")
    chrome = {node.mem_id for node in select(tree, CHROME_SELECTOR)}
    digest = {node.mem_id for node in select(tree, DIGEST_SELECTOR)}
    assert all(node.mem_id in chrome for node in nodes if is_chrome(node))
    assert all(node.mem_id in digest for node in nodes if is_digest_chrome(node))
