from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from revtrack.sources.errors import SourceError
from revtrack.sources.opml import export_opml, parse_opml
from revtrack.sources.store import add_source, list_sources
from revtrack.store.store import Store

NOW = datetime(2024, 5, 1, tzinfo=UTC)
HOSTILE = "Tom & Jerry <script>alert('x')</script> \"quoted\"\n[/ x] \x1b[31mred"


def test_round_trip_keeps_url_kind_and_title(store: Store) -> None:
    add_source(store, "https://a.example/feed.xml", "feed", now=NOW, title=HOSTILE)
    add_source(store, "https://b.example/news-sitemap.xml", "sitemap", now=NOW, title="B")
    add_source(store, "https://c.example/rss?section=world&b=1", "feed", now=NOW)
    text = export_opml(list_sources(store), now=NOW)

    root = ET.fromstring(text)
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    types = [o.get("type") for o in root.iter("outline")]
    assert types == ["rss", "sitemap", "rss"]
    assert "<script>" not in text

    outlines, skipped = parse_opml(text.encode())
    assert skipped == []
    expected_title = HOSTILE.replace("\x1b", "")  # XML 1.0 cannot carry ESC at all
    assert [(o.url, o.kind, o.title) for o in outlines] == [
        ("https://a.example/feed.xml", "feed", expected_title),
        ("https://b.example/news-sitemap.xml", "sitemap", "B"),
        # untitled sources export their URL as title so readers show something
        (
            "https://c.example/rss?b=1&section=world",
            "feed",
            "https://c.example/rss?b=1&section=world",
        ),
    ]


def test_import_reads_nested_folders_and_skips_junk() -> None:
    body = b"""<?xml version="1.0"?>
    <opml version="1.0"><head><title>mine</title></head><body>
      <outline text="News">
        <outline text="A" type="rss" xmlUrl="https://a.example/feed"/>
        <outline text="A again" type="rss" xmlUrl="https://a.example/feed?utm_source=x"/>
        <outline text="local" type="rss" xmlUrl="file:///etc/passwd"/>
        <outline text="just a link" type="link" url="https://x.example/"/>
      </outline>
      <outline title="S" type="sitemap" xmlUrl="https://s.example/sitemap.xml"/>
    </body></opml>"""
    outlines, skipped = parse_opml(body)
    assert [(o.url, o.kind, o.title) for o in outlines] == [
        ("https://a.example/feed", "feed", "A"),
        ("https://s.example/sitemap.xml", "sitemap", "S"),
    ]
    assert skipped == ["file:///etc/passwd"]


@pytest.mark.parametrize(
    "body",
    [b"<rss/>", b"<opml><body><outline", b'<!DOCTYPE o [<!ENTITY a "b">]><opml/>'],
)
def test_not_opml_is_an_error(body: bytes) -> None:
    with pytest.raises(SourceError):
        parse_opml(body)
