"""The store contract, whole: one script calls every method of ``StoreAPI`` on a SQLite
store and on a PostgreSQL store; every answer must be the same on both."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from revtrack.article import Article
from revtrack.errors import RevtrackError
from revtrack.store.api import StoreAPI
from revtrack.store.history import ArchivedSource, NewVersion
from revtrack.store.open import open_store_at
from revtrack.store.reviews import ChangeRecord, ReviewState
from revtrack.store.rows import StoryStatus, StoryUpdate, VersionKind
from revtrack.store.store import Store

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
API = sorted(n for n in dir(StoreAPI) if not n.startswith("_"))


class Recorder:
    """The store, noting which interface methods a script called."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.called.add(name)
        return getattr(self.store, name)


def _new(text: str, minutes: int, **kw: Any) -> NewVersion:
    article = Article(
        url="https://example.com/a", headline=text, paragraphs=(f"{text} body " * 30, "Ünïcode ✓"),
        published=T0, updated=T0 + timedelta(minutes=minutes),
    )  # fmt: skip
    return NewVersion(
        article=article, raw=f"<html><h1>{text}</h1>{'x' * minutes}</html>".encode(),
        fingerprint=f"fp-{text}", captured_at=T0 + timedelta(minutes=minutes),
        url="https://example.com/a", extractor="test", extractor_version="0", **kw,
    )  # fmt: skip


def _script(s: Recorder) -> list[Any]:
    out: list[Any] = []
    a, created = s.add_story("https://Example.com/a?utm_source=x", now=T0, every_s=600)
    b, _ = s.add_story("https://example.com/b", now=T0 + timedelta(minutes=1))
    out += [a, created, b]
    with s.transaction():
        s.update_story(a.id, StoryUpdate(status=StoryStatus.LIVE, live=True, etag='"e"'))
        for i, text in enumerate(["one", "two", "three"]):
            v = s.add_version(a.id, _new(text, 10 * (i + 1)))
            s.add_check(
                a.id, at=v.captured_at, outcome="new-version", http_status=200,
                version_seq=v.seq, page_updated_at=T0, detail=f"d{i}", elapsed_ms=5,
            )  # fmt: skip
        s.add_event(a.id, at=T0 + timedelta(minutes=40), kind="flip-flop", version_seq=3)
        s.add_outbox(a.id, 3, target="https://hook", at=T0,
                     payload=json.dumps({"version": 3, "base_version": 2}))  # fmt: skip
    out += [s.story(a.id), s.story("https://example.com/a"), s.stories(), s.summaries()]
    out += [s.due_stories(T0), s.due_stories(T0 + timedelta(hours=1), limit=1)]
    out += [s.next_check_due(), s.versions(a.id), s.real_versions(a.id), s.latest_version(a.id)]
    out += [s.version(a.id, -1), s.version(a.id, 1), s.earlier_with_fingerprint(a.id, "fp-one")]
    out += [s.article(s.version(a.id, 2)), s.raw_html(s.version(a.id, 3))]
    # A backfill: an older capture goes in between, numbers shift, the log is reordered.
    capture = ArchivedSource("https://archive/1", T0 + timedelta(minutes=15), T0, 200, "dg")
    with s.transaction(), s.recording_capture(capture):
        s.shift_versions(a.id, 1, after=1)
        s.insert_version_at(a.id, 2, _new("one and a half", 15, source="https://archive/1"))
        s.add_check(a.id, at=T0 + timedelta(minutes=15), outcome="new-version", version_seq=2)
        s.mark_capture_seen(a.id, "https://archive/2", captured_at=T0, digest="", outcome="noise",
                            at=T0)  # fmt: skip
        s.order_story_log(a.id)
    out += [s.versions(a.id), s.checks(a.id), s.checks(a.id, limit=2), s.events(a.id)]
    out += [s.seen_captures(a.id), s.outbox()]
    with s.transaction():
        s.replace_article(s.version(a.id, 3), _new("two again", 20).article, fingerprint="fp-2b",
                          kind=VersionKind.VERSION, same_as=None, extractor="t2",
                          extractor_version="1")  # fmt: skip
        for seq in (2, 3, 4):
            s.put_change(ChangeRecord(a.id, seq, seq - 1, T0 + timedelta(minutes=seq), ("fact",),
                                      {"w": seq}, f"sum {seq}", ("h",), recipe=1))  # fmt: skip
        s.set_change_labels(a.id, 4, ("fact", "removed"))
        s.mark_review(a.id, 3, state=ReviewState.FLAGGED, note="why?", reviewer="ed", at=T0)
        s.mark_review(a.id, 4, state=ReviewState.REVIEWED, note="", reviewer="jo", at=T0)
        s.set_meta("recipe", "1")
    out += [s.change(a.id, 3), s.changes(a.id), s.latest_change_labels(), s.meta("recipe")]
    out += [s.meta("none"), s.versions_without_change(1), s.versions_without_change(2)]
    out += [s.base_version_seq(a.id, 4), s.last_real_version_before(a.id, T0 + timedelta(1))]
    out += [s.review(a.id, 3), s.review(a.id, 2), s.reviews(a.id), s.review_log(a.id)]
    out += [s.review_log(a.id, 4), s.change_rows(), s.change_rows(since=T0, story_id=a.id)]
    out += [s.change_page(states=[ReviewState.UNREVIEWED, ReviewState.FLAGGED], label="fact")]
    out += [s.change_page(after=(T0 + timedelta(minutes=4), a.id, 4), limit=1)]
    out += [sorted(s.change_tally(), key=repr)]
    with s.transaction():
        s.delete_changes(a.id)
        s.mark_failed(1, error="503", retry_at=T0 + timedelta(minutes=5))
        s.defer_outbox_after(0, T0 + timedelta(minutes=7))
    out += [s.changes(a.id), s.due_outbox(T0 + timedelta(minutes=8)), s.outbox_status()]
    out += [s.pending_outbox_count(), s.next_delivery_at()]
    with s.transaction():
        s.mark_delivered(1, T0 + timedelta(minutes=8))
    out += [s.outbox(pending_only=True), s.outbox(), s.outbox_status()]
    # Sources.
    out += [s.insert_source("https://example.com/feed", "feed", now=T0, title="", every_s=60)]
    source = s.find_source("https://example.com/feed")
    assert source is not None
    with s.transaction():
        out += [s.add_discovered_story("https://example.com/c", source_id=source.id, now=T0,
                                       published=T0)]  # fmt: skip
        s.record_source_success(source.id, now=T0, next_poll_at=T0 + timedelta(hours=1),
                                etag='"f"', last_modified="Thu", title="Feed")  # fmt: skip
        s.record_source_failure(source.id, now=T0, next_poll_at=T0 + timedelta(hours=2),
                                error="timeout")  # fmt: skip
    out += [s.sources(), s.find_source(source.id), s.due_sources(T0 + timedelta(hours=3))]
    out += [s.next_source_due(), s.source_story_counts(), s.story_rows()]
    with s.transaction():
        s.delete_source(source.id)
    out += [s.sources(), s.story("https://example.com/c")]
    # Claims: heartbeats, leases on stories, outbox rows and sources, hosts' last starts.
    day, soon = T0 + timedelta(days=1), T0 + timedelta(days=1, minutes=2)
    s.heartbeat("w1", day, checks=0)
    s.heartbeat("w1", day + timedelta(seconds=30), checks=3)
    out += [s.claim_stories("w1", day, until=soon, limit=10)]
    out += [s.claim_stories("w2", day, until=soon, limit=10)]  # its sites are held
    out += [s.lease_named("w3", [a.id, b.id], day, until=soon), s.due_held_by_others("w3", day)]
    with s.story_transaction(a.id):
        s.update_story(a.id, StoryUpdate(error_streak=2))
    out += [s.story(a.id).error_streak]
    out += [s.renew_leases("w1", soon + timedelta(minutes=1)), s.workers(day)]
    out += [s.release_leases("w1", [a.id]), s.release_leases("w1")]
    out += [s.claim_outbox("w1", day, until=soon, limit=5), s.outbox_status(day)]
    out += [s.release_outbox("w1")]
    with s.transaction():
        s.insert_source("https://example.com/rss", "feed", now=day)
    # (urls: after a delete the two backends may hand out different ids)
    out += [[f.url for f in s.claim_sources(w, day, until=soon)] for w in ("w1", "w2")]
    out += [s.release_sources("w1")]
    s.record_host_starts({"example.com": day, "example.org:8080": soon + timedelta(0, 0, 7)})
    s.record_host_starts({"example.com": T0})  # older: kept as it was
    with s.bookkeeping():
        s.set_meta("bookkept", "1")
    out += [s.meta("bookkept")]
    out += [s.host_starts(["example.com", "example.org:8080", "example.net"])]
    s.forget_worker("w1")
    out += [s.workers(day)]
    # Collect garbage, remove, read errors.
    with s.transaction():
        out += [s.collect_garbage()]
    s.remove_story(s.story(b.id))
    out += [s.stories(), s.story_rows()]
    for bad in (lambda: s.story("https://example.com/none"), lambda: s.version(a.id, 99)):
        with pytest.raises(RevtrackError) as caught:
            bad()
        out.append(str(caught.value))
    # Last: on PostgreSQL an insert that meets a conflict still uses up an id (ids may
    # have gaps there; SQLite gives max + 1), so no id is handed out after this one.
    out += [s.add_story("https://example.com/a", now=T0)]
    s.data_version()
    return out


def _normalise(value: Any) -> Any:
    """Answers as comparable values (dataclasses compare by fields already)."""
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, set):
        return sorted(value)
    return replace(value) if hasattr(value, "__dataclass_fields__") else value


def test_every_method_answers_the_same_on_both_backends(pg_url: str, tmp_path: Path) -> None:
    answers = []
    for location in (tmp_path / "revtrack.db", pg_url):
        with open_store_at(location) as store:
            recorder = Recorder(store)
            answers.append(_normalise(_script(recorder)))
            untouched = set(API) - recorder.called - {"close"}
            assert untouched == set()
    on_sqlite, on_postgres = answers
    for i, (one, two) in enumerate(zip(on_sqlite, on_postgres, strict=True)):
        assert two == one, f"answer {i} differs"
