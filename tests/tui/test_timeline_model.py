"""The story screen's rows mark a version read from an archive (issue 16)."""

from __future__ import annotations

from pathlib import Path

from revtrack.history.timeline import story_timeline
from revtrack.store.history import NewVersion
from revtrack.store.store import Store
from revtrack.tui.timeline_model import timeline_rows
from tests.tui.app_support import NOW, article

URL = "https://news.example/storm"


def _version(headline: str, source: str, minutes: int) -> NewVersion:
    art = article(URL, headline, ["Two people were hurt."], 1)
    return NewVersion(
        article=art, raw=f"<h1>{headline}</h1>".encode(), fingerprint=headline,
        captured_at=NOW.replace(minute=minutes), url=URL, extractor="test",
        extractor_version="1", source=source,
    )  # fmt: skip


def test_archived_versions_say_where_they_came_from(tmp_path: Path) -> None:
    with Store.open(tmp_path / "revtrack.db") as store:
        story, _ = store.add_story(URL, now=NOW)
        with store.transaction():
            store.add_version(story.id, _version("Storm", "https://web.archive.org/web/1id_/x", 1))
            store.add_version(story.id, _version("Storm hits", "bins.warc.gz@812 <urn:x>", 2))
            store.add_version(story.id, _version("Storm kills one", "", 3))
        rows = timeline_rows(story_timeline(store, story.id))
    assert [r.detail.split("]")[0] for r in rows[:2]] == ["[web.archive.org", "[bins.warc.gz"]
    assert not rows[2].detail.startswith("[")
