import pytest

from revtrack.urls import canonical_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://amp.theguardian.com/world/2024/x", "https://www.theguardian.com/world/2024/x"),
        ("https://amp.example.co.uk/a", "https://www.example.co.uk/a"),
        ("https://amp.news.example.com/a", "https://news.example.com/a"),
        ("https://www.bbc.co.uk/news/amp/world-123", "https://www.bbc.co.uk/news/world-123"),
        ("https://e.example/story/amp", "https://e.example/story"),
        ("https://e.example/story/amp/", "https://e.example/story/"),
        ("https://e.example/amp/a/b", "https://e.example/a/b"),
        ("https://e.example/story.amp", "https://e.example/story"),
        ("https://e.example/story.amp.html", "https://e.example/story.html"),
        ("https://e.example/s?amp", "https://e.example/s"),
        ("https://e.example/s?amp=1&id=2", "https://e.example/s?id=2"),
        ("https://e.example/s?outputType=amp", "https://e.example/s"),
        ("https://e.example/s?utm_campaign=x&amp=true#frag", "https://e.example/s"),
    ],
)
def test_amp_variants_fold_to_the_plain_article(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "https://amp.com/a",  # the site itself is called amp
        "https://e.example/amp",  # a page named amp, not an AMP copy of something
        "https://e.example/s?amp=0",
        "https://e.example/ampere/x",
        "https://e.example/x/amp-up",
        "https://e.example/x/.amp",
        "https://e.example/a/",
    ],
)
def test_lookalikes_are_left_alone(kept: str) -> None:
    assert canonical_url(kept) == kept
