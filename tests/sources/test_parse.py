from __future__ import annotations

import gzip
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from revtrack.sources.detect import feed_links, sniff
from revtrack.sources.errors import SourceError
from revtrack.sources.feeds import parse_feed
from revtrack.sources.sitemaps import parse_sitemap, recent_children
from tests.sources.docs import BILLION_LAUGHS, atom, news_sitemap, rss, sitemap_index

T = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
BASE = "https://news.example/feed.xml"


def test_rss2_entries_have_url_title_and_published() -> None:
    feed = parse_feed(
        rss([("https://news.example/a", "A & B", T), ("/relative", "Rel", None)]).encode(), BASE
    )
    assert feed.title == "Example News"
    assert [(e.url, e.title, e.published) for e in feed.entries] == [
        ("https://news.example/a", "A & B", T),
        ("https://news.example/relative", "Rel", None),
    ]


def test_atom_entries_use_alternate_link_and_published() -> None:
    later = T + timedelta(hours=2)
    feed = parse_feed(atom([("https://news.example/x", "X", later)]).encode(), BASE)
    assert feed.title == "Atom News"
    assert feed.entries[0].url == "https://news.example/x"
    assert feed.entries[0].published == later


def test_feed_entry_without_link_is_skipped() -> None:
    body = rss([("https://news.example/a", "A", T)]).replace(
        "</channel>", "<item><title>no link</title></item></channel>"
    )
    assert [e.url for e in parse_feed(body.encode(), BASE).entries] == ["https://news.example/a"]


@pytest.mark.parametrize(
    "body",
    [
        b"<rss version='2.0'><channel><item><title>broken</ti",
        b"this is not xml at all",
        b"<html><body><p>a web page</p></body></html>",
    ],
)
def test_malformed_or_foreign_feed_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(SourceError, match=r"malformed feed|not an RSS or Atom feed"):
        parse_feed(body, BASE)


def test_news_sitemap_prefers_publication_date_over_lastmod() -> None:
    body = news_sitemap([("https://news.example/n1", T)]).replace(
        "</news:news>", "</news:news><lastmod>2020-01-01</lastmod>"
    )
    sitemap = parse_sitemap(body.encode(), BASE)
    assert not sitemap.is_index
    assert [(e.url, e.title, e.published) for e in sitemap.entries] == [
        ("https://news.example/n1", "Headline", T)
    ]


def test_plain_sitemap_uses_lastmod_and_date_only_values() -> None:
    body = news_sitemap([("https://news.example/p", T)], lastmod_only=True).replace(
        T.isoformat(), "2024-05-01"
    )
    entry = parse_sitemap(body.encode(), BASE).entries[0]
    assert entry.published == datetime(2024, 5, 1, tzinfo=UTC)


def test_gzipped_sitemap_is_read() -> None:
    body = gzip.compress(news_sitemap([("https://news.example/gz", T)]).encode())
    assert parse_sitemap(body, BASE).entries[0].url == "https://news.example/gz"
    assert sniff(body) == "sitemap"


def test_sitemap_index_lists_children_and_keeps_only_recent_ones() -> None:
    children: list[tuple[str, datetime | None]] = [
        (f"https://news.example/s{i}.xml", T - timedelta(days=i)) for i in range(10)
    ]
    children.append(("https://news.example/undated.xml", None))
    index = parse_sitemap(sitemap_index(children).encode(), BASE)
    assert index.is_index
    assert len(index.children) == 11
    picked = recent_children(index, since=T - timedelta(days=3), limit=3)
    assert [c.url for c in picked] == [f"https://news.example/s{i}.xml" for i in range(3)]
    everything = recent_children(index, since=T - timedelta(days=3))
    assert [c.url for c in everything][-1] == "https://news.example/undated.xml"
    assert len(everything) == 5  # days 0..3 and the undated one


def test_not_a_sitemap_is_refused() -> None:
    with pytest.raises(SourceError, match="not a sitemap"):
        parse_sitemap(b"<rss version='2.0'/>", BASE)
    with pytest.raises(SourceError, match="malformed XML"):
        parse_sitemap(b"<urlset><url><loc>x</url>", BASE)


def test_billion_laughs_is_refused_quickly_by_both_parsers() -> None:
    sitemap = BILLION_LAUGHS + b"<urlset><url><loc>https://x.example/&lol9;</loc></url></urlset>"
    feed = BILLION_LAUGHS + b"<rss version='2.0'><channel><title>&lol9;</title></channel></rss>"
    # Refused before any expansion: expanding &lol9; would take ~3 GB (and minutes).
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="entit"):
            parse_sitemap(sitemap, BASE)
        with pytest.raises(SourceError, match="entit"):
            parse_feed(feed, BASE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20


def test_external_entity_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&x;</loc></url></urlset>"
    )
    with pytest.raises(SourceError, match="entit"):
        parse_sitemap(body, BASE)


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b'<?xml version="1.0"?><!-- hi --><rss version="2.0"/>', None, "feed"),
        (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'/>", None, "feed"),
        (b"<rdf:RDF xmlns:rdf='x'/>", None, "feed"),
        (b"<?xml version='1.0'?>\n<urlset/>", "text/xml", "sitemap"),
        (b"<sitemapindex/>", None, "sitemap"),
        (b"<!DOCTYPE html><html><head></head></html>", "text/html", "html"),
        (b"<p>hello</p>", "text/html; charset=utf-8", "html"),
        (b"%PDF-1.4", "application/pdf", "unknown"),
    ],
)
def test_sniff(body: bytes, content_type: str | None, kind: str) -> None:
    assert sniff(body, content_type) == kind


def test_feed_links_from_a_page() -> None:
    page = """<html><head><base href="/news/">
      <link rel="stylesheet" href="a.css">
      <link rel="alternate" type="application/rss+xml" href="rss.xml" title="RSS">
      <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://x.example/atom">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" hreflang="fr" href="/fr/">
    </head><body></body></html>"""
    assert feed_links(page, "https://x.example/section/page") == [
        "https://x.example/news/rss.xml",
        "https://x.example/atom",
    ]


def test_entity_declaration_is_refused_by_the_parser_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from revtrack.sources import safexml

    monkeypatch.setattr(safexml, "refuse_entities", lambda _body: None)
    body = BILLION_LAUGHS + b"<urlset><url><loc>https://x.example/&lol9;</loc></url></urlset>"
    with pytest.raises(SourceError, match="entit"):
        safexml.parse_xml(body)


def test_a_feed_quoting_entity_syntax_in_cdata_is_fine() -> None:
    body = rss([("https://news.example/xxe", "About <!ENTITY attacks", T)]).replace(
        "About &lt;!ENTITY attacks", "<![CDATA[About <!ENTITY attacks]]>"
    )
    assert "<!ENTITY" in body
    assert parse_feed(body.encode(), BASE).entries[0].title == "About <!ENTITY attacks"
