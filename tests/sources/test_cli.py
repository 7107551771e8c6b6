from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli
from revtrack.cli.sources import COMMANDS
from tests.loopback import LoopbackServer, Response
from tests.sources.docs import news_sitemap, rss

for _command in COMMANDS:  # until revtrack/cli/__init__.py registers the module
    if _command.name not in cli.commands:
        cli.add_command(_command)

Run = Callable[..., Result]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[fetch]\nmin_host_gap = 0\ntimeout = 30\nretries = 0\n")
    return home


@pytest.fixture
def run(home: Path) -> Run:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)

    return invoke


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def recent(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def test_add_detects_feed_and_poll_adds_stories(run: Run, server: LoopbackServer) -> None:
    server.route(
        "/feed",
        [
            Response(200, body=rss([("https://n.example/a", "A", recent(1))]).encode()),
            Response(200, body=rss([("https://n.example/a", "A", recent(1))]).encode()),
            Response(
                200,
                body=rss(
                    [
                        ("https://n.example/a", "A", recent(1)),
                        ("https://n.example/b?utm_source=rss", "B", recent(0.5)),
                        ("https://n.example/old", "Old", recent(24 * 30)),
                    ]
                ).encode(),
            ),
        ],
    )
    out = ok(run("source", "add", server.url("/feed"), "--every", "15m", "--no-poll"))
    assert "added feed: Example News" in out
    assert "new stor" not in out
    assert server.hits("/feed") == 1  # --no-poll: detected, not polled

    assert "1 new story" in ok(run("source", "poll"))
    assert "no source is due" in ok(run("source", "poll"))
    assert "1 new story" in ok(run("source", "poll", "--all"))

    stories = json.loads(ok(run("list", "--json")))
    assert sorted(s["url"] for s in stories) == ["https://n.example/a", "https://n.example/b"]
    listed = json.loads(ok(run("source", "list", "--json")))
    assert len(listed) == 1
    assert (listed[0]["kind"], listed[0]["every_s"], listed[0]["stories"]) == ("feed", 900, 2)


def test_add_polls_the_new_source_at_once(run: Run, server: LoopbackServer) -> None:
    items = [
        ("https://n.example/a", "A", recent(1)),
        ("https://n.example/b?utm_source=rss", "B", recent(2)),
        ("https://n.example/old", "Old", recent(24 * 30)),
    ]
    server.route("/feed.xml", Response(200, body=rss(items).encode()))
    result = run("source", "add", server.url("/feed.xml"))
    out = ok(result)
    assert out.startswith("added feed: Example News (")
    assert out.rstrip().endswith("; 2 new stories")
    assert len(out.strip().splitlines()) == 1
    assert result.stderr == ""
    assert server.hits("/feed.xml") == 2  # detected, then polled once

    stories = json.loads(ok(run("list", "--json")))
    assert sorted(s["url"] for s in stories) == ["https://n.example/a", "https://n.example/b"]
    listed = json.loads(ok(run("source", "list", "--json")))
    assert (listed[0]["stories"], listed[0]["error_streak"]) == (2, 0)
    assert listed[0]["last_polled_at"] is not None
    assert "no source is due" in ok(run("source", "poll"))  # the first poll counted

    again = ok(run("source", "add", server.url("/feed.xml")))
    assert "already a feed source" in again
    assert "new stor" not in again
    assert server.hits("/feed.xml") == 3  # detected only: a known source is not polled


def test_add_keeps_the_source_when_its_first_poll_fails(run: Run, server: LoopbackServer) -> None:
    feed = rss([("https://n.example/a", "A", recent(1))]).encode()
    server.route("/feed.xml", [Response(200, body=feed), Response(503, body=b"busy")])
    result = run("source", "add", server.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added feed: Example News (")
    assert "new stor" not in result.stdout
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1
    assert warning[0].startswith("revtrack: warning: the first poll of ")
    assert "failed" in warning[0]
    assert "the source is kept" in warning[0]

    listed = json.loads(ok(run("source", "list", "--json")))
    assert [s["url"] for s in listed] == [server.url("/feed.xml")]
    assert listed[0]["error_streak"] == 1
    assert json.loads(ok(run("list", "--json"))) == []


def test_add_no_poll_only_adds(run: Run, server: LoopbackServer) -> None:
    server.route(
        "/feed.xml", Response(200, body=rss([("https://n.example/a", "A", recent(1))]).encode())
    )
    out = ok(run("source", "add", server.url("/feed.xml"), "--no-poll"))
    assert "added feed: Example News" in out
    assert "new stor" not in out
    assert server.hits("/feed.xml") == 1
    assert json.loads(ok(run("list", "--json"))) == []
    assert "1 new story" in ok(run("source", "poll"))


def test_add_follows_a_pages_feed_link_and_dedupes(run: Run, server: LoopbackServer) -> None:
    server.route("/feed.xml", Response(200, body=rss([], title="Found Via Page").encode()))
    server.route(
        "/",
        Response.html(
            '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
            "</head><body>front page</body></html>"
        ),
    )
    assert f"added feed: Found Via Page ({server.url('/feed.xml')}" in ok(
        run("source", "add", server.url("/"))
    )
    assert "already a feed source" in ok(run("source", "add", server.url("/feed.xml")))


def test_add_sitemap(run: Run, server: LoopbackServer) -> None:
    server.route("/sitemap.xml", Response(200, body=news_sitemap([]).encode()))
    assert "added sitemap" in ok(run("source", "add", server.url("/sitemap.xml")))
    assert json.loads(ok(run("source", "list", "--json")))[0]["kind"] == "sitemap"


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Response.html("<html><body>no feed here</body></html>"), "links to no RSS or Atom"),
        (Response(200, [("Content-Type", "application/pdf")], b"%PDF-1.4"), "neither"),
        (Response(404, body=b"nope"), "cannot fetch"),
        (Response(200, body=b"<rss version='2.0'><channel><item><ti"), "malformed feed"),
    ],
)
def test_add_rejects_what_is_not_a_source(
    run: Run, server: LoopbackServer, route: Response, message: str
) -> None:
    server.route("/x", route)
    result = run("source", "add", server.url("/x"))
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert json.loads(ok(run("source", "list", "--json"))) == []


def test_add_rejects_a_bad_url(run: Run) -> None:
    result = run("source", "add", "ftp://x.example/feed")
    assert result.exit_code == 1  # a bad URL is an error, not a usage error (as `add`)
    assert "only http(s)" in result.output


def test_import_export_list_remove(run: Run, tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<opml version="2.0"><body>'
        '<outline type="rss" text="A \x9b31mfeed" xmlUrl="https://a.example/rss"/>'
        '<outline type="sitemap" title="S" xmlUrl="https://s.example/sitemap.xml"/>'
        "</body></opml>"
    )
    assert "imported 2 new source(s)" in ok(run("source", "import", str(opml)))
    assert "imported 0 new source(s); 2 already present" in ok(run("source", "import", str(opml)))

    table = ok(run("source", "list"))
    assert "\x9b" not in table
    assert "A feed" in table
    assert "https://s.example/sitemap.xml" in table

    out = tmp_path / "out.opml"
    ok(run("source", "export", str(out)))
    exported = out.read_text()
    assert 'xmlUrl="https://a.example/rss"' in exported
    assert 'type="sitemap"' in exported
    assert ok(run("source", "export")) == exported

    assert "removed source: https://a.example/rss" in ok(run("source", "remove", "1"))
    missing = run("source", "remove", "https://a.example/rss")
    assert missing.exit_code == 1
    assert "no such source" in missing.output
    remaining = json.loads(ok(run("source", "list", "--json")))
    assert [s["url"] for s in remaining] == ["https://s.example/sitemap.xml"]


def test_empty_list(run: Run) -> None:
    assert "no sources yet" in ok(run("source", "list"))
