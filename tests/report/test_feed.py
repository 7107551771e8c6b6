"""The Atom feed: valid, one stable entry per change, hostile text as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import lxml.html
from click.testing import CliRunner, Result

from revtrack.cli import cli
from revtrack.review import ReviewState, mark_change
from revtrack.store.store import Store
from tests.report.conftest import DEMO_CHANGES, HOSTILE_AT, HOSTILE_SHOWN, HOSTILE_URL
from tests.report.helpers import report_json

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(run: Callable[..., Result], *args: str) -> tuple[str, Any]:
    result = run("feed", *args)
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(result.stdout.encode("utf-8"))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return result.stdout, parsed


def test_one_entry_per_change_newest_first(run: Callable[..., Result]) -> None:
    _, parsed = _feed(run)
    entries = parsed.entries
    assert len(entries) == DEMO_CHANGES + 1
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(
        re.fullmatch(r"tag:revtrack,2026:[0-9a-f]{40}/\d{8}T\d{6}Z-[0-9a-f]{12}", i) for i in ids
    )
    titles = [e.title for e in entries]
    assert len(set(titles)) == len(titles)
    report = report_json(run)["changes"]
    assert [e.link for e in entries] == [c["url"] for c in report]
    assert [e.updated for e in entries] == [c["captured_at"] for c in report]
    assert [e.summary for e in entries] == [c["summary"] for c in report]
    assert parsed.feed.updated == report[0]["captured_at"]
    assert parsed.feed.generator == "revtrack"


def test_hostile_text_stays_text(run: Callable[..., Result]) -> None:
    text, parsed = _feed(run)
    hostile = next(e for e in parsed.entries if e.link == HOSTILE_URL)
    assert hostile.title.startswith(f"{HOSTILE_SHOWN} — v2: ")
    assert "headline" in hostile.title.split(" — v2: ")[1]
    # The content is HTML escaped once: as HTML it holds no script or image.
    root = ET.fromstring(text)
    [content] = [
        entry.find(f"{ATOM}content")
        for entry in root.iter(f"{ATOM}entry")
        for link in entry.iter(f"{ATOM}link")
        if link.get("href") == HOSTILE_URL
    ]
    assert content is not None
    assert content.get("type") == "html"
    fragment = lxml.html.fragment_fromstring(content.text or "", create_parent="div")
    assert fragment.xpath("//script") == []
    assert fragment.xpath("//img") == []
    assert fragment.xpath("//del")
    assert fragment.xpath("//ins")
    assert "</p><script>alert(2)</script> resigned on Tuesday" in fragment.text_content()


def test_label_limits_entries(run: Callable[..., Result]) -> None:
    _, parsed = _feed(run, "--label", "correction")
    wanted = [c for c in report_json(run)["changes"] if "correction" in c["labels"]]
    assert len(parsed.entries) == len(wanted) >= 1
    for entry in parsed.entries:
        assert "correction" in [t.term for t in entry.tags]
    assert "correction" in parsed.feed.title


def test_limit_keeps_the_newest(run: Callable[..., Result]) -> None:
    _, everything = _feed(run)
    _, three = _feed(run, "--limit", "3")
    assert [e.id for e in three.entries] == [e.id for e in everything.entries[:3]]


def _entries(text: str) -> dict[str, bytes]:
    root = ET.fromstring(text)
    return {
        entry.findtext(f"{ATOM}id", ""): ET.tostring(entry) for entry in root.iter(f"{ATOM}entry")
    }


def test_entries_are_never_rewritten(run: Callable[..., Result], home: Path) -> None:
    before = _entries(run("feed").stdout)
    with Store.open(home / "revtrack.db") as store:
        story = store.story(HOSTILE_URL)
        mark_change(
            store, story.id, 2, state=ReviewState.REVIEWED, note="fine",
            reviewer="desk", at=HOSTILE_AT,
        )  # fmt: skip
    after = _entries(run("feed").stdout)
    assert after == before


def test_an_empty_feed_is_still_valid(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--home", str(tmp_path / "empty"), "feed"])
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(result.stdout.encode("utf-8"))
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.updated


def test_the_feed_is_pretty_printed(run: Callable[..., Result]) -> None:
    text, parsed = _feed(run)
    lines = text.splitlines()
    assert len(lines) > 20
    assert lines[1] == '<feed xmlns="http://www.w3.org/2005/Atom">'
    assert "  <entry>" in lines
    assert all(len(line) < 400 or "<content" in line for line in lines)
    assert parsed.entries
