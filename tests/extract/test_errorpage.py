"""Error pages served with a 200 are recognised; stories about errors are not."""

from __future__ import annotations

import pytest

from revtrack.article import Article
from revtrack.extract.errorpage import MAX_ERROR_PAGE_WORDS, error_page_headline


def _article(headline: str, words: int = 12) -> Article:
    return Article(url="https://news.example/a", headline=headline, paragraphs=("word " * words,))


@pytest.mark.parametrize(
    "headline",
    [
        "Page not found",
        "Sorry, we can't find that page",
        "We couldn’t find that article",
        "404 | Daily Example",
        "Error 404: Page Not Found - The Times",
        "404 - Page not found",
        "This page is not available",
        "The article you requested is no longer available",
        "Access Denied",
        "Service Temporarily Unavailable",
        "Just a moment...",
        "Oops! Something went wrong",
        "503 Service Unavailable",
    ],
)
def test_error_headlines_on_short_pages(headline: str) -> None:
    assert error_page_headline(_article(headline)) == headline


@pytest.mark.parametrize(
    "headline",
    [
        "404 error: why the BBC site went down for an hour",
        "Page not found: how a typo cost a council millions",
        "Forbidden lovers reunite after 40 years",
        "Council votes to move bin collections",
        "",
    ],
)
def test_articles_are_not_error_pages(headline: str) -> None:
    assert error_page_headline(_article(headline)) == ""


def test_a_long_page_is_an_article_whatever_its_headline() -> None:
    assert error_page_headline(_article("Page not found", MAX_ERROR_PAGE_WORDS + 1)) == ""
