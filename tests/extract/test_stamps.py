"""The visible-stamp parser: every form news pages print, resolved against the fetch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from revtrack.extract.stamps import find_stamps, parse_stamp, read_stamp

NOW = datetime(2023, 6, 17, 12, 0, 30, 250_000, tzinfo=UTC)
NOW_S = NOW.replace(microsecond=0)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated 3 sec ago", NOW_S - timedelta(seconds=3)),
        ("Updated 2 hours ago", NOW_S - timedelta(hours=2)),
        ("5 mins ago", NOW_S - timedelta(minutes=5)),
        ("5m ago", NOW_S - timedelta(minutes=5)),
        ("2h ago", NOW_S - timedelta(hours=2)),
        ("an hour ago", NOW_S - timedelta(hours=1)),
        ("a minute ago", NOW_S - timedelta(minutes=1)),
        ("Updated 1 day ago", NOW_S - timedelta(days=1)),
        ("3 days ago", NOW_S - timedelta(days=3)),
        ("2 weeks ago", NOW_S - timedelta(weeks=2)),
        ("2 months ago", NOW_S - timedelta(days=60)),
        ("a year ago", NOW_S - timedelta(days=365)),
        ("Updated: 14 hrs. ago", NOW_S - timedelta(hours=14)),
        ("Published 45 seconds ago", NOW_S - timedelta(seconds=45)),
        ("just now", NOW_S),
        ("Updated a few seconds ago", NOW_S),
        ("moments ago", NOW_S),
    ],
)
def test_relative_stamps_count_back_from_the_fetch(text: str, expected: datetime) -> None:
    assert parse_stamp(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", utc(2023, 6, 16)),
        ("Yesterday", utc(2023, 6, 16)),
        ("Updated today", utc(2023, 6, 17)),
        ("Updated yesterday at 9:15 pm", utc(2023, 6, 16, 21, 15)),
        ("yesterday 10:42", utc(2023, 6, 16, 10, 42)),
        # 21:15 EDT on 16 June is 01:15 UTC on the 17th.
        ("Updated yesterday at 9:15 pm ET", utc(2023, 6, 17, 1, 15)),
    ],
)
def test_day_words(text: str, expected: datetime) -> None:
    assert parse_stamp(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated 16 June 2023", utc(2023, 6, 16)),
        ("16 June 2023", utc(2023, 6, 16)),
        ("Updated: June 16, 2023 10:42 am ET", utc(2023, 6, 16, 14, 42)),
        ("June 16, 2023 10:42 a.m. EDT", utc(2023, 6, 16, 14, 42)),
        ("Jan. 5, 2023 4:05 PM PT", utc(2023, 1, 6, 0, 5)),
        ("Last updated 16/06/2023", utc(2023, 6, 16)),
        ("Last updated 06/16/2023", utc(2023, 6, 16)),
        ("16.06.2023", utc(2023, 6, 16)),
        ("16-06-23", utc(2023, 6, 16)),
        ("2023-06-16", utc(2023, 6, 16)),
        ("Published 2023-06-16T10:42:00Z", utc(2023, 6, 16, 10, 42)),
        ("2023/06/16 10:42", utc(2023, 6, 16, 10, 42)),
        ("Updated 16 Jun 2023, 10:42 BST", utc(2023, 6, 16, 9, 42)),
        ("Updated at 10:42 GMT, 16 June 2023", utc(2023, 6, 16, 10, 42)),
        ("10.42am BST 16 Jun 2023", utc(2023, 6, 16, 9, 42)),
        ("Fri 16 Jun 2023 10.42 BST", utc(2023, 6, 16, 9, 42)),
        ("Friday, 16 June 2023 13:00 GMT+3", utc(2023, 6, 16, 10, 0)),
        ("Updated: 16 Jun 2023 - 10:42 (UTC+3)", utc(2023, 6, 16, 7, 42)),
        ("16 June 2023 10:42 +0530", utc(2023, 6, 16, 5, 12)),
        ("Posted on Friday, June 16th, 2023 at 3:04 pm", utc(2023, 6, 16, 15, 4)),
        ("First published on 1st of June 2023", utc(2023, 6, 1)),
        ("Updated June 16", utc(2023, 6, 16)),
        ("Updated 10:42 GMT", utc(2023, 6, 17, 10, 42)),
        ("Modified 12 December 2022", utc(2022, 12, 12)),
        ("Updated 16 June 2023.", utc(2023, 6, 16)),
    ],
)
def test_absolute_stamps(text: str, expected: datetime) -> None:
    assert parse_stamp(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A date without a year is the latest such day not after the fetch.
        ("Updated December 24", utc(2022, 12, 24)),
        # A clock time later than the fetch is yesterday's.
        ("Updated 23:50", utc(2023, 6, 16, 23, 50)),
        ("Updated 12:05", utc(2023, 6, 17, 12, 5)),
    ],
)
def test_missing_parts_resolve_to_the_latest_moment_before_the_fetch(
    text: str, expected: datetime
) -> None:
    assert parse_stamp(text, NOW) == expected


def test_month_first_when_asked() -> None:
    assert parse_stamp("05/06/2023", NOW) == utc(2023, 6, 5)
    assert parse_stamp("05/06/2023", NOW, day_first=False) == utc(2023, 5, 6)
    assert parse_stamp("16/06/2023", NOW, day_first=False) == utc(2023, 6, 16)


def test_seasonal_zones_follow_daylight_saving() -> None:
    assert parse_stamp("January 16, 2023 10:42 am ET", NOW) == utc(2023, 1, 16, 15, 42)
    assert parse_stamp("July 16, 2023 10:42 am ET", NOW) == utc(2023, 7, 16, 14, 42)


def test_naive_now_is_taken_as_utc() -> None:
    assert parse_stamp("5 mins ago", NOW.replace(tzinfo=None)) == NOW_S - timedelta(minutes=5)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "foo",
        "Updated",
        "June 2023",
        "16 Mayfair",
        "Updated 16 June 2023 Follow",
        "The council was updated 3 hours ago by officials",
        "32/13/2023",
        "30 February 2023",
        "Updated 16 June 3023",
        "Updated 25:61",
        "3 zorks ago",
        "in 5 minutes",
        "Updated " + "1" * 300,
    ],
)
def test_not_a_stamp(text: str) -> None:
    assert parse_stamp(text, NOW) is None


def test_results_are_aware_utc() -> None:
    for text in ("Updated 3 sec ago", "June 16, 2023 10:42 am ET", "16/06/2023"):
        moment = parse_stamp(text, NOW)
        assert moment is not None
        assert moment.utcoffset() == timedelta(0)


def test_find_stamps_reads_labels_and_keeps_the_text_as_shown() -> None:
    stamps = find_stamps("By Reuters | Published 16 June 2023 | Updated 2 hours ago", NOW)
    assert [(s.kind, s.text, s.when, s.relative) for s in stamps] == [
        ("published", "Published 16 June 2023", utc(2023, 6, 16), False),
        ("updated", "Updated 2 hours ago", NOW_S - timedelta(hours=2), True),
    ]


def test_find_stamps_stops_where_the_stamp_ends() -> None:
    [stamp] = find_stamps("Updated 3 sec ago Follow Share", NOW)
    assert (stamp.kind, stamp.text) == ("updated", "Updated 3 sec ago")


def test_find_stamps_takes_an_unlabelled_date_only_at_a_segment_start() -> None:
    [stamp] = find_stamps("June 16, 2023 · 5 min read", NOW)
    assert (stamp.kind, stamp.when) == ("", utc(2023, 6, 16))
    assert find_stamps("Talks ended on 16 June 2023 without a deal", NOW) == []


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Updated", "updated"),
        ("Last updated", "updated"),
        ("Modified", "updated"),
        ("Published", "published"),
        ("First published", "published"),
        ("Posted", "published"),
    ],
)
def test_label_kinds(label: str, kind: str) -> None:
    [stamp] = find_stamps(f"{label} 16 June 2023", NOW)
    assert stamp.kind == kind


@pytest.mark.parametrize(
    ("text", "resolution"),
    [
        ("Updated 3 sec ago", 1),
        ("Updated 31 min ago", 60),
        ("Updated 2 hours ago", 3600),
        ("Updated 3 days ago", 86400),
        ("just now", 60),
        ("yesterday", 86400),
        ("Updated yesterday at 9:15 pm", 60),
        ("Updated 16 June 2023", 86400),
        ("June 16, 2023 10:42 am ET", 60),
        ("16 June 2023 10:42:05 GMT", 0),
        ("Updated 10:42", 60),
    ],
)
def test_stamps_carry_their_resolution(text: str, resolution: int) -> None:
    stamp = read_stamp(text, NOW)
    assert stamp is not None
    assert stamp.resolution == resolution


def test_two_readings_of_a_relative_stamp_differ_by_less_than_its_resolution() -> None:
    first = read_stamp("Updated 31 min ago", NOW)
    second = read_stamp("Updated 31 min ago", NOW + timedelta(seconds=16))
    assert first is not None
    assert second is not None
    assert first.when != second.when
    assert abs((second.when - first.when).total_seconds()) < max(
        first.resolution, second.resolution
    )


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Updated: June 16, 2023 10:42 am ET", -240),
        ("January 16, 2023 10:42 am ET", -300),
        ("Updated 16 Jun 2023, 10:42 BST", 60),
        ("16 June 2023 10:42 +0530", 330),
        ("Friday, 16 June 2023 13:00 GMT+3", 180),
        ("Updated 16 Jun 2023, 10:42 GMT", 0),
        ("Updated 16 June 2023", None),
        ("Updated 2 hours ago", None),
    ],
)
def test_stamps_keep_the_zone_they_were_written_in(text: str, offset: int | None) -> None:
    stamp = read_stamp(text, NOW)
    assert stamp is not None
    assert stamp.offset == offset


@pytest.mark.parametrize(
    ("text", "partial"),
    [
        ("Updated December 24", True),
        ("Updated 23:50", True),
        ("18 Jun", True),
        ("Updated 16 June 2023", False),
        ("Updated 2 hours ago", False),
        ("yesterday 10:42", False),
    ],
)
def test_stamps_say_when_the_year_or_day_was_guessed(text: str, partial: bool) -> None:
    stamp = read_stamp(text, NOW)
    assert stamp is not None
    assert stamp.partial is partial


def test_a_year_less_stamp_with_a_time_is_never_after_the_fetch() -> None:
    # Today's date, but a time still to come: last year's stamp, not a future one.
    assert parse_stamp("Updated June 17, 23:00", NOW) == utc(2022, 6, 17, 23, 0)
    assert parse_stamp("Updated June 17, 11:00", NOW) == utc(2023, 6, 17, 11, 0)
