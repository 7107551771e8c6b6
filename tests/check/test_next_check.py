"""The schedule policy, on a fake clock."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from revtrack.check.next_check import DEFAULT_POLICY, base_gap, next_check_at

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("quiet", "gap"),
    [
        (timedelta(0), 10 * MIN),  # the floor
        (timedelta(minutes=20), 10 * MIN),
        (timedelta(hours=2), 30 * MIN),  # a quarter of the quiet time
        (timedelta(days=4), timedelta(days=1)),
        (timedelta(days=200), timedelta(days=30)),  # the ceiling
    ],
)
def test_gap_grows_with_the_time_since_the_last_change(quiet: timedelta, gap: timedelta) -> None:
    assert base_gap(quiet) == gap


def test_a_year_of_quiet_retires_the_story() -> None:
    assert base_gap(timedelta(days=364)) == timedelta(days=30)
    assert base_gap(timedelta(days=365)) is None
    assert next_check_at(T0, last_change=T0 - timedelta(days=400)) is None


def test_bursts_and_live_pages_are_checked_at_the_lower_floor() -> None:
    quiet = timedelta(minutes=8)
    assert base_gap(quiet) == 10 * MIN
    assert base_gap(quiet, change_gap=timedelta(minutes=12)) == 5 * MIN
    assert base_gap(quiet, live=True) == 5 * MIN
    # A burst long past is no reason to hurry.
    assert base_gap(timedelta(hours=7), live=True) == timedelta(hours=7) * DEFAULT_POLICY.ratio


def test_override_replaces_the_adaptive_gap() -> None:
    at = next_check_at(T0, last_change=T0 - timedelta(days=20), every_s=600)
    assert at == T0 + 10 * MIN


def test_errors_back_off_to_a_day_but_never_below_the_normal_gap() -> None:
    fresh = T0 - timedelta(minutes=5)
    gaps = [next_check_at(T0, last_change=fresh, error_streak=n) - T0 for n in range(10)]
    assert gaps[:4] == [10 * MIN, 20 * MIN, 40 * MIN, 80 * MIN]
    assert gaps[-1] == timedelta(days=1)
    quiet = T0 - timedelta(days=20)  # normal gap 5 days: errors do not shorten it
    assert next_check_at(T0, last_change=quiet, error_streak=3) == T0 + timedelta(days=5)


def test_jitter_is_bounded() -> None:
    rng = random.Random(4)
    last = T0 - timedelta(hours=4)
    gaps = {next_check_at(T0, last_change=last, rng=rng) - T0 for _ in range(200)}
    assert len(gaps) > 100
    assert min(gaps) >= timedelta(hours=1) * 0.9
    assert max(gaps) <= timedelta(hours=1) * 1.1


def test_an_untouched_story_costs_few_checks_in_a_year() -> None:
    now, checks = T0, 0
    while (at := next_check_at(now, last_change=T0)) is not None:
        now, checks = at, checks + 1
    assert now - T0 >= timedelta(days=365)
    assert 30 <= checks <= 60  # NewsDiffs' table makes ~100 checks of the same story
