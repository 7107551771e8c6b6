"""Shared helpers for the extractor tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from revtrack.article import Article
from revtrack.extract import extract_article

PAGES = Path(__file__).parent / "pages"
# Microseconds on purpose: resolved stamps must drop them.
FETCHED_AT = datetime(2025, 12, 9, 10, 0, 30, 500_000, tzinfo=UTC)


def load_page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def extract_page(name: str, url: str, fetched_at: datetime = FETCHED_AT) -> Article:
    return extract_article(load_page(name), url=url, fetched_at=fetched_at)


def text_fields(article: Article) -> list[str]:
    """Every string the article carries, for checks that apply to all of them."""
    singles = [article.url, article.headline, article.dek, article.byline, article.updated_text,
               article.language, article.site]  # fmt: skip
    return [*singles, *article.highlights, *article.paragraphs, *article.corrections]
