"""Writing a store's histories out as an archive: versions and gone/restored events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from revtrack.archive.layout import GONE_STATUSES, OK_STATUS, ArchiveError, Capture, StoryArchive
from revtrack.archive.manifest import folder_name, write_story
from revtrack.store.rows import Event, Story, Version
from revtrack.store.store import Store

DEFAULT_GONE_STATUS = 404
_HTTP_STATUS = re.compile(r"^HTTP (\d{3})$")


def write_archive(
    store: Store, folder: Path | str, urls: Sequence[str] | None = None
) -> list[StoryArchive]:
    """Write ``urls``' stories (all stories when None) as story folders under ``folder``.

    Every version becomes a capture with its raw HTML as stored; every "gone" event a
    capture with its HTTP status and no file; a "restored" event with no version of its
    own a capture of the page as last stored. Folder names come from the story URLs; a
    name already taken in ``folder`` gets a suffix ("-2"), so nothing is overwritten.
    Versions that re-extraction marked as noise are left out.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise ArchiveError(f"not a folder: {root}")
    stories = [store.story(url) for url in urls] if urls else store.stories()
    taken = {p.name for p in root.iterdir()} if root.exists() else set()
    planned = [
        story_archive(store, story, root / folder_name(story.url, taken)) for story in stories
    ]
    for archive in planned:
        write_story(archive)
    return planned


def story_archive(store: Store, story: Story, folder: Path) -> StoryArchive:
    """The archive form of one stored story: its captures numbered in time order."""
    versions = [v for v in store.versions(story.id) if v.kind != "noise"]
    events = [e for e in store.events(story.id) if e.kind in ("gone", "restored")]
    captures = _numbered(_version_captures(store, story, versions) + _event_captures(events))
    captures = _fill_restored(captures)
    return StoryArchive(folder=folder, url=story.url, captures=tuple(captures),
                        title=story.headline)  # fmt: skip


def _version_captures(store: Store, story: Story, versions: list[Version]) -> list[Capture]:
    out = []
    for version in versions:
        note = f"version {version.seq}"
        if version.same_as is not None:
            note += f" ({version.kind}, same as version {version.same_as})"
        url = version.url if version.url != story.url else ""
        out.append(Capture(version.captured_at, OK_STATUS, body=store.raw_html(version),
                           note=note, url=url))  # fmt: skip
    return out


def _event_captures(events: list[Event]) -> list[Capture]:
    out = []
    for event in events:
        if event.kind == "gone":
            status, error = _gone_status(event.detail)
            out.append(Capture(event.at, status, note="gone", error=error))
        else:
            out.append(Capture(event.at, OK_STATUS, note="restored"))
    return out


def _gone_status(detail: str) -> tuple[int, str]:
    """The HTTP status a gone check logged, and its detail when that says more."""
    match = _HTTP_STATUS.match(detail)
    if match and int(match.group(1)) in GONE_STATUSES:
        return int(match.group(1)), ""
    return DEFAULT_GONE_STATUS, detail


def _numbered(captures: list[Capture]) -> list[Capture]:
    """Captures in time order; a restored event at a version's time is that version."""
    version_at = {c.at for c in captures if c.body}
    kept = [c for c in captures if c.body or c.note != "restored" or c.at not in version_at]
    kept.sort(key=lambda c: (c.at, not c.body))
    out, n = [], 0
    for capture in kept:
        if capture.body:
            n += 1
            capture = replace(capture, file=f"{n:02d}.html")
        out.append(capture)
    return out


def _fill_restored(captures: list[Capture]) -> list[Capture]:
    """A page that came back unchanged is served again as the last stored page."""
    out: list[Capture] = []
    last: Capture | None = None
    for capture in captures:
        if capture.status == OK_STATUS and not capture.body:
            if last is None:
                continue  # restored before any version: nothing to serve
            capture = replace(capture, file=last.file, body=last.body,
                              note=f"restored (page as in {last.file})")  # fmt: skip
        elif capture.body:
            last = capture
        out.append(capture)
    return out
