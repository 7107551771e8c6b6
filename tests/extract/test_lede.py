"""A dek is only a dek when it is not also the story's first paragraph."""

from __future__ import annotations

from datetime import UTC, datetime

from revtrack.extract import extract_article

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
LEDE = (
    "The council voted on Tuesday to move bin collections to every other week, "
    "ending a weekly service that residents had relied on for forty years."
)
REST = [
    "Councillors said the change would save about two million pounds a year.",
    "Opposition members called the vote rushed and promised to raise it again in spring.",
    "Residents will receive a new calendar by post before the first fortnightly round.",
]


def page(lede_markup: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in REST)
    return (
        f"<html><head><title>Council moves bins to fortnightly</title>{head}</head><body>"
        f"<article><h1>Council moves bins to fortnightly</h1>{lede_markup}{paragraphs}"
        "</article></body></html>"
    )


def test_a_lead_paragraph_styled_as_standfirst_stays_in_the_body() -> None:
    article = extract_article(
        page(f'<p class="lead">{LEDE}</p>'), url="https://example.com/a", fetched_at=NOW
    )
    assert article.paragraphs[0] == LEDE
    assert article.dek == ""


def test_a_meta_description_that_is_the_lede_is_no_dek() -> None:
    head = f'<meta name="description" content="{LEDE}">'
    article = extract_article(page(f"<p>{LEDE}</p>", head), url="https://x.com/a", fetched_at=NOW)
    assert article.paragraphs[0] == LEDE
    assert article.dek == ""
    cut = f'<meta name="description" content="{LEDE[:90]}…">'
    article = extract_article(page(f"<p>{LEDE}</p>", cut), url="https://x.com/a", fetched_at=NOW)
    assert article.dek == ""


def test_a_real_standfirst_stays_the_dek() -> None:
    standfirst = "Residents fear overflowing bins as the council seeks savings."
    head = f'<meta name="description" content="{standfirst}">'
    article = extract_article(page(f"<p>{LEDE}</p>", head), url="https://x.com/a", fetched_at=NOW)
    assert article.dek == standfirst
    assert article.paragraphs[0] == LEDE


def test_a_meta_description_that_repeats_the_headline_is_no_dek() -> None:
    head = '<meta name="description" content="Council moves bins to fortnightly">'
    article = extract_article(page(f"<p>{LEDE}</p>", head), url="https://x.com/a", fetched_at=NOW)
    assert article.headline == "Council moves bins to fortnightly"
    assert article.dek == ""
