"""The CDX query and answer, and Memento TimeMaps (RFC 7089 link format)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from revtrack.backfill.captures import BackfillError
from revtrack.backfill.cdx import cdx_query, parse_cdx
from revtrack.backfill.timemap import parse_timemap, raw_memento_url

BASE = "https://web.archive.org"
URL = "https://news.example/a?x=1"


def test_cdx_query_asks_for_distinct_200s_in_range() -> None:
    query = cdx_query(
        BASE + "/", URL, since=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        until=datetime(2025, 2, 1, tzinfo=UTC), limit=50,
    )  # fmt: skip
    parts = urlsplit(query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{BASE}/cdx/search/cdx"
    params = parse_qs(parts.query)
    assert params["url"] == [URL]
    assert params["output"] == ["json"]
    assert params["filter"] == ["statuscode:200"]
    assert params["collapse"] == ["digest"]
    assert (params["from"], params["to"], params["limit"]) == (
        ["20250102030405"], ["20250201000000"], ["50"]
    )  # fmt: skip


def test_parse_cdx_reads_rows_and_skips_what_is_not_a_page() -> None:
    rows = [
        ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
        ["a", "20250102030405", URL, "text/html", "200", "D1", "10"],
        ["a", "20250101000000", URL, "text/html", "200", "D0", "10"],
        ["a", "20250103000000", URL, "warc/revisit", "-", "D1", "0"],
        ["a", "2025010", URL, "text/html", "200", "D2", "10"],  # a broken timestamp
        ["too", "short"],
    ]
    captures = parse_cdx(BASE, json.dumps(rows))
    assert [c.at for c in captures] == [
        datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    ]  # fmt: skip
    first = captures[0]
    assert first.raw_url == f"{BASE}/web/20250101000000id_/{URL}"
    assert first.source == f"{BASE}/web/20250101000000/{URL}"
    assert (first.original, first.digest) == (URL, "D0")


@pytest.mark.parametrize("text", ["", "  \n", "[]"])
def test_an_empty_cdx_answer_is_no_captures(text: str) -> None:
    assert parse_cdx(BASE, text) == []


@pytest.mark.parametrize("text", ["<html>busy</html>", '[["a", "b"]]'])
def test_a_cdx_answer_that_is_not_one_is_an_error(text: str) -> None:
    with pytest.raises(BackfillError):
        parse_cdx(BASE, text)


TIMEMAP = """<http://a.example.org>;rel="original",
<http://arxiv.example.net/timemap/http://a.example.org>
  ; rel="self";type="application/link-format"
  ; from="Tue, 20 Jun 2000 18:02:59 GMT"; until="Wed, 09 Apr 2008 20:30:51 GMT",
<http://arxiv.example.net/timegate/http://a.example.org>; rel="timegate",
<http://arxiv.example.net/web/20091027204954/http://a.example.org>
  ; rel="last memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT",
<http://arxiv.example.net/web/20000620180259/http://a.example.org>
  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT",
<http://other.example/m?id=1,2>;rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT",
<http://other.example/bad>;rel="memento";datetime="yesterday"
"""


def test_timemap_mementos_in_time_order_dates_with_commas_whole() -> None:
    original, captures = parse_timemap(TIMEMAP)
    assert original == "http://a.example.org"
    assert [c.at.year for c in captures] == [2000, 2000, 2009]
    assert (
        captures[0].raw_url == "http://arxiv.example.net/web/20000620180259id_/http://a.example.org"
    )
    assert captures[0].source == "http://arxiv.example.net/web/20000620180259/http://a.example.org"
    assert captures[1].raw_url == "http://other.example/m?id=1,2"  # not Wayback-style: as is
    assert all(c.original == original for c in captures)


def test_raw_memento_url_swaps_a_modifier_for_id() -> None:
    assert raw_memento_url("https://w.example/web/20250101000000im_/https://x/a") == (
        "https://w.example/web/20250101000000id_/https://x/a"
    )


def test_a_timemap_that_is_not_one_is_an_error() -> None:
    with pytest.raises(BackfillError):
        parse_timemap("<html><body>Not found</body></html>")
