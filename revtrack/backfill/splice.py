"""Putting versions older than a story's tracked ones before them, in one transaction.

The older captures run through the real pipeline in a scratch store of their own
(so noise, flip-flops and changes among them are the pipeline's), then move in: the
story's versions and everything that names one by number shift up (``shift_versions``),
the older versions take numbers 1..k, their checks and events join the log in time
order, tracked versions that equal an older one become what the pipeline would have
called them (noise next to it, a flip-flop further on), and every stored change is
computed anew, so the first formerly tracked version now has a base.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from revtrack.backfill.captures import ArchivedCapture
from revtrack.history.records import refresh_changes
from revtrack.store.history import NewVersion
from revtrack.store.rows import EventKind, VersionKind
from revtrack.store.store import Store


def _copy_versions(scratch: Store, scratch_id: int, store: Store, story_id: int) -> int:
    versions = scratch.versions(scratch_id)
    store.shift_versions(story_id, len(versions))
    for v in versions:
        store.insert_version_at(
            story_id, v.seq,
            NewVersion(
                article=scratch.article(v), raw=scratch.raw_html(v), fingerprint=v.fingerprint,
                captured_at=v.captured_at, url=v.url, extractor=v.extractor,
                extractor_version=v.extractor_version, kind=v.kind, same_as=v.same_as,
                source=v.source, http_status=v.http_status, headers=v.headers,
            ),
        )  # fmt: skip
    for c in scratch.checks(scratch_id):
        store.add_check(
            story_id, at=c.checked_at, outcome=c.outcome, http_status=c.http_status,
            version_seq=c.version_seq, page_updated_at=c.page_updated_at, detail=c.detail,
            elapsed_ms=c.elapsed_ms,
        )  # fmt: skip
    for e in scratch.events(scratch_id):
        store.add_event(story_id, at=e.at, kind=e.kind, version_seq=e.version_seq, detail=e.detail)
    return len(versions)


def _reclassify(store: Store, story_id: int, older: int) -> None:
    """Tracked versions seen again in the older history: the one right after an equal
    older version is noise of it, a later one a flip-flop (as capture would have said)."""
    seen: dict[str, int] = {}
    previous: str | None = None
    for v in store.versions(story_id):
        if not v.is_real:
            continue
        kind, same_as = v.kind, v.same_as
        if v.seq > older and v.kind == VersionKind.VERSION:
            if v.fingerprint == previous:
                kind, same_as = VersionKind.NOISE, None
            elif v.fingerprint in seen:
                kind, same_as = VersionKind.FLIP_FLOP, seen[v.fingerprint]
                store.add_event(
                    story_id, at=v.captured_at, kind=EventKind.FLIP_FLOP, version_seq=v.seq,
                    detail=f"same as version {same_as}",
                )  # fmt: skip
            if (kind, same_as) != (v.kind, v.same_as):
                store.replace_article(
                    v, store.article(v), fingerprint=v.fingerprint, kind=kind, same_as=same_as,
                    extractor=v.extractor, extractor_version=v.extractor_version,
                )  # fmt: skip
        if kind != VersionKind.NOISE:
            seen[v.fingerprint] = v.seq
            previous = v.fingerprint


def splice_older(
    store: Store,
    story_id: int,
    scratch: Store,
    scratch_id: int,
    seen: Sequence[tuple[ArchivedCapture, str]],
    *,
    now: datetime,
) -> int:
    """Move the scratch story's versions, checks and events before ``story_id``'s, and
    remember the captures ``seen`` (with their outcomes), all in one transaction.
    Returns how many versions moved in."""
    with store.transaction():
        moved = _copy_versions(scratch, scratch_id, store, story_id)
        if moved:
            _reclassify(store, story_id, moved)
            store.order_story_log(story_id)
            refresh_changes(store, store.story(story_id))
        for capture, outcome in seen:
            store.mark_capture_seen(
                story_id, capture.source, captured_at=capture.at, digest=capture.digest,
                outcome=outcome, at=now,
            )  # fmt: skip
    return moved
