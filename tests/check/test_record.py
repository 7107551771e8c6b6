"""record_fetch decides what a fetch means; an injected extractor keeps these exact."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from revtrack.article import Article
from revtrack.check import record_fetch
from revtrack.clock import from_iso
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.store.rows import CheckOutcome
from revtrack.store.store import Store

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
URL = "https://news.example/world/story-1"


class JsonExtractor:
    """Pages in these tests are JSON: {"headline", "paragraphs", "updated", "noise"}."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, html: str, *, url: str, fetched_at: datetime) -> Article:
        self.calls += 1
        data = json.loads(html)
        updated = from_iso(data["updated"]) if data.get("updated") else None
        return Article(
            url=url,
            headline=data.get("headline", ""),
            paragraphs=tuple(data.get("paragraphs", ())),
            corrections=tuple(data.get("corrections", ())),
            updated=updated,
        )


def page(headline: str, *paragraphs: str, **extra: Any) -> bytes:
    return json.dumps({"headline": headline, "paragraphs": paragraphs, **extra}).encode()


def fetched(body: bytes, at: datetime, **kw: Any) -> FetchResult:
    defaults: dict[str, Any] = {"outcome": FetchOutcome.OK, "status": 200, "final_url": URL}
    defaults.update(kw)
    return FetchResult(url=URL, fetched_at=at, body=body, text=body.decode(), **defaults)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "revtrack.db") as opened:
        yield opened


class Tracker:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.extract = JsonExtractor()
        self.now = T0
        store.add_story(URL, now=T0)

    def feed(self, body: bytes = b"", **kw: Any) -> Any:
        self.now += timedelta(minutes=15)
        story = self.store.story(URL)
        return record_fetch(self.store, story, fetched(body, self.now, **kw), extract=self.extract)


def test_first_fetch_makes_version_one_and_schedules(store: Store) -> None:
    t = Tracker(store)
    report = t.feed(page("Strikes kill 1", "A man was killed."))
    assert report.outcome is CheckOutcome.NEW_VERSION
    assert report.version_seq == 1
    story = store.story(URL)
    assert story.status == "live"
    assert story.headline == "Strikes kill 1"
    assert story.next_check_at is not None
    assert story.next_check_at > t.now
    assert [c.outcome for c in store.checks(story.id)] == ["new-version"]


def test_identical_bytes_skip_extraction(store: Store) -> None:
    t = Tracker(store)
    body = page("Strikes kill 1", "A man was killed.")
    t.feed(body)
    report = t.feed(body)
    assert report.outcome is CheckOutcome.UNCHANGED
    assert t.extract.calls == 1


def test_noise_and_stamp_moves_make_no_version(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A man was killed.", updated="2026-03-01T08:00:00Z", noise=1))
    noise = t.feed(
        page("Strikes kill 1", "A man was killed.", updated="2026-03-01T08:00:00Z", noise=2)
    )
    stamp = t.feed(page("Strikes kill 1", "A man was killed.", updated="2026-03-01T08:20:00Z"))
    assert noise.outcome is CheckOutcome.NOISE
    assert noise.detail == "page noise only"
    assert stamp.outcome is CheckOutcome.NOISE
    assert stamp.detail == "only the page's updated stamp moved"
    assert len(store.versions(store.story(URL).id)) == 1
    last_check = store.checks(store.story(URL).id)[-1]
    assert last_check.page_updated_at == datetime(2026, 3, 1, 8, 20, tzinfo=UTC)


def test_revert_is_a_flip_flop_not_an_edit(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A."))
    t.feed(page("Strikes kill 3", "A."))
    report = t.feed(page("Strikes kill 1", "A.", noise="x"))
    assert report.outcome is CheckOutcome.FLIP_FLOP
    story = store.story(URL)
    versions = store.versions(story.id)
    assert [(v.seq, v.kind, v.same_as) for v in versions] == [
        (1, "version", None), (2, "version", None), (3, "flip-flop", 1)
    ]  # fmt: skip
    assert [e.kind for e in store.events(story.id)] == ["flip-flop"]
    # Same article content is stored once.
    assert versions[0].article_sha == versions[2].article_sha


def test_gone_then_restored(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A."))
    gone = t.feed(outcome=FetchOutcome.GONE, status=410)
    again = t.feed(outcome=FetchOutcome.GONE, status=410)
    back = t.feed(page("Strikes kill 1", "A."))
    assert (gone.outcome, gone.event) == (CheckOutcome.GONE, "gone")
    assert again.event == ""  # still gone: no second event
    assert back.event == "restored"
    story = store.story(URL)
    assert story.status == "live"
    assert [e.kind for e in store.events(story.id)] == ["gone", "restored"]
    assert len(store.versions(story.id)) == 1


def test_gone_detail_comes_from_the_fetch(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A."))
    report = t.feed(
        outcome=FetchOutcome.GONE, status=200, final_url="https://news.example/",
        error="redirected to the front page https://news.example/",
    )  # fmt: skip
    assert (report.outcome, report.event) == (CheckOutcome.GONE, "gone")
    assert report.detail == "redirected to the front page https://news.example/"


def test_errors_back_off_and_keep_the_story(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A."))
    gaps = []
    for _ in range(3):
        t.feed(outcome=FetchOutcome.ERROR, status=500, error="HTTP 500 after 3 attempts")
        story = store.story(URL)
        assert story.next_check_at is not None
        gaps.append(story.next_check_at - t.now)
    assert story.error_streak == 3
    assert story.last_error == "HTTP 500 after 3 attempts"
    assert gaps[0] < gaps[1] < gaps[2]
    t.feed(page("Strikes kill 1", "A.", noise=9))
    assert store.story(URL).error_streak == 0


def test_not_modified_and_empty_and_articleless_pages(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A."), etag='"v1"')
    assert store.story(URL).etag == '"v1"'
    assert (
        t.feed(outcome=FetchOutcome.NOT_MODIFIED, status=304).outcome is CheckOutcome.NOT_MODIFIED
    )
    empty = t.feed(b"   ")
    assert (empty.outcome, empty.detail) == (CheckOutcome.ERROR, "empty page")
    blank = t.feed(page(""))
    assert blank.outcome is CheckOutcome.ERROR
    assert len(store.versions(store.story(URL).id)) == 1
    # A failed check keeps the validators of the last good response.
    assert store.story(URL).etag == '"v1"'


def test_an_error_page_served_as_200_is_a_failed_check_not_a_version(store: Store) -> None:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A man was killed in the strikes on Sunday."))
    report = t.feed(page("Page not found | Daily Example", "Try the home page."))
    assert report.outcome is CheckOutcome.ERROR
    assert report.detail == "an error page came with HTTP 200: 'Page not found | Daily Example'"
    story = store.story(URL)
    assert [v.headline for v in store.versions(story.id)] == ["Strikes kill 1"]
    assert (story.headline, story.error_streak) == ("Strikes kill 1", 1)
    assert store.checks(story.id)[-1].detail == report.detail
