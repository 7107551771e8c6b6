from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from revtrack.fetch.client import Fetcher
from revtrack.sources.poll import PollSummary, poll_sources
from revtrack.sources.store import Source, add_source, due_sources, get_source
from revtrack.store.store import Store
from tests.loopback import LoopbackServer, Request, Response
from tests.sources.conftest import quick_fetcher
from tests.sources.docs import news_sitemap, rss, sitemap_index

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
SITE = "https://www.news.example"


def growing(state: dict[str, int], render: list[str]) -> Callable[[Request], Response]:
    """A route serving render[state['n']], with an ETag per revision and 304s."""

    def handler(request: Request) -> Response:
        etag = f'"rev{state["n"]}"'
        if request.headers["If-None-Match"] == etag:
            return Response(304, [("ETag", etag)])
        body = render[state["n"]].encode()
        return Response(200, [("Content-Type", "application/xml"), ("ETag", etag)], body)

    return handler


async def poll(store: Store, sources: list[Source], now: datetime = NOW) -> PollSummary:
    async with quick_fetcher() as fetcher:
        return await poll_sources(store, fetcher, now, sources)


def story_urls(store: Store) -> list[str]:
    return sorted(s.url for s in store.stories())


async def test_feed_items_appear_over_time_and_304_adds_nothing(
    store: Store, server: LoopbackServer
) -> None:
    items = [
        (f"{SITE}/old?utm_source=rss", "Old", NOW - timedelta(days=10)),
        (f"{SITE}/a?utm_source=rss&utm_medium=feed#top", "A", NOW - 2 * HOUR),
        (f"{SITE}/b", "B", NOW - HOUR),
        (f"{SITE}/c", "C", NOW - HOUR / 2),
    ]
    state = {"n": 0}
    server.route("/feed", growing(state, [rss(items[:3]), rss(items)]))
    feed, _ = add_source(store, server.url("/feed"), "feed", now=NOW)

    first = await poll(store, [feed])
    assert (first.new_stories, first.polls[0].old, first.polls[0].listed) == (2, 1, 3)
    assert story_urls(store) == [f"{SITE}/a", f"{SITE}/b"]
    story_a = store.story(f"{SITE}/a")
    assert story_a.source_id == feed.id
    assert story_a.published_at == NOW - 2 * HOUR

    state["n"] = 1
    later = NOW + 10 * timedelta(minutes=1)
    second = await poll(store, [get_source(store, feed.id)], later)
    assert second.new_stories == 1
    assert story_urls(store) == [f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"]

    third = await poll(store, [get_source(store, feed.id)], later + HOUR)
    assert (third.new_stories, third.not_modified) == (0, 1)
    assert server.requests("/feed")[-1].headers["If-None-Match"] == '"rev1"'
    assert len(store.stories()) == 3

    polled = get_source(store, feed.id)
    assert polled.title == "Example News"
    assert polled.etag == '"rev1"'
    assert polled.last_polled_at == later + HOUR
    assert polled.next_poll_at == later + HOUR + timedelta(minutes=10)


async def test_sitemap_index_follows_only_recent_children(
    store: Store, server: LoopbackServer
) -> None:
    state = {"n": 0}
    fresh = [(f"{SITE}/n1", NOW - HOUR), (f"{SITE}/n0", NOW - timedelta(days=5))]
    grown = [*fresh, (f"{SITE}/n2", NOW - HOUR / 4), (f"{SITE}/undated", None)]
    server.route("/news.xml", growing(state, [news_sitemap(fresh), news_sitemap(grown)]))
    archive = news_sitemap([(f"{SITE}/ancient", NOW)]).encode()
    server.route("/archive.xml", Response(200, body=archive))
    index_doc = sitemap_index(
        [
            (server.url("/news.xml"), None),  # undated: the index never changes
            (server.url("/archive.xml"), NOW - timedelta(days=400)),
            (server.url("/missing.xml"), NOW),
        ]
    )
    server.route("/index.xml", growing({"n": 0}, [index_doc]))
    index, _ = add_source(store, server.url("/index.xml"), "sitemap", now=NOW)

    first = await poll(store, [index])
    assert first.new_stories == 1
    assert first.polls[0].outcome == "ok"  # a missing child does not fail the index
    assert story_urls(store) == [f"{SITE}/n1"]
    assert server.hits("/archive.xml") == 0

    state["n"] = 1
    second = await poll(store, [get_source(store, index.id)], NOW + HOUR)
    assert second.new_stories == 1
    assert second.polls[0].old == 2  # n0 is too old, "undated" has no date at all
    assert story_urls(store) == [f"{SITE}/n1", f"{SITE}/n2"]
    assert server.hits("/archive.xml") == 0
    # The unchanged index is fetched in full again, or the grown child would be missed.
    assert server.requests("/index.xml")[-1].headers["If-None-Match"] is None
    assert get_source(store, index.id).etag is None


async def test_tracking_params_and_amp_variants_become_one_story(
    store: Store, server: LoopbackServer
) -> None:
    server.route(
        "/feed",
        Response(
            200,
            body=rss(
                [
                    (f"{SITE}/world/story?utm_source=rss&fbclid=1", "S", NOW - HOUR),
                    (f"{SITE}/world/story/amp", "S", NOW - HOUR),
                ]
            ).encode(),
        ),
    )
    server.route(
        "/sitemap.xml",
        Response(
            200,
            body=news_sitemap(
                [
                    ("https://amp.news.example/world/story", NOW - HOUR),
                    (f"{SITE}/world/story?amp=1#comments", NOW - HOUR),
                    (f"{SITE}/world/amp/story", NOW - HOUR),
                ]
            ).encode(),
        ),
    )
    feed, _ = add_source(store, server.url("/feed"), "feed", now=NOW)
    sitemap, _ = add_source(store, server.url("/sitemap.xml"), "sitemap", now=NOW)
    first = await poll(store, [feed])
    second = await poll(store, [sitemap])
    assert (first.new_stories, second.new_stories) == (1, 0)
    assert story_urls(store) == [f"{SITE}/world/story"]
    assert store.story(f"{SITE}/world/story").source_id == feed.id


async def test_errors_back_off_and_recover_without_adding_stories(
    store: Store, server: LoopbackServer
) -> None:
    server.route(
        "/feed",
        [
            Response(500, body=b"down"),
            Response(200, body=b"<rss version='2.0'><channel><item><title>x</ti"),
            Response(200, body=rss([(f"{SITE}/ok", "OK", NOW)]).encode()),
        ],
    )
    feed, _ = add_source(store, server.url("/feed"), "feed", now=NOW, every_s=300)

    failed = await poll(store, [feed])
    assert failed.errors[0].error == "HTTP 500 after 1 attempt"
    after_500 = get_source(store, feed.id)
    assert (after_500.error_streak, after_500.next_poll_at) == (1, NOW + timedelta(seconds=600))

    malformed = await poll(store, [after_500])
    assert "malformed feed" in malformed.errors[0].error
    after_bad = get_source(store, feed.id)
    assert after_bad.error_streak == 2
    assert after_bad.next_poll_at == NOW + timedelta(seconds=1200)
    assert store.stories() == []

    recovered = await poll(store, [after_bad])
    assert recovered.new_stories == 1
    healed = get_source(store, feed.id)
    assert (healed.error_streak, healed.last_error) == (0, "")
    assert healed.next_poll_at == NOW + timedelta(seconds=300)


async def test_due_sources_most_overdue_first(store: Store) -> None:
    late, _ = add_source(store, "https://a.example/feed", "feed", now=NOW)
    early, _ = add_source(store, "https://b.example/feed", "feed", now=NOW - HOUR)
    add_source(store, "https://c.example/feed", "feed", now=NOW + HOUR)
    assert [s.id for s in due_sources(store, NOW)] == [early.id, late.id]


async def test_one_failing_source_does_not_stop_the_others(
    store: Store, server: LoopbackServer
) -> None:
    server.route("/good", Response(200, body=rss([(f"{SITE}/g", "G", NOW)]).encode()))
    good, _ = add_source(store, server.url("/good"), "feed", now=NOW)
    bad, _ = add_source(store, server.url("/nothing-here"), "feed", now=NOW)
    async with Fetcher(min_host_gap=0.0, retries=0) as fetcher:
        summary = await poll_sources(store, fetcher, NOW, [good, bad])
    assert summary.new_stories == 1
    assert [p.source.id for p in summary.errors] == [bad.id]
    assert get_source(store, bad.id).last_error == "HTTP 404"
