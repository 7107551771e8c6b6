"""Published and updated times: source order, machine formats, htmldate fallback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from revtrack.extract.dates import Dates, DateSources, parse_machine_date, resolve_dates
from revtrack.extract.textdates import dates_in_text

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


# -- full dates against partial stamps ------------------------------------------------

CAPTURE = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
STORY_URL = "https://news.example/world/2014/05/18/floods-hit-the-valley"


def test_a_url_date_beats_a_year_less_stamp() -> None:
    # "Jan 04" completed against the capture would be 2026-01-04: a date in the capture year.
    sources = DateSources(fetched_at=CAPTURE, stamp_texts=("Jan 04",))
    assert resolve_dates(sources, "", STORY_URL).published == utc(2014, 5, 18)


def test_a_url_date_beats_a_time_only_stamp_in_a_time_element() -> None:
    sources = DateSources(fetched_at=CAPTURE, published_attr="16:45", stamp_texts=("16:45",))
    assert resolve_dates(sources, "", STORY_URL).published == utc(2014, 5, 18)


def test_a_visible_full_date_beats_the_url_date() -> None:
    sources = DateSources(fetched_at=CAPTURE, stamp_texts=("Published 19 May 2014 08:30",))
    assert resolve_dates(sources, "", STORY_URL).published == utc(2014, 5, 19, 8, 30)


def test_htmldate_beats_a_partial_stamp() -> None:
    html = (
        "<html><body><article><h1>H</h1><p>Some text.</p>"
        '<div class="date">March 3, 2024</div></article></body></html>'
    )
    sources = DateSources(fetched_at=CAPTURE, stamp_texts=("18 Mai",))
    assert resolve_dates(sources, html, "").published == utc(2024, 3, 3)


def test_a_partial_stamp_fills_in_when_nothing_else_exists() -> None:
    sources = DateSources(fetched_at=CAPTURE, stamp_texts=("Jan 04",))
    assert resolve_dates(sources, "", "").published == utc(2026, 1, 4)


def test_a_time_only_stamp_is_never_after_the_capture() -> None:
    # 16:45 today would be after the 10:00 capture: the stamp was yesterday's.
    found = resolve_dates(DateSources(fetched_at=CAPTURE, stamp_texts=("Updated 16:45",)), "", "")
    assert found.updated == utc(2026, 12, 4, 16, 45)
    assert found.updated is not None
    assert found.updated <= CAPTURE


def test_a_time_only_stamp_times_a_full_date_of_the_same_day() -> None:
    url = "https://news.example/2026/12/05/council-vote"
    found = resolve_dates(DateSources(fetched_at=CAPTURE, stamp_texts=("08:30",)), "", url)
    assert found.published == utc(2026, 12, 5, 8, 30)
    # On another day the stamp is some other time (a comment, a ticker): the day stands.
    other = resolve_dates(DateSources(fetched_at=CAPTURE, stamp_texts=("08:30",)), "", STORY_URL)
    assert other.published == utc(2014, 5, 18)


def test_a_generic_date_meta_loses_to_the_dated_byline() -> None:
    # CMSs fill the bare "date" meta with the last change as often as with the publication.
    sources = DateSources(
        fetched_at=CAPTURE, meta={"date": "2020-02-12"}, stamp_texts=("05.02.2020 - Redaktion",)
    )
    assert resolve_dates(sources, "", "").published == utc(2020, 2, 5)


def test_the_only_time_element_on_the_page_dates_the_story() -> None:
    sources = DateSources(fetched_at=CAPTURE, lone_time_attr="2022-05-04T07:59:48-04:00")
    found = resolve_dates(sources, "", "")
    assert (found.published, found.published_offset) == (utc(2022, 5, 4, 11, 59, 48), -240)


def test_a_lone_modified_date_is_taken_for_the_publication_day() -> None:
    html = '<html><head><meta property="og:updated_time" content="2022-01-28T11:05:37+0100">'
    html += "</head><body><p>Text.</p></body></html>"
    meta = {"og:updated_time": "2022-01-28T11:05:37+0100"}
    found = resolve_dates(DateSources(fetched_at=CAPTURE, meta=meta), html, "")
    assert found.published is not None
    assert found.published.date() == date(2022, 1, 28)
    assert found.updated == utc(2022, 1, 28, 10, 5, 37)


# -- the page's own zone --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2019-10-19T08:00:00+02:00", 120),
        ("2019-10-19T08:00:00-04:00", -240),
        ("2019-10-19T08:00:00+05:30", 330),
        ("2019-10-19T08:00:00Z", 0),
        ("Sat, 19 Oct 2019 08:00:00 +0200", 120),
        ("2019-10-19T08:00:00", None),
        ("2019-10-19", None),
        ("October 19, 2019 8:00 am ET", -240),
    ],
)
def test_the_offset_is_kept_as_written(text: str, offset: int | None) -> None:
    found = resolve_dates(DateSources(fetched_at=CAPTURE, jsonld_published=text), "", "")
    assert found.published_offset == offset


def test_the_local_day_survives_in_the_offset() -> None:
    # 00:48 in Berlin is 23:48 UTC the day before; the page's day is the 15th.
    sources = DateSources(fetched_at=CAPTURE, jsonld_published="2022-01-15T00:48:00+01:00")
    found = resolve_dates(sources, "", "")
    assert found.published == utc(2022, 1, 14, 23, 48)
    assert found.published_offset == 60


def test_a_utc_meta_date_takes_the_zone_the_page_shows_elsewhere() -> None:
    # WordPress writes meta tags in UTC and <time> elements in the site's zone.
    sources = DateSources(
        fetched_at=CAPTURE,
        meta={"article:published_time": "2022-05-04T03:37:37+00:00"},
        modified_attr="2022-05-03T23:37:41-04:00",
    )
    found = resolve_dates(sources, "", "")
    assert found.published == utc(2022, 5, 4, 3, 37, 37)
    assert (found.published_offset, found.updated_offset) == (-240, -240)


@pytest.mark.parametrize(
    ("stamp", "resolution"),
    [
        ("Updated 31 min ago", 60),
        ("Updated 2 hours ago", 3600),
        ("Updated yesterday", 86400),
        ("Updated 16 June 2023", 86400),
        ("Updated June 16, 2023 10:42 am ET", 60),
        ("Updated 2023-06-16T10:42:05Z", 0),
    ],
)
def test_the_updated_stamp_carries_its_resolution(stamp: str, resolution: int) -> None:
    found = resolve_dates(DateSources(fetched_at=CAPTURE, stamp_texts=(stamp,)), "", "")
    assert found.updated_resolution == resolution


# -- the free-text last resort --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pressemitteilung vom 20.01.2022", date(2022, 1, 20)),
        ("Von Deutscher Tennis Bund 4.\u20092.\u20092022.", date(2022, 2, 4)),
        ("Das Hermelin 01. November 2021", date(2021, 11, 1)),
        ("Германия 15 августа 2016, 13:43", date(2016, 8, 15)),
        ("miércoles, 4 de mayo de 2022", date(2022, 5, 4)),
        ("publié le 5 juin 2018", date(2018, 6, 5)),
        ("Posted November 3, 2021 by staff", date(2021, 11, 3)),
        ("Stand 2021-11-03", date(2021, 11, 3)),
        ("The bridge opened on 21 August 1948.", None),  # history, not the page's date
        ("Next meeting: 12.01.2027", None),  # after the capture
        ("Founded in 2004, 32 members", None),
    ],
)
def test_dates_in_running_text(text: str, expected: date | None) -> None:
    assert next(dates_in_text(text, CAPTURE), None) == expected


def test_the_first_date_in_the_text_dates_a_page_with_nothing_else() -> None:
    html = (
        "<html><head><script>var built = '2026-11-30';</script></head><body>"
        "<nav>Home</nav><h1>Radon in homes</h1><p>Pressemitteilung vom 20.01.2022</p>"
        "<p>Text of the press release.</p><aside>Older: 12.12.2021</aside></body></html>"
    )
    found = resolve_dates(DateSources(fetched_at=CAPTURE), html, "")
    assert found.published == utc(2022, 1, 20)
    # A guess from the first date a reader meets is no update stamp.
    assert found.updated is None
