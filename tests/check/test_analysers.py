"""Page analysis on worker processes: same results as inline, and crash isolation."""

import os
from datetime import UTC, datetime

from revtrack.article import Article
from revtrack.check.analysers import PageAnalyser
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.store.rows import Story
from tests.pages import news_page

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
URL = "https://news.example/a"


def _story() -> Story:
    return Story(
        id=1, url=URL, site="news.example", added_at=NOW, status="live", headline="",
        every_s=None, etag=None, last_modified=None, last_raw_sha=None, page_digest=None,
        last_checked_at=None, last_changed_at=None, next_check_at=None, error_streak=0,
        last_error="",
    )  # fmt: skip


def _fetched(html: str) -> FetchResult:
    body = html.encode()
    return FetchResult(
        url=URL, outcome=FetchOutcome.OK, fetched_at=NOW, final_url=URL, status=200,
        body=body, text=html,
    )  # fmt: skip


def crash_on_boom(html: str, *, url: str, fetched_at: datetime) -> Article:
    if "BOOM" in html:
        os._exit(3)  # what a segfault in a C extension looks like to the pool
    return Article(url=url, headline="fine", paragraphs=("ok",))


async def test_worker_processes_extract_like_inline() -> None:
    page = news_page("Strikes kill 3", ["First paragraph of the story.", "Second one."], hit=4)
    async with PageAnalyser(workers=0) as inline, PageAnalyser(workers=1) as pooled:
        here = await inline.analyse(_story(), _fetched(page))
        there = await pooled.analyse(_story(), _fetched(page))
        assert len(pooled.worker_pids) == 1
    assert here is not None
    assert here.article is not None
    assert here.article.headline == "Strikes kill 3"
    assert there == here


async def test_a_crashing_extractor_costs_one_page_not_the_pass() -> None:
    async with PageAnalyser(workers=1, extract=crash_on_boom) as analyser:
        crashed = await analyser.analyse(_story(), _fetched("<p>BOOM</p>"))
        after = await analyser.analyse(_story(), _fetched("<p>calm</p>"))
    assert crashed is not None
    assert crashed.article is None
    assert crashed.skipped == "the extractor crashed on this page"
    assert after is not None
    assert after.article is not None
    assert after.article.headline == "fine"


async def test_nothing_to_analyse_without_a_page() -> None:
    gone = FetchResult(url=URL, outcome=FetchOutcome.GONE, fetched_at=NOW, status=404)
    async with PageAnalyser(workers=0) as analyser:
        assert await analyser.analyse(_story(), gone) is None
