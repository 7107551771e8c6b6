"""Putting versions captured before or between a story's versions in their place, in
one transaction.

The captures of one gap (before the first version, or between version ``after`` and
the next) run through the real pipeline in a scratch store of their own that holds the
story's versions up to ``after`` (so noise, flip-flops and stamps are judged against
what the story was then), then move in: the versions above ``after`` and everything that
names one by number shift up (``shift_versions``), the new versions take the freed
numbers, their checks and events join the log in time order, a later version that
equals a new one becomes what the pipeline would have called it (noise right after an
equal version, a flip-flop further on), and every stored change is computed anew.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from revtrack.backfill.captures import ArchivedCapture
from revtrack.history.records import refresh_changes
from revtrack.store.history import NewVersion
from revtrack.store.rows import EventKind, Version, VersionKind
from revtrack.store.store import Store


def _copy(version: Version, source: Store, *, raw: bool = True) -> NewVersion:
    return NewVersion(
        article=source.article(version), raw=source.raw_html(version) if raw else b"",
        fingerprint=version.fingerprint, captured_at=version.captured_at, url=version.url,
        extractor=version.extractor, extractor_version=version.extractor_version,
        kind=version.kind, same_as=version.same_as, source=version.source,
        http_status=version.http_status, headers=version.headers,
    )  # fmt: skip


def seed_scratch(store: Store, story_id: int, after: int, scratch: Store, scratch_id: int) -> None:
    """Give the scratch story the story's versions 1..``after``, numbered alike: what the
    pipeline compares a capture with (their articles and fingerprints; raw pages are
    never read by it and are left out)."""
    with scratch.transaction():
        for version in store.versions(story_id):
            if version.seq > after:
                break
            scratch.insert_version_at(scratch_id, version.seq, _copy(version, store, raw=False))


def _move_in(scratch: Store, scratch_id: int, after: int, store: Store, story_id: int) -> int:
    versions = [v for v in scratch.versions(scratch_id) if v.seq > after]
    store.shift_versions(story_id, len(versions), after=after)
    for v in versions:
        store.insert_version_at(story_id, v.seq, _copy(v, scratch))
    for c in scratch.checks(scratch_id):  # the seeded versions came with no checks
        store.add_check(
            story_id, at=c.checked_at, outcome=c.outcome, http_status=c.http_status,
            version_seq=c.version_seq, page_updated_at=c.page_updated_at, detail=c.detail,
            elapsed_ms=c.elapsed_ms,
        )  # fmt: skip
    for e in scratch.events(scratch_id):
        store.add_event(story_id, at=e.at, kind=e.kind, version_seq=e.version_seq, detail=e.detail)
    return len(versions)


def _reclassify(store: Store, story_id: int, later_than: int) -> None:
    """Versions above ``later_than`` that equal one moved in before them: right after
    an equal version they are noise of it, further on a flip-flop (as capture says)."""
    seen: dict[str, int] = {}
    previous: str | None = None
    for v in store.versions(story_id):
        if not v.is_real:
            continue
        kind, same_as = v.kind, v.same_as
        if v.seq > later_than:
            if v.fingerprint == previous:
                kind, same_as = VersionKind.NOISE, None
            elif v.kind == VersionKind.VERSION and v.fingerprint in seen:
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


def splice(
    store: Store,
    story_id: int,
    after: int,
    scratch: Store,
    scratch_id: int,
    seen: Sequence[tuple[ArchivedCapture, str]],
    *,
    now: datetime,
) -> int:
    """Move the scratch story's versions above ``after`` (with their checks and events) in
    after ``story_id``'s version ``after``, and remember the captures ``seen`` (with their
    outcomes), all in one transaction. Returns how many versions moved in."""
    with store.transaction():
        moved = _move_in(scratch, scratch_id, after, store, story_id)
        if moved:
            _reclassify(store, story_id, after + moved)
            store.order_story_log(story_id)
            refresh_changes(store, store.story(story_id))
        for capture, outcome in seen:
            store.mark_capture_seen(
                story_id, capture.source, captured_at=capture.at, digest=capture.digest,
                outcome=outcome, at=now,
            )  # fmt: skip
    return moved
