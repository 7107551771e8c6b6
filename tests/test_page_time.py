"""The page's own UTC offset: kept on the Article, stored, and shown as the page wrote it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.article import Article, keep_stamp
from revtrack.check.fingerprint import fingerprint_article
from revtrack.cli import cli
from revtrack.clock import page_time
from revtrack.store.history import NewVersion
from revtrack.store.store import Store

URL = "https://news.example/2019/10/19/cocktails"
ARTICLE = Article(
    url=URL,
    headline="Sazerac, a classic from New Orleans",
    paragraphs=("A cocktail with a Swiss twist.",),
    published=datetime(2019, 10, 19, 6, 0, tzinfo=UTC),
    updated=datetime(2019, 10, 19, 22, 30, tzinfo=UTC),
    published_offset=120,
    updated_offset=-240,
    updated_resolution=60,
)


@pytest.mark.parametrize(
    ("offset", "shown"),
    [
        (120, "2019-10-19 08:00+02:00"),
        (-240, "2019-10-19 02:00-04:00"),
        (330, "2019-10-19 11:30+05:30"),
        (-30, "2019-10-19 05:30-00:30"),
        (0, "2019-10-19 06:00+00:00"),
        (None, "2019-10-19 06:00Z"),
        (100_000, "2019-10-19 06:00Z"),  # no such zone: shown in UTC
    ],
)
def test_page_time_shows_the_page_clock_with_its_offset(offset: int | None, shown: str) -> None:
    assert page_time(datetime(2019, 10, 19, 6, 0, tzinfo=UTC), offset) == shown


def test_page_time_of_nothing_and_its_utc_mark() -> None:
    assert page_time(None, 120) == "-"
    assert page_time(None, None, missing="—") == "—"
    assert page_time(datetime(2019, 10, 19, 6, 0, tzinfo=UTC), None, utc=" UTC") == (
        "2019-10-19 06:00 UTC"
    )


def test_offsets_and_resolution_round_trip_through_json() -> None:
    data = ARTICLE.to_dict()
    assert (data["published_offset"], data["updated_offset"]) == (120, -240)
    assert data["updated_resolution"] == 60
    assert Article.from_json(ARTICLE.to_json()) == ARTICLE


def test_stored_json_without_offsets_still_loads() -> None:
    old = ARTICLE.to_dict()
    for name in ("published_offset", "updated_offset", "updated_resolution"):
        del old[name]
    loaded = Article.from_json(json.dumps(old))
    assert (loaded.published_offset, loaded.updated_offset, loaded.updated_resolution) == (
        None, None, 0,
    )  # fmt: skip
    assert loaded.published == ARTICLE.published


def test_offsets_do_not_change_the_fingerprint() -> None:
    bare = replace(ARTICLE, published_offset=None, updated_offset=None, updated_resolution=0)
    assert fingerprint_article(bare) == fingerprint_article(ARTICLE)


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., Result]:
    home = tmp_path / "home"
    home.mkdir()
    now = datetime(2019, 10, 20, tzinfo=UTC)
    with Store.open(home / "revtrack.db") as store:
        story, _ = store.add_story(URL, now=now)
        with store.transaction():
            new = NewVersion(
                article=ARTICLE, raw=b"<html></html>", fingerprint=fingerprint_article(ARTICLE),
                captured_at=now, url=URL, extractor="test", extractor_version="1",
            )  # fmt: skip
            store.add_version(story.id, new)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)

    return invoke


def test_show_prints_the_page_local_times(run: Callable[..., Result]) -> None:
    result = run("show", URL)
    assert result.exit_code == 0, result.output
    assert "published 2019-10-19 08:00+02:00   updated 2019-10-19 18:30-04:00" in result.output


def test_show_json_carries_the_offsets(run: Callable[..., Result]) -> None:
    result = run("show", URL, "--json")
    data = json.loads(result.output)
    assert (data["published_offset"], data["updated_offset"]) == (120, -240)
    assert data["published"] == "2019-10-19T06:00:00Z"


def test_a_stamp_read_again_within_its_resolution_keeps_the_first_reading() -> None:
    first = replace(ARTICLE, updated_text="Updated 31 min ago")
    later = replace(
        ARTICLE, updated=ARTICLE.updated + timedelta(seconds=16),  # type: ignore[operator]
        updated_text="Updated 31 min ago", updated_offset=None,
    )  # fmt: skip
    kept = keep_stamp(first, later)
    assert (kept.updated, kept.updated_offset) == (first.updated, first.updated_offset)
    moved = replace(later, updated=ARTICLE.updated + timedelta(minutes=5))  # type: ignore[operator]
    assert keep_stamp(first, moved) == moved


def test_exact_stamps_are_the_same_only_to_the_second() -> None:
    exact = replace(ARTICLE, updated_resolution=0)
    fraction = replace(exact, updated=exact.updated + timedelta(milliseconds=824))  # type: ignore[operator]
    assert keep_stamp(exact, fraction).updated == exact.updated
    second = replace(exact, updated=exact.updated + timedelta(seconds=1))  # type: ignore[operator]
    assert keep_stamp(exact, second) == second
    assert keep_stamp(replace(exact, updated=None), second) == second
