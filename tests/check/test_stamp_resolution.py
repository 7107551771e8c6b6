"""A relative "Updated" stamp read on two checks is one stamp, within its resolution.

Real pages through the real extractor: "Updated 31 min ago" read 16 s later resolves
to an instant 16 s later, which must neither move ``updated_at`` nor show up in the
diff, and a body edit under that unchanged stamp is a silent edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from revtrack.check import record_fetch
from revtrack.check.analyse import analyse_page
from revtrack.diff import diff_articles
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.store.rows import CheckOutcome
from revtrack.store.store import Store
from tests.pages import news_page

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
URL = "https://news.example/world/storm-live"
BODY = [
    "The storm made landfall near the harbour early on Saturday, officials said.",
    "At least 12 people were taken to hospital and 3,400 homes lost power overnight.",
    "\u201cWe have never seen water this high,\u201d said harbour master Ana Ruiz.",
    "Crews expect to restore power to most homes by Sunday evening, the utility said.",
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "revtrack.db") as opened:
        opened.add_story(URL, now=T0)
        yield opened


def check(store: Store, at: datetime, stamp: str, paragraphs: list[str] = BODY) -> Any:
    """One check whose page is always extracted, as when a rotating teaser defeats the
    same-bytes and same-text shortcuts."""
    body = news_page("Storm floods the harbour", paragraphs, stamp=stamp).encode()
    result = FetchResult(
        url=URL, fetched_at=at, body=body, text=body.decode(), outcome=FetchOutcome.OK,
        status=200, final_url=URL,
    )  # fmt: skip
    analysis = analyse_page(
        body, result.text, url=URL, fetched_at=at, known_raw_sha=None, known_digest=None
    )
    return record_fetch(store, store.story(URL), result, analysis=analysis)


def test_a_re_read_relative_stamp_keeps_one_updated_instant(store: Store) -> None:
    first = check(store, T0, "Updated 31 min ago")
    again = check(store, T0 + timedelta(seconds=16), "Updated 31 min ago")
    assert first.outcome is CheckOutcome.NEW_VERSION
    assert again.outcome is CheckOutcome.NOISE
    # Not "only the page's updated stamp moved": it did not move.
    assert again.detail == "page noise only"
    assert again.page_updated_at == first.page_updated_at == T0 - timedelta(minutes=31)


def test_a_body_edit_under_the_same_stamp_is_silent_and_shows_no_stamp_line(
    store: Store,
) -> None:
    check(store, T0, "Updated 31 min ago")
    edited = [BODY[0], BODY[1].replace("At least 12", "At least 19"), *BODY[2:]]
    report = check(store, T0 + timedelta(seconds=16), "Updated 31 min ago", edited)
    assert report.outcome is CheckOutcome.NEW_VERSION
    story_id = store.story(URL).id
    first, second = store.versions(story_id)
    assert second.updated_at == first.updated_at
    before, after = store.article(first), store.article(second)
    changes = diff_articles(before, after)
    assert not [c.field for c in changes.fields if c.field in ("updated", "updated_text")]
    assert "silent" in changes.labels
    kept = store.change(story_id, second.seq)
    assert kept is not None
    assert "silent" in kept.labels


def test_a_stamp_that_really_moved_is_a_new_stamp_and_the_edit_is_not_silent(
    store: Store,
) -> None:
    check(store, T0, "Updated 31 min ago")
    edited = [BODY[0], BODY[1].replace("At least 12", "At least 19"), *BODY[2:]]
    later = T0 + timedelta(minutes=15)
    report = check(store, later, "Updated 1 min ago", edited)
    assert report.page_updated_at == later - timedelta(minutes=1)
    story_id = store.story(URL).id
    first, second = store.versions(story_id)
    assert second.updated_at != first.updated_at
    kept = store.change(story_id, second.seq)
    assert kept is not None
    assert "silent" not in kept.labels


def test_a_coarse_stamp_holds_across_checks_within_its_hour(store: Store) -> None:
    check(store, T0, "Updated 2 hours ago")
    # Forty minutes on the page still says "2 hours ago": the same stamp, read later.
    again = check(store, T0 + timedelta(minutes=40), "Updated 2 hours ago")
    assert again.outcome is CheckOutcome.NOISE
    assert again.page_updated_at == T0 - timedelta(hours=2)


def test_reextract_keeps_the_carried_stamp(store: Store) -> None:
    from revtrack.check.reextract import ReextractSummary, reextract_story

    check(store, T0, "Updated 31 min ago")
    edited = [BODY[0], BODY[1].replace("At least 12", "At least 19"), *BODY[2:]]
    check(store, T0 + timedelta(seconds=16), "Updated 31 min ago", edited)
    reextract_story(store, store.story(URL), summary=ReextractSummary())
    first, second = store.versions(store.story(URL).id)
    before, after = store.article(first), store.article(second)
    assert after.updated == before.updated
    assert "silent" in diff_articles(before, after).labels
