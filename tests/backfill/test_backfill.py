"""Backfill from a Wayback-compatible archive on loopback, built from the snapshots."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from revtrack.backfill.client import ArchiveClient
from revtrack.backfill.run import BackfillSummary, backfill_story, list_captures
from revtrack.check.record import record_fetch
from revtrack.fetch import FetchOutcome, FetchResult, decode_body
from revtrack.report import Filters, atom_feed, collect, html_report, markdown_report
from revtrack.report.atom import ATOM_NS
from revtrack.store.reviews import ReviewState
from revtrack.store.rows import VersionKind
from revtrack.store.store import Store
from tests.backfill.wayback import SimClock, Snap, WaybackArchive
from tests.loopback import Response


async def backfill(
    store: Store, archive: WaybackArchive, url: str, clock: SimClock, *, timemap: bool = False,
    since: datetime | None = None, limit: int | None = None,
) -> BackfillSummary:  # fmt: skip
    story, _ = store.add_story(url, now=clock())
    async with ArchiveClient(gap=0.0, clock=clock, sleep=clock.sleep) as client:
        captures = await list_captures(
            client, story.url, wayback=archive.base,
            timemap=archive.timemap_url(url) if timemap else "", since=since, limit=limit,
        )  # fmt: skip
        return await backfill_story(store, store.story(story.id), captures, client, clock=clock)


def fetched(url: str, snap: Snap) -> FetchResult:
    """revtrack's own fetch of ``url`` at the snapshot's time."""
    if snap.status != 200:
        return FetchResult(
            url=url, outcome=FetchOutcome.GONE, fetched_at=snap.at, final_url=url,
            status=snap.status, error=f"HTTP {snap.status}",
        )  # fmt: skip
    text, charset = decode_body(snap.body, "text/html; charset=utf-8")
    return FetchResult(
        url=url, outcome=FetchOutcome.OK, fetched_at=snap.at, final_url=url, status=200,
        body=snap.body, text=text, charset=charset, content_type="text/html; charset=utf-8",
    )  # fmt: skip


def replayed(store: Store, url: str, snaps: list[Snap]) -> list[tuple[object, ...]]:
    """The versions the pipeline makes of ``snaps`` fetched live, at their own times."""
    story, _ = store.add_story(url, now=snaps[0].at)
    for snap in snaps:
        record_fetch(store, store.story(story.id), fetched(url, snap))
    return shape(store, story.id)


def shape(store: Store, story_id: int) -> list[tuple[object, ...]]:
    return [
        (v.seq, v.captured_at, v.fingerprint, v.kind, v.same_as)
        for v in store.versions(story_id)
    ]  # fmt: skip


async def test_backfill_gives_the_archives_real_versions_in_order(
    archive: WaybackArchive, store: Store, clock: SimClock, tmp_path: object
) -> None:
    url, snaps = archive.add_story("sport-headline")  # A, noise, B, noise, A again, noise
    summary = await backfill(store, archive, url, clock)
    story = store.story(url)
    with Store.open(store.path.with_name("truth.db")) as truth:
        assert shape(store, story.id) == replayed(truth, url, snaps)
    versions = store.versions(story.id)
    assert [v.captured_at for v in versions] == [snaps[0].at, snaps[2].at, snaps[4].at]
    assert [v.kind for v in versions] == ["version", "version", "flip-flop"]
    assert versions[2].same_as == 1
    raw = [f"{archive.base}/web/{snaps[i].timestamp}/{url}" for i in (0, 2, 4)]
    assert [v.source for v in versions] == raw
    assert all(v.url == url for v in versions)  # the page's own URL, not the archive's
    # The page's own headers as the archive passed them on; never the archive's own.
    assert versions[0].http_status == 200
    assert versions[0].headers is not None
    assert versions[0].headers.startswith("HTTP/1.1 200")
    assert "\r\nContent-Type: text/html; charset=utf-8\r\n" in versions[0].headers
    assert "Memento-Datetime" not in versions[0].headers
    assert summary == BackfillSummary(listed=6, fetched=6, versions=3, noise=3)
    # The changes are stored as capture stores them: v2 against v1, v3 against v2.
    assert [(c.seq, c.base_seq) for c in store.changes(story.id)] == [(2, 1), (3, 2)]


async def test_noise_only_captures_make_no_version(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("council-bins")
    archive.rows.clear()
    archive.add(url, snaps[:4])  # first, noise only, quote and petition added, noise only
    summary = await backfill(store, archive, url, clock)
    versions = store.versions(store.story(url).id)
    assert [v.captured_at for v in versions] == [snaps[0].at, snaps[2].at]
    assert (summary.versions, summary.noise) == (2, 2)
    noise_checks = [c for c in store.checks(store.story(url).id) if c.outcome == "noise"]
    assert [c.checked_at for c in noise_checks] == [snaps[1].at, snaps[3].at]


async def test_a_second_run_fetches_nothing_new(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("council-bins")
    await backfill(store, archive, url, clock, limit=3)
    assert len(store.versions(store.story(url).id)) == 2
    first = len(archive.server.requests())
    again = await backfill(store, archive, url, clock, limit=3)
    raw_hits = [r for r in archive.server.requests()[first:] if r.path.startswith("/web/")]
    assert raw_hits == []
    assert (again.listed, again.seen, again.fetched, again.versions) == (3, 3, 0, 0)
    # A run without the limit fetches only what is new, and appends it in order.
    rest = await backfill(store, archive, url, clock)
    assert (rest.seen, rest.fetched, rest.versions) == (3, 3, 1)
    versions = store.versions(store.story(url).id)
    assert [v.captured_at for v in versions] == [snaps[0].at, snaps[2].at, snaps[4].at]


async def test_retry_after_is_honoured(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("arena-pulled")
    path = archive.raw_path(snaps[2].timestamp, url)
    page = Response(body=snaps[2].body, headers={"Content-Type": "text/html"})
    archive.server.route(path, [Response(status=429, headers={"Retry-After": "7"}), page])
    summary = await backfill(store, archive, url, clock)
    assert archive.server.hits(path) == 2
    assert 7.0 in clock.sleeps  # waited as asked, on the injected clock
    assert (summary.versions, summary.failed) == (2, 0)


async def test_backfill_leaves_the_live_schedule_alone(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, _ = archive.add_story("business-profit")
    story, _ = store.add_story(url, now=clock())
    before = store.story(story.id)
    await backfill(store, archive, url, clock)
    after = store.story(story.id)
    for name in ("next_check_at", "etag", "last_modified", "last_raw_sha", "page_digest",
                 "error_streak", "last_error", "last_checked_at"):  # fmt: skip
        assert getattr(after, name) == getattr(before, name), name
    # Never checked by revtrack: the archive's last word on the page is the latest known.
    assert after.status == "live"
    assert after.headline  # what history knows is kept: the latest headline


async def test_older_captures_go_before_tracked_versions_and_reviews_stay(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("council-bins")
    # revtrack started tracking with the 4th capture: it saw the vote change (5th).
    story, _ = store.add_story(url, now=snaps[3].at)
    for snap in snaps[3:]:
        record_fetch(store, store.story(story.id), fetched(url, snap))
    tracked = store.versions(story.id)
    assert [v.captured_at for v in tracked] == [snaps[3].at, snaps[4].at]
    with store.transaction():
        store.mark_review(story.id, 2, state=ReviewState.FLAGGED, note="vote count",
                          reviewer="ana", at=snaps[5].at)  # fmt: skip
    live = store.story(story.id)

    summary = await backfill(store, archive, url, clock)

    versions = store.versions(story.id)
    assert [v.captured_at for v in versions] == [s.at for s in (snaps[0], snaps[2], *snaps[3:5])]
    assert [v.seq for v in versions] == [1, 2, 3, 4]
    assert [bool(v.source) for v in versions] == [True, True, False, False]
    # The first tracked version equals the archived one before it: noise of it, as
    # capture would have called it; the vote change is v4, against v2.
    assert versions[2].kind == VersionKind.NOISE
    assert store.change(story.id, 4) is not None
    assert store.change(story.id, 4).base_seq == 2  # type: ignore[union-attr]
    review = store.review(story.id, 4)
    assert (review.state, review.note) == (ReviewState.FLAGGED, "vote count")
    assert [m.seq for m in store.review_log(story.id)] == [4]
    assert [c.version_seq for c in store.checks(story.id) if c.version_seq] == [1, 2, 3, 4]
    checks = store.checks(story.id)
    assert [c.checked_at for c in checks] == sorted(c.checked_at for c in checks)
    # The last three captures are what revtrack's own checks saw (same time): skipped.
    assert (summary.versions, summary.inside, summary.noise) == (2, 3, 1)
    after = store.story(story.id)
    for name in ("next_check_at", "last_raw_sha", "page_digest", "etag", "last_checked_at"):
        assert getattr(after, name) == getattr(live, name), name


async def test_captures_between_tracked_versions_go_between_them(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("council-bins")
    # revtrack checked at the first capture's time and next at the fifth's: it missed
    # the quote and petition added in between (the third capture).
    story, _ = store.add_story(url, now=snaps[0].at)
    for snap in (snaps[0], snaps[4]):
        record_fetch(store, store.story(story.id), fetched(url, snap))
    with store.transaction():
        store.mark_review(story.id, 2, state=ReviewState.REVIEWED, note="ok", reviewer="ana",
                          at=snaps[5].at)  # fmt: skip
    summary = await backfill(store, archive, url, clock)
    versions = store.versions(story.id)
    assert [v.captured_at for v in versions] == [snaps[0].at, snaps[2].at, snaps[4].at]
    assert [bool(v.source) for v in versions] == [False, True, False]
    assert [(c.seq, c.base_seq) for c in store.changes(story.id)] == [(2, 1), (3, 2)]
    assert store.review(story.id, 3).note == "ok"
    assert "correction" in store.change(story.id, 3).labels  # type: ignore[union-attr]
    assert (summary.versions, summary.noise, summary.inside) == (1, 3, 2)
    checks = store.checks(story.id)
    assert [c.checked_at for c in checks] == sorted(c.checked_at for c in checks)
    with Store.open(store.path.with_name("truth.db")) as truth:
        assert [v[1:] for v in shape(store, story.id)] == [
            v[1:] for v in replayed(truth, url, [snaps[0], *snaps[2:5]]) if v[1] != snaps[3].at
        ]


async def test_timemap(archive: WaybackArchive, store: Store, clock: SimClock) -> None:
    url, snaps = archive.add_story("business-profit")
    summary = await backfill(store, archive, url, clock, timemap=True)
    versions = store.versions(store.story(url).id)
    assert [v.captured_at for v in versions] == [snaps[0].at, snaps[2].at, snaps[4].at]
    assert all("/web/" in v.source and "id_" not in v.source for v in versions)
    assert summary.listed == 6


async def test_feed_ids_stay_and_reports_say_archived(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("council-bins")
    story, _ = store.add_story(url, now=snaps[3].at)
    for snap in snaps[3:]:
        record_fetch(store, store.story(story.id), fetched(url, snap))

    def feed_ids() -> dict[datetime, str]:
        changes = collect(store, Filters())
        root = ET.fromstring(atom_feed(changes, labels=(), now=clock()))
        ids = [e.findtext(f"{{{ATOM_NS}}}id") for e in root.iter(f"{{{ATOM_NS}}}entry")]
        return {c.item.change.captured_at: str(i) for c, i in zip(changes, ids, strict=True)}

    before = feed_ids()
    await backfill(store, archive, url, clock)
    after = feed_ids()
    assert before[snaps[4].at] == after[snaps[4].at]  # the vote change: v2, now v4
    assert set(after) == {snaps[2].at, snaps[4].at}
    changes = collect(store, Filters())
    markdown = markdown_report(changes, Filters(), clock())
    html = html_report(changes, Filters(), clock())
    note = f"archived 2025-03-03 18:47Z {archive.base.removeprefix('http://')}"
    assert note in markdown
    assert note in html
    assert markdown.count("archived ") == 1  # the tracked change is not marked


async def test_a_capture_the_archive_fails_is_fetched_again_next_time(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("sport-headline")
    path = archive.raw_path(snaps[2].timestamp, url)
    page = Response(body=snaps[2].body, headers={"Content-Type": "text/html"})
    archive.server.route(path, Response(status=502))
    first = await backfill(store, archive, url, clock)
    assert (first.fetched, first.failed) == (5, 1)
    assert archive.server.hits(path) == 4  # the first try and three retries, then given up
    archive.server.route(path, page)
    second = await backfill(store, archive, url, clock)
    assert (second.seen, second.fetched, second.versions) == (5, 1, 1)
    # The first run took the page at 20:20 for the change to headline B; the capture of
    # 19:40 now goes before it, and the 20:20 version becomes noise of it (kept, never
    # shown, as re-extraction keeps one): the real versions are the archive's.
    story = store.story(url)
    with Store.open(store.path.with_name("truth.db")) as truth:
        real = [v[1:] for v in shape(store, story.id) if v[3] != VersionKind.NOISE]
        assert real == [v[1:] for v in replayed(truth, url, snaps)]
    assert [(v.captured_at, v.kind) for v in store.versions(story.id) if not v.is_real] == [
        (snaps[3].at, VersionKind.NOISE)
    ]


async def test_timemap_mementos_of_a_pulled_page_make_it_gone(
    archive: WaybackArchive, store: Store, clock: SimClock
) -> None:
    url, snaps = archive.add_story("arena-pulled")  # two versions, then 410 twice
    summary = await backfill(store, archive, url, clock, timemap=True)
    story = store.story(url)
    with Store.open(store.path.with_name("truth.db")) as truth:
        assert shape(store, story.id) == replayed(truth, url, snaps)
        expected = [(e.at, e.kind) for e in truth.events(truth.story(url).id)]
    assert [(e.at, e.kind) for e in store.events(story.id)] == expected == [(snaps[3].at, "gone")]
    assert "removed" in store.change(story.id, 2).labels  # type: ignore[union-attr]
    assert (summary.versions, summary.noise, summary.gone) == (2, 1, 2)
    assert story.status == "gone"  # never checked by revtrack: the archive's word stands
