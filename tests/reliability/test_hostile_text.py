"""Hostile article text: literal on every TUI screen, no raw escapes from the CLI,
escaped in HTML reports and feeds.

The strings carry Rich/Textual markup (`[/]`, `[@click=...]`, `[$var]`, `[link=...]`),
ANSI and OSC 8 escape sequences, and HTML/script. The TUI half stores them straight
into the store (the extractor would strip the escapes first, and the screens must not
rely on that); the CLI half captures them through the real pipeline from loopback.
"""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import feedparser
import lxml.html
from lxml import etree
from textual.pilot import Pilot

from revtrack.article import Article
from revtrack.history.records import record_change
from revtrack.review import ReviewState, mark_change
from revtrack.store.rows import CheckOutcome, StoryUpdate
from revtrack.store.store import Store
from revtrack.tui.app import RevtrackApp
from tests.loopback import LoopbackServer, Request, Response
from tests.reliability.support import add_stories, make_home, run
from tests.tui.app_support import NOW, add_version, fixed_clock, settle

MARKUP = "[/] [@click=app.quit]quit[/] [$accent]var [link=https://evil.example]link[/link] [bold]b"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07osc\x1b]8;;\x07 \x1b[2J\x07\x9b"
SCRIPT = "<script>alert(1)</script> <img src=x onerror=alert(2)> </title>&amp;"
HOSTILE = f"Mayor {MARKUP} {ESCAPES} {SCRIPT}"
# In a page, escapes come last: a raw CSI eats the characters after it, as a terminal would.
PAGE_HOSTILE = f"Mayor {MARKUP} {SCRIPT} {ESCAPES}"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# -- the TUI -------------------------------------------------------------------------


def _hostile_article(n: int) -> Article:
    return Article(
        url="https://evil.example/story", headline=f"{HOSTILE} {n}", dek=f"Dek {MARKUP}",
        byline=f"By {ESCAPES}", site=f"Evil {MARKUP}", updated=NOW - timedelta(hours=3 - n),
        updated_text=f"Updated {MARKUP}", highlights=(f"Bullet {HOSTILE}",),
        paragraphs=(f"Body {n} {HOSTILE}", f"Quote “{MARKUP}” said {SCRIPT}"),
        corrections=(f"Correction: {HOSTILE}",) if n == 2 else (),
    )  # fmt: skip


def _hostile_store(path: Path) -> Store:
    store = Store.open(path)
    story, _ = store.add_story("https://evil.example/story", now=NOW - timedelta(hours=4))
    for n in (1, 2):
        add_version(store, story.id, _hostile_article(n), NOW - timedelta(hours=3 - n))
    with store.transaction():
        version = store.version(story.id, 2)
        record_change(store, store.story(story.id), version, _hostile_article(2))
        store.update_story(story.id, StoryUpdate(site=f"Evil {MARKUP}"))
        store.add_check(story.id, at=NOW, outcome=CheckOutcome.ERROR, detail=f"HTTP 500 {HOSTILE}")
    mark_change(store, story.id, 2, state=ReviewState.FLAGGED, note=f"Note {HOSTILE}",
                reviewer=f"ana {MARKUP}", at=NOW)  # fmt: skip
    return store


def _screen_text(app: RevtrackApp) -> str:
    """The text of the screen as drawn (from the SVG screenshot)."""
    svg = app.export_screenshot()
    assert "\x1b" not in svg
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def _visit(pilot: Pilot[None], app: RevtrackApp, *keys: str) -> str:
    await pilot.press(*keys)
    await settle(pilot)
    assert app.is_running  # no [@click=app.quit] ever ran
    return _screen_text(app)


async def test_every_tui_screen_shows_hostile_text_literally(tmp_path: Path) -> None:
    app = RevtrackApp(_hostile_store(tmp_path / "s.db"), clock=fixed_clock, refresh_every=0)
    app.theme = "textual-dark"
    seen: dict[str, str] = {}
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        seen["stories"] = _screen_text(app)
        await pilot.click("#stories", offset=(12, 1))  # clicking the text runs nothing
        seen["story"] = await _visit(pilot, app, "enter")
        seen["diff"] = await _visit(pilot, app, "d")
        seen["diff side"] = await _visit(pilot, app, "s")
        seen["version"] = await _visit(pilot, app, "escape", "v")
        seen["raw"] = await _visit(pilot, app, "r")
        seen["checks"] = await _visit(pilot, app, "escape", "l")
        seen["review"] = await _visit(pilot, app, "escape", "escape", "R", "v")
        seen["help"] = await _visit(pilot, app, "question_mark")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.is_running
    for screen, text in seen.items():
        if screen in ("raw", "help"):
            continue
        assert "[@click=app.quit]quit[/]" in text, screen
        assert "[$accent]var" in text or screen == "checks", screen
    assert "[link=https://evil.example]link[/link]" in seen["diff"]
    assert "<script>alert(1)</script>" in seen["version"]
    assert "Note Mayor [/] [@click=app.quit]quit[/]" in seen["review"]


# -- the CLI, reports and the feed ------------------------------------------------


def _hostile_page(request: Request) -> Response:
    esc = html.escape
    n = min(request.hit, 2)
    headline = f"{n} · {PAGE_HOSTILE}"
    correction = f'<p class="correction">Correction: {esc(PAGE_HOSTILE)}</p>' if n == 2 else ""
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(headline)}</title>"
        f"</head><body><article><h1>{esc(headline)}</h1>"
        f"<p>Body {n}: and more words to make this a paragraph. {esc(PAGE_HOSTILE)}</p>"
        f"<p>Raw escapes in the markup itself: \x1b[31mred\x1b[0m and \x1b]8;;x\x07osc.</p>"
        f"{correction}</article></body></html>"
    )
    return Response.html(page)


def _assert_no_raw_controls(name: str, text: str) -> None:
    found = RAW_CONTROLS.findall(text)
    assert not found, (name, found[:5])


def test_cli_reports_and_feed_never_pass_hostile_text_through(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    with LoopbackServer() as server:
        server.route("/story", _hostile_page)
        url = server.url("/story")
        add_stories(home, [url])
        for _ in range(2):
            assert run(home, "check", "--all").returncode == 0
        mark = run(home, "review", "mark", url, "2", "flagged", "--note", f"Note {HOSTILE}")
    assert mark.returncode == 0, mark.stderr
    outputs = {}
    for args in [
        ("list",), ("log", url), ("log", url, "--json"), ("show", url), ("show", url, "--json"),
        ("diff", url), ("diff", url, "--format", "side"), ("diff", url, "--format", "unified"),
        ("diff", url, "--format", "json"), ("review", "--state", "all"),
        ("review", "--json", "--state", "all"), ("review", "history", url),
        ("report", "--format", "md"), ("report", "--format", "json"),
        ("report", "--format", "csv"), ("report", "--format", "html"), ("feed",),
    ]:  # fmt: skip
        done = run(home, *args)
        assert done.returncode == 0, (args, done.stderr)
        _assert_no_raw_controls(" ".join(args), done.stdout)
        outputs[" ".join(args).replace(url, "URL")] = done.stdout
    for name in ("list", "show URL", "log URL", "review --state all", "report --format md"):
        assert "[@click=app.quit]quit[/]" in outputs[name], name
    assert "<script>alert(1)</script>" in json.loads(outputs["show URL --json"])["headline"]
    assert "Note Mayor [/] [@click=app.quit]" in outputs["review history URL"]
    _assert_html_report_escapes(outputs["report --format html"])
    _assert_feed_escapes(outputs["feed"])


def _assert_html_report_escapes(report: str) -> None:
    tree = lxml.html.fromstring(report)
    assert tree.xpath("//script") == []
    assert tree.xpath("//img") == []
    assert tree.xpath("//@*[starts-with(name(), 'on')]") == []
    assert "<script>alert(1)</script>" in tree.text_content()
    assert "[@click=app.quit]quit[/]" in tree.text_content()


def _assert_feed_escapes(feed: str) -> None:
    parsed = feedparser.parse(feed)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert "<script>alert(1)</script>" in entry.title
    etree.fromstring(feed.encode())  # well-formed XML, no forbidden characters
    content = lxml.html.fromstring(entry.content[0].value)
    assert content.xpath("//script") == []
    assert content.xpath("//img") == []
    assert "<script>alert(1)</script>" in content.text_content()
