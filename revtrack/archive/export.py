"""Writing a store's histories out as an archive: versions and gone/restored events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from revtrack.archive.destination import folder_names, write_in_place
from revtrack.archive.layout import GONE_STATUSES, OK_STATUS, Capture, ReviewMark, StoryArchive
from revtrack.store.rows import Event, EventKind, Story, Version
from revtrack.store.store import Store

DEFAULT_GONE_STATUS = 404
_HTTP_STATUS = re.compile(r"^HTTP (\d{3})$")


def write_archive(
    store: Store, folder: Path | str, urls: Sequence[str] | None = None, *, update: bool = False
) -> list[StoryArchive]:
    """Write ``urls``' stories (all stories when None) as story folders under ``folder``.

    Every version becomes a capture with its raw HTML as stored; every "gone" event a
    capture with its HTTP status and no file; a "restored" event with no version of its
    own a capture of the page as last stored; the review record goes along. Folder names
    come from the story URLs. ``folder`` must be empty or new, unless ``update``: then a
    story already there is rewritten in its folder and other story folders are kept, so
    the folder always imports. Versions that re-extraction marked as noise are left out,
    and stories with nothing captured yet are skipped (an archive story needs a capture).
    """
    root = Path(folder)
    stories = [store.story(url) for url in urls] if urls else store.stories()
    places = folder_names(root, [story.url for story in stories], update=update)
    pairs = zip(stories, places, strict=True)
    planned = [story_archive(store, story, place) for story, place in pairs]
    planned = [archive for archive in planned if archive.captures]
    if planned:
        root.mkdir(parents=True, exist_ok=True)
    for archive in planned:
        write_in_place(archive)
    return planned


def story_archive(store: Store, story: Story, folder: Path) -> StoryArchive:
    """The archive form of one stored story: its captures numbered in time order."""
    versions = [v for v in store.versions(story.id) if v.is_real]
    events = [e for e in store.events(story.id) if e.kind in (EventKind.GONE, EventKind.RESTORED)]
    captures = _numbered(_version_captures(store, story, versions) + _event_captures(events))
    captures = _fill_restored(captures)
    return StoryArchive(folder=folder, url=story.url, captures=tuple(captures),
                        title=story.headline,
                        reviews=_review_marks(store, story, captures))  # fmt: skip


def _review_marks(store: Store, story: Story, captures: list[Capture]) -> tuple[ReviewMark, ...]:
    """The story's review record, each mark pointing at the capture of its version."""
    capture_of = {c.version: n for n, c in enumerate(captures, 1) if c.version}
    return tuple(
        ReviewMark(capture_of[m.seq], str(m.state), m.at, note=m.note, reviewer=m.reviewer)
        for m in store.review_log(story.id)
        if m.seq in capture_of
    )


def _version_captures(store: Store, story: Story, versions: list[Version]) -> list[Capture]:
    out = []
    for version in versions:
        note = f"version {version.seq}"
        if version.same_as is not None:
            note += f" ({version.kind}, same as version {version.same_as})"
        url = version.url if version.url != story.url else ""
        out.append(Capture(version.captured_at, OK_STATUS, body=store.raw_html(version),
                           note=note, url=url, version=version.seq))  # fmt: skip
    return out


def _event_captures(events: list[Event]) -> list[Capture]:
    out = []
    for event in events:
        if event.kind == EventKind.GONE:
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
