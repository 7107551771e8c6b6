"""Published and updated times: source order, machine formats, htmldate fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.extract.dates import Dates, DateSources, parse_machine_date, resolve_dates

FETCHED = datetime(2025, 12, 9, 10, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06-16T10:42:00Z", utc(2023, 6, 16, 10, 42)),
        ("2023-06-16T10:42:00.123+03:00", utc(2023, 6, 16, 7, 42, 0, 123000)),
        ("2023-06-16T10:42:00+0300", utc(2023, 6, 16, 7, 42)),
        ("2023-06-16 10:42:00", utc(2023, 6, 16, 10, 42)),
        ("2023-06-16", utc(2023, 6, 16)),
        ("Fri, 16 Jun 2023 10:42:00 GMT", utc(2023, 6, 16, 10, 42)),
        ("1686912120", utc(2023, 6, 16, 10, 42)),
        ("1686912120000", utc(2023, 6, 16, 10, 42)),
        ("June 16, 2023 10:42 AM", utc(2023, 6, 16, 10, 42)),
        ("0001-01-01T00:00:00+05:00", None),
        ("1900-01-01", None),
        ("2030-01-01T00:00:00Z", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_machine_date(text: str, expected: datetime | None) -> None:
    assert parse_machine_date(text, FETCHED) == expected


def test_structured_dates_beat_the_visible_stamp() -> None:
    sources = DateSources(
        fetched_at=FETCHED,
        jsonld_published="2025-12-07T06:30:00Z",
        meta={"article:modified_time": "2025-12-08T11:05:00Z"},
        stamp_texts=("Updated 3 sec ago",),
    )
    assert resolve_dates(sources, "", "") == Dates(
        published=utc(2025, 12, 7, 6, 30),
        updated=utc(2025, 12, 8, 11, 5),
        updated_text="Updated 3 sec ago",
        published_offset=0,
        updated_offset=0,
    )


def test_jsonld_beats_meta_beats_time_element() -> None:
    sources = DateSources(
        fetched_at=FETCHED,
        jsonld_modified="2025-12-08T01:00:00Z",
        meta={"article:modified_time": "2025-12-08T02:00:00Z"},
        modified_attr="2025-12-08T03:00:00Z",
    )
    assert resolve_dates(sources, "", "").updated == utc(2025, 12, 8, 1)
    without_ld = DateSources(
        fetched_at=FETCHED, meta=sources.meta, modified_attr="2025-12-08T03:00:00Z"
    )
    assert resolve_dates(without_ld, "", "").updated == utc(2025, 12, 8, 2)
    only_time = DateSources(fetched_at=FETCHED, modified_attr="2025-12-08T03:00:00Z")
    assert resolve_dates(only_time, "", "").updated == utc(2025, 12, 8, 3)


def test_visible_stamps_fill_in() -> None:
    sources = DateSources(
        fetched_at=FETCHED,
        stamp_texts=("By Jane Doe", "Published 7 December 2025", "Updated 2 hours ago"),
    )
    assert resolve_dates(sources, "", "") == Dates(
        published=utc(2025, 12, 7),
        updated=utc(2025, 12, 9, 8),
        updated_text="Updated 2 hours ago",
        updated_resolution=3600,
    )


def test_htmldate_is_the_last_resort_and_bounded_by_the_fetch() -> None:
    html = (
        "<html><body><article><h1>H</h1><p>Some text.</p>"
        '<div class="date">March 3, 2024</div></article></body></html>'
    )
    found = resolve_dates(DateSources(fetched_at=FETCHED), html, "")
    assert found.published == utc(2024, 3, 3)
    assert found.updated == utc(2024, 3, 3)
    # Fetched before that date, the same page has no plausible date at all.
    early = resolve_dates(DateSources(fetched_at=utc(2024, 1, 1)), html, "")
    assert early == Dates()


def test_day_first_can_be_switched_off() -> None:
    sources = DateSources(fetched_at=FETCHED, stamp_texts=("Updated 05/06/2024",), day_first=False)
    assert resolve_dates(sources, "", "").updated == utc(2024, 5, 6)
