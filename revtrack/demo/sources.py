"""The sample archive as pages the demo server can serve."""

from __future__ import annotations

from pathlib import Path

from revtrack.archive import read_archive
from revtrack.demo.server import Capture, ServedStory


def served_stories(archive: Path) -> list[ServedStory]:
    """One loopback path per story folder ("/blinken-beijing"), its captures in time order."""
    return [
        ServedStory(
            f"/{story.name}",
            tuple(Capture(c.at, c.status, c.body) for c in story.captures),
        )
        for story in read_archive(archive)
    ]
