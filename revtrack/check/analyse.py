"""The CPU half of a check: what a fetched page contains, with no store access.

Pure and picklable, so a pass can run it in worker processes while the event
loop keeps fetching and one thread writes to SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from revtrack.article import Article
from revtrack.check.fingerprint import fingerprint_article
from revtrack.check.prefilter import digest_covers, page_digest
from revtrack.extract import extract_article
from revtrack.extract.errorpage import error_page_headline
from revtrack.safe_text import single_line
from revtrack.store.blobs import blob_sha

Extractor = Callable[..., Article]


@dataclass(frozen=True, slots=True)
class PageAnalysis:
    raw_sha: str
    digest: str = ""
    # Why no article was extracted: "unchanged" (same bytes), "noise" (same
    # digest), "empty", "no-article", an error page served as a 200, or an
    # extractor failure.
    skipped: str = ""
    article: Article | None = None
    fingerprint: str = ""


def analyse_page(
    body: bytes,
    text: str,
    *,
    url: str,
    fetched_at: datetime,
    known_raw_sha: str | None,
    known_digest: str | None,
    extract: Extractor = extract_article,
) -> PageAnalysis:
    """Skip what can be skipped (same bytes, same readable text), else extract."""
    raw_sha = blob_sha(body)
    if not body.strip():
        return PageAnalysis(raw_sha, skipped="empty")
    if raw_sha == known_raw_sha:
        return PageAnalysis(raw_sha, skipped="unchanged")
    compared = page_digest(text)
    if compared.value and compared.value == known_digest:
        return PageAnalysis(raw_sha, compared.value, skipped="noise")
    article = extract(text, url=url, fetched_at=fetched_at)
    # Kept for the next check only when it covers all this article's text; else no shortcut.
    digest = compared.value if digest_covers(compared, article) else ""
    if not article.headline and not article.paragraphs:
        return PageAnalysis(raw_sha, digest, skipped="no-article")
    error_headline = error_page_headline(article)
    if error_headline:
        quoted = single_line(error_headline)[:80]
        return PageAnalysis(
            raw_sha, digest, skipped=f"an error page came with HTTP 200: {quoted!r}"
        )
    return PageAnalysis(raw_sha, digest, article=article, fingerprint=fingerprint_article(article))
