"""Reading an archive folder, checking every manifest and file before anything is used."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from revtrack.archive.layout import (
    MANIFEST,
    OK_STATUS,
    STATUSES,
    ArchiveError,
    Capture,
    ReviewMark,
    StoryArchive,
)
from revtrack.clock import as_utc
from revtrack.errors import InvalidURLError
from revtrack.urls import canonical_url

_STORY_KEYS = frozenset({"url", "site", "title", "captures", "reviews"})
_CAPTURE_KEYS = frozenset({"at", "status", "file", "note", "url", "error"})
_REVIEW_KEYS = frozenset({"capture", "state", "at", "note", "reviewer"})
_REVIEW_STATES = ("unreviewed", "reviewed", "flagged")


def read_archive(folder: Path | str) -> list[StoryArchive]:
    """Every story in ``folder``: a folder of story folders, or one story folder.

    Raises ArchiveError (one line, naming the file) on the first problem found.
    """
    root = Path(folder)
    if not root.exists():
        raise ArchiveError(f"no such folder: {root}")
    if not root.is_dir():
        raise ArchiveError(f"not a folder: {root}")
    if (root / MANIFEST).exists():
        return [read_story(root)]
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        raise ArchiveError(f"no story folders in {root} (each needs a {MANIFEST})")
    stories = [read_story(path) for path in folders]
    _check_unique_urls(stories)
    return stories


def read_story(folder: Path) -> StoryArchive:
    """One story folder: its manifest and every capture file it names."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise ArchiveError(f"{folder}: no {MANIFEST} (see snapshots/README.md)")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ArchiveError(f"{manifest}: cannot read: {exc}") from None
    _no_unknown_keys(data, _STORY_KEYS, str(manifest))
    url = _url(data.get("url"), manifest)
    raw = data.get("captures")
    if not isinstance(raw, list) or not raw:
        raise ArchiveError(f"{manifest}: needs at least one [[captures]] table")
    captures = tuple(
        _capture(folder, item, f"{manifest}: capture {i}") for i, item in enumerate(raw, 1)
    )
    _check_order(captures, manifest)
    reviews = data.get("reviews", [])
    if not isinstance(reviews, list):
        raise ArchiveError(f"{manifest}: reviews must be [[reviews]] tables")
    marks = tuple(
        _review(item, len(captures), f"{manifest}: review {i}") for i, item in enumerate(reviews, 1)
    )
    return StoryArchive(
        folder=folder, url=url, captures=captures,
        site=_text(data, "site", str(manifest)), title=_text(data, "title", str(manifest)),
        reviews=marks,
    )  # fmt: skip


def _review(item: object, captures: int, where: str) -> ReviewMark:
    if not isinstance(item, dict):
        raise ArchiveError(f"{where}: not a table")
    _no_unknown_keys(item, _REVIEW_KEYS, where)
    capture = item.get("capture")
    if not isinstance(capture, int) or isinstance(capture, bool) or not 1 <= capture <= captures:
        raise ArchiveError(f"{where}: capture must be a capture number from 1 to {captures}")
    state = item.get("state")
    if state not in _REVIEW_STATES:
        raise ArchiveError(f"{where}: state must be one of {', '.join(_REVIEW_STATES)}")
    return ReviewMark(
        capture=capture, state=str(state), at=_moment(item.get("at"), where),
        note=_text(item, "note", where), reviewer=_text(item, "reviewer", where),
    )  # fmt: skip


def _url(value: object, where: Path | str) -> str:
    if not isinstance(value, str) or not value:
        raise ArchiveError(f'{where}: needs url = "https://..."')
    try:
        return canonical_url(value)
    except InvalidURLError as exc:
        raise ArchiveError(f"{where}: {exc}") from None


def _capture(folder: Path, item: object, where: str) -> Capture:
    if not isinstance(item, dict):
        raise ArchiveError(f"{where}: not a table")
    _no_unknown_keys(item, _CAPTURE_KEYS, where)
    at = _moment(item.get("at"), where)
    status = item.get("status")
    if not isinstance(status, int) or isinstance(status, bool) or status not in STATUSES:
        allowed = "200, 404, 410, 403, 429 or 5xx"
        raise ArchiveError(f"{where}: status must be one of {allowed}, not {status!r}")
    file = _text(item, "file", where)
    if status == OK_STATUS and not file:
        raise ArchiveError(f'{where}: a status 200 capture needs file = "NN.html"')
    body = _body(folder, file, where) if file else b""
    url = _text(item, "url", where)
    if url and not url.startswith(("http://", "https://")):
        raise ArchiveError(f"{where}: url must be an http(s) URL: {url!r}")
    return Capture(
        at=at, status=status, file=file, body=body, note=_text(item, "note", where),
        url=url, error=_text(item, "error", where),
    )  # fmt: skip


def _moment(value: object, where: str) -> datetime:
    if not isinstance(value, datetime):
        raise ArchiveError(f"{where}: at must be a TOML date-time such as 2025-03-03T12:30:00Z")
    if value.tzinfo is None:
        raise ArchiveError(f"{where}: at needs a time zone (end it with Z for UTC)")
    return as_utc(value).replace(microsecond=0)


def _body(folder: Path, file: str, where: str) -> bytes:
    path = folder / file
    if Path(file).name != file or file in (".", ".."):
        raise ArchiveError(f"{where}: file must be a plain name in the story folder: {file!r}")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"{where}: missing file {path}") from None
    except OSError as exc:
        raise ArchiveError(f"{where}: cannot read {path}: {exc.strerror}") from None


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ArchiveError(f"{where}: {key} must be a string")
    return value


def _no_unknown_keys(data: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise ArchiveError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _check_order(captures: tuple[Capture, ...], manifest: Path) -> None:
    for i, (earlier, later) in enumerate(pairwise(captures), 2):
        if later.at <= earlier.at:
            raise ArchiveError(f"{manifest}: capture {i} is not later than capture {i - 1}")


def _check_unique_urls(stories: list[StoryArchive]) -> None:
    seen: dict[str, Path] = {}
    for story in stories:
        if story.url in seen:
            raise ArchiveError(f"{story.folder}: same url as {seen[story.url]}: {story.url}")
        seen[story.url] = story.folder
