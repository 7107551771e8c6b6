"""Extraction quality on the labelled real-page corpus, beside the libraries a user would pick.

    python bench/extraction.py [--limit N] [--show-misses]

For each of the corpus pages (../shared/corpus, 300 labelled real pages) runs
revtrack's extractor, bare trafilatura (default settings, with metadata) and
htmldate (``original_date=True``), and prints one table:

- with: share of the ``with`` passages found in the article text (higher is better);
- without: share of the ``without`` passages leaked into it (lower is better);
- headline: headline equal to the labelled title (whitespace-normalised);
- date: publication date on the labelled day (pages with a labelled date).

revtrack's article text is headline, dek, highlights, paragraphs and correction
notices (what a version holds); trafilatura's is its title and text. The
"body only" row scores revtrack's body alone (highlights, paragraphs, notices)
for the with/without columns; its date column ignores the page's UTC offset.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import htmldate
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import CORPUS, CorpusPage, corpus_pages, squash

from revtrack.article import Article
from revtrack.extract import extract_article

# A capture time after every corpus page, as a re-check today would have.
FETCHED_AT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    headline: str
    date: str


@dataclass(slots=True)
class Score:
    with_found: int = 0
    with_total: int = 0
    without_leaked: int = 0
    without_total: int = 0
    headline_exact: int = 0
    pages: int = 0
    date_right: int = 0
    dated: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, page: CorpusPage, result: Result, seconds: float) -> None:
        text = squash(result.text)
        self.pages += 1
        self.seconds += seconds
        for passage in page.with_passages:
            self.with_total += 1
            if squash(passage) in text:
                self.with_found += 1
            else:
                self.misses.append(f"{page.name} with: {passage!r}")
        for passage in page.without_passages:
            self.without_total += 1
            if squash(passage) in text:
                self.without_leaked += 1
                self.misses.append(f"{page.name} leaked: {passage!r}")
        if squash(result.headline) == squash(page.title):
            self.headline_exact += 1
        else:
            self.misses.append(f"{page.name} headline: {result.headline!r} != {page.title!r}")
        if page.date:
            self.dated += 1
            if result.date == page.date:
                self.date_right += 1
            else:
                self.misses.append(f"{page.name} date: {result.date!r} != {page.date!r}")

    def row(self, name: str) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.3f}" if whole else "  -  "

        return (
            f"{name:<22} {share(self.with_found, self.with_total):>6} "
            f"{share(self.without_leaked, self.without_total):>8} "
            f"{share(self.headline_exact, self.pages):>9} {share(self.date_right, self.dated):>6} "
            f"{self.pages / self.seconds if self.seconds else 0:>8.1f}"
        )


def local_day(moment: datetime | None, offset_minutes: int | None) -> str:
    if moment is None:
        return ""
    if offset_minutes is not None:
        moment = moment + timedelta(minutes=offset_minutes)
    return moment.date().isoformat()


def run_revtrack(page: CorpusPage) -> Result:
    article: Article = extract_article(page.html, url=page.url, fetched_at=FETCHED_AT)
    parts = [article.headline, article.dek, *article.highlights, *article.paragraphs]
    offset = getattr(article, "published_offset", None)
    return Result(
        " ".join([*parts, *article.corrections]),
        article.headline,
        local_day(article.published, offset),
    )


def run_revtrack_body(page: CorpusPage) -> Result:
    """The body alone (paragraphs, highlights, notices), as trafilatura's text is."""
    article = extract_article(page.html, url=page.url, fetched_at=FETCHED_AT)
    body = [*article.highlights, *article.paragraphs, *article.corrections]
    return Result(" ".join(body), article.headline, local_day(article.published, None))


def run_trafilatura(page: CorpusPage) -> Result:
    document = trafilatura.bare_extraction(page.html, url=page.url or None, with_metadata=True)
    if document is None:
        return Result("", "", "")
    title = getattr(document, "title", None) or ""
    text = getattr(document, "text", None) or ""
    date = getattr(document, "date", None) or ""
    return Result(f"{title} {text}", title, date[:10])


def run_htmldate(page: CorpusPage) -> Result:
    found = htmldate.find_date(page.html, url=page.url or None, original_date=True)
    return Result("", "", found or "")


RUNNERS: dict[str, Callable[[CorpusPage], Result]] = {
    "revtrack": run_revtrack,
    "revtrack (body only)": run_revtrack_body,
    "trafilatura (default)": run_trafilatura,
    "htmldate (date only)": run_htmldate,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--show-misses", action="store_true", help="list revtrack's misses")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    scores = {name: Score() for name in RUNNERS}
    for page in corpus_pages(limit=args.limit):
        for name, run in RUNNERS.items():
            started = time.process_time()
            result = run(page)
            scores[name].add(page, result, time.process_time() - started)
    print(f"{scores['revtrack'].pages} corpus pages, captured at {FETCHED_AT:%Y-%m-%d}")
    heads = ("with", 6), ("without", 8), ("headline", 9), ("date", 6), ("pages/s", 8)
    print(f"{'extractor':<22} " + " ".join(f"{name:>{width}}" for name, width in heads))
    for name, score in scores.items():
        print(score.row(name))
    rt = scores["revtrack"]
    print(
        f"revtrack: {rt.with_found}/{rt.with_total} with, {rt.without_leaked}/{rt.without_total}"
        f" leaked, {rt.headline_exact}/{rt.pages} headlines, {rt.date_right}/{rt.dated} dates"
    )
    if args.show_misses:
        print("\n".join(rt.misses))


if __name__ == "__main__":
    main()
