"""Writing a story's manifest (story.toml) and its capture files."""

from __future__ import annotations

import json

from revtrack.archive.layout import MANIFEST, Capture, ReviewMark, StoryArchive
from revtrack.clock import to_iso

HEADER = (
    "# Exported by revtrack: every stored version and every gone/restored event of one story.",
    "# Checks that found only noise are not kept by revtrack, so they are not here.",
    "# One [[captures]] table per captured page, oldest first; see snapshots/README.md.",
    "# [[reviews]]: the review record, each mark on the version its capture made.",
)


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML ones)."""
    return json.dumps(text, ensure_ascii=False)


def manifest_text(story: StoryArchive, header: tuple[str, ...] = HEADER) -> str:
    lines = [*header, f"url = {toml_string(story.url)}"]
    for key, value in (("site", story.site), ("title", story.title)):
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    for capture in story.captures:
        lines += ["", *_capture_lines(capture)]
    for mark in story.reviews:
        lines += ["", *_review_lines(mark)]
    return "\n".join(lines) + "\n"


def _review_lines(mark: ReviewMark) -> list[str]:
    lines = ["[[reviews]]", f"capture = {mark.capture}", f"state = {toml_string(mark.state)}"]
    lines.append(f"at = {to_iso(mark.at)}")
    for key, value in (("reviewer", mark.reviewer), ("note", mark.note)):
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    return lines


def _capture_lines(capture: Capture) -> list[str]:
    lines = ["[[captures]]", f"at = {to_iso(capture.at)}", f"status = {capture.status}"]
    for key, value in (
        ("file", capture.file), ("url", capture.url), ("error", capture.error),
        ("note", capture.note),
    ):  # fmt: skip
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    return lines


def write_story(story: StoryArchive) -> None:
    """Create ``story.folder`` with its manifest and capture files (bytes as captured)."""
    story.folder.mkdir(parents=True)
    written: set[str] = set()
    for capture in story.captures:
        if capture.file and capture.file not in written:
            (story.folder / capture.file).write_bytes(capture.body)
            written.add(capture.file)
    (story.folder / MANIFEST).write_text(manifest_text(story), encoding="utf-8")


def folder_name(url: str, taken: set[str]) -> str:
    """A readable, unique folder name from the URL's last path segment (or its host)."""
    path = url.split("://", 1)[-1].split("?", 1)[0].rstrip("/")
    host, _, rest = path.partition("/")
    last = rest.rsplit("/", 1)[-1] if rest else host
    base = "-".join("".join(c if c.isalnum() else " " for c in last.lower()).split())[:60]
    base = base or "story"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name
