"""Turning one fetch into one committed check: a version, noise, gone, or an error."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from revtrack.article import Article, keep_stamp
from revtrack.check.analyse import Extractor, PageAnalysis, analyse_page
from revtrack.check.next_check import next_check_at
from revtrack.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract_article
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.history.records import mark_removed, record_change
from revtrack.notify.payload import change_payload, encode_payload
from revtrack.store.history import NewVersion
from revtrack.store.rows import (
    CheckOutcome,
    EventKind,
    Story,
    StoryStatus,
    StoryUpdate,
    Version,
    VersionKind,
)
from revtrack.store.store import Store


@dataclass(frozen=True, slots=True)
class CheckReport:
    story_id: int
    url: str
    outcome: CheckOutcome
    detail: str = ""
    http_status: int | None = None
    version_seq: int | None = None
    event: str = ""  # gone / restored / flip-flop, when one happened
    page_updated_at: datetime | None = None  # the page's own "Updated" stamp


_SKIPPED: dict[str, tuple[CheckOutcome, str]] = {
    "empty": (CheckOutcome.ERROR, "empty page"),
    "unchanged": (CheckOutcome.UNCHANGED, ""),
    "noise": (CheckOutcome.NOISE, "page noise only (extraction skipped)"),
    "no-article": (CheckOutcome.ERROR, "no article found in the page"),
}


def _classify_page(
    store: Store, story: Story, result: FetchResult, analysis: PageAnalysis
) -> tuple[CheckReport, dict[str, Any]]:
    now = result.fetched_at
    base: dict[str, Any] = {"story_id": story.id, "url": story.url, "http_status": result.status}
    article = analysis.article
    if article is None:
        outcome, detail = _SKIPPED.get(analysis.skipped, (CheckOutcome.ERROR, analysis.skipped))
        noise = outcome is CheckOutcome.NOISE
        return CheckReport(**base, outcome=outcome, detail=detail), (
            {"last_raw_sha": analysis.raw_sha} if noise else {}
        )
    fingerprint = analysis.fingerprint
    latest = store.latest_version(story.id)
    article = _same_stamp(store, latest, article)
    base["page_updated_at"] = article.updated
    updates: dict[str, Any] = {
        "last_raw_sha": analysis.raw_sha,
        "page_digest": analysis.digest,
        "headline": article.headline,
    }
    if article.site:  # the page's own name for its site ("Arab News"), not just the host
        updates["site"] = article.site
    if latest is not None and latest.fingerprint == fingerprint:
        moved = article.updated is not None and article.updated != latest.updated_at
        detail = "only the page's updated stamp moved" if moved else "page noise only"
        return CheckReport(**base, outcome=CheckOutcome.NOISE, detail=detail), updates
    earlier = store.earlier_with_fingerprint(story.id, fingerprint) if latest else None
    new = NewVersion(
        article=article, raw=result.body, fingerprint=fingerprint, captured_at=now,
        url=result.final_url or story.url, extractor=EXTRACTOR_NAME,
        extractor_version=EXTRACTOR_VERSION,
        kind=VersionKind.FLIP_FLOP if earlier else VersionKind.VERSION,
        same_as=earlier.seq if earlier else None, source=result.source,
        http_status=result.status, headers=result.header_block(),
    )  # fmt: skip
    version = store.add_version(story.id, new)
    updates["last_changed_at"] = now
    if story.last_changed_at is not None:
        updates["change_gap_s"] = int((now - story.last_changed_at).total_seconds())
    if earlier is not None:
        detail = f"same as version {earlier.seq}"
        store.add_event(
            story.id, at=now, kind=EventKind.FLIP_FLOP, version_seq=version.seq, detail=detail
        )
        return CheckReport(
            **base, outcome=CheckOutcome.FLIP_FLOP, detail=detail, version_seq=version.seq,
            event=EventKind.FLIP_FLOP,
        ), updates  # fmt: skip
    return CheckReport(**base, outcome=CheckOutcome.NEW_VERSION, version_seq=version.seq), updates


def _same_stamp(store: Store, latest: Version | None, article: Article) -> Article:
    """``article`` with the latest version's updated stamp when the page shows the same one,
    so ``updated_at`` does not move, the diff shows no stamp line, and a body edit under
    that stamp stays silent (see :func:`~revtrack.article.keep_stamp`)."""
    if latest is None or latest.updated_at is None or article.updated is None:
        return article
    return keep_stamp(store.article(latest), article)


def _classify(
    store: Store, story: Story, result: FetchResult, analysis: PageAnalysis | None
) -> tuple[CheckReport, dict[str, Any]]:
    base: dict[str, Any] = {"story_id": story.id, "url": story.url, "http_status": result.status}
    if result.outcome is FetchOutcome.ERROR:
        return CheckReport(**base, outcome=CheckOutcome.ERROR, detail=result.error), {}
    if result.outcome is FetchOutcome.NOT_MODIFIED:
        return CheckReport(**base, outcome=CheckOutcome.NOT_MODIFIED), {}
    if result.outcome is FetchOutcome.GONE:
        detail = result.error or f"HTTP {result.status}"
        return CheckReport(**base, outcome=CheckOutcome.GONE, detail=detail), {}
    if analysis is None:
        raise ValueError("a page fetched with outcome OK needs its analysis")
    return _classify_page(store, story, result, analysis)


def _story_updates(story: Story, result: FetchResult, report: CheckReport) -> dict[str, Any]:
    now = result.fetched_at
    failed = report.outcome is CheckOutcome.ERROR
    streak = story.error_streak + 1 if failed else 0
    updates: dict[str, Any] = {
        "last_checked_at": now,
        "error_streak": streak,
        "last_error": report.detail if failed else "",
    }
    if report.outcome is CheckOutcome.GONE:
        updates["status"] = StoryStatus.GONE
    elif not failed:
        updates["status"] = StoryStatus.LIVE
    if result.outcome is FetchOutcome.OK and not failed:
        updates["etag"] = result.etag
        updates["last_modified"] = result.last_modified
    return updates


LIVE_STAMP = timedelta(minutes=30)  # a page "updated" this recently is a live story


def _schedule(
    story: Story, updates: dict[str, Any], report: CheckReport, now: datetime
) -> dict[str, Any]:
    """Next check time, and the signals the schedule keeps between checks."""
    changed = "last_changed_at" in updates
    quiet_checks = 0 if changed else story.quiet_checks + 1
    live = story.live
    if report.page_updated_at is not None:
        live = now - report.page_updated_at < LIVE_STAMP
    last_change = updates.get("last_changed_at") or story.last_changed_at
    last_change = last_change or story.published_at or story.added_at
    gap_s = updates.get("change_gap_s", story.change_gap_s)
    next_at = next_check_at(
        now, last_change=last_change, live=live, every_s=story.every_s,
        change_gap=timedelta(seconds=gap_s) if gap_s is not None else None,
        error_streak=updates["error_streak"], rng=random.Random(f"{story.id}/{now}"),
    )  # fmt: skip
    return {"next_check_at": next_at, "quiet_checks": quiet_checks, "live": live}


def _keep_change(store: Store, story: Story, seq: int, webhook: str, now: datetime) -> None:
    version = store.version(story.id, seq)
    # The article as stored: with an updated stamp carried over from the version before.
    kept = record_change(store, story, version, store.article(version))
    if kept is not None and webhook:
        record, changes = kept
        payload = encode_payload(change_payload(story, version, record, changes))
        store.add_outbox(story.id, seq, target=webhook, payload=payload, at=now)


def analyse_fetch(
    story: Story, result: FetchResult, extract: Extractor = extract_article
) -> PageAnalysis | None:
    """The page analysis ``record_fetch`` needs; None when nothing was fetched."""
    if result.outcome is not FetchOutcome.OK:
        return None
    return analyse_page(
        result.body, result.text, url=result.final_url or story.url, fetched_at=result.fetched_at,
        known_raw_sha=story.last_raw_sha, known_digest=story.page_digest, extract=extract,
    )  # fmt: skip


def record_fetch(
    store: Store,
    story: Story,
    result: FetchResult,
    *,
    extract: Extractor = extract_article,
    analysis: PageAnalysis | None = None,
    webhook: str = "",
) -> CheckReport:
    """Record one fetch of ``story`` in a single transaction and reschedule it.

    ``analysis`` comes from ``analyse_fetch`` (possibly run elsewhere); without
    it the page is analysed here with ``extract``. A new version's change is
    computed and kept for review in the same transaction, and with a
    ``webhook`` an outbox row for it too, so no change is ever left unsent.
    """
    now = result.fetched_at
    if analysis is None:
        analysis = analyse_fetch(story, result, extract)
    # Without an article no version can come of it: the check writes this story's rows
    # alone, and on PostgreSQL other workers' such checks commit beside it.
    own_rows = analysis is None or analysis.article is None
    with store.story_transaction(story.id) if own_rows else store.transaction():
        report, page_updates = _classify(store, story, result, analysis)
        updates = _story_updates(story, result, report) | page_updates
        event = report.event
        if report.outcome is CheckOutcome.GONE and story.status != StoryStatus.GONE:
            event = EventKind.GONE
        elif story.status == StoryStatus.GONE and updates.get("status") == StoryStatus.LIVE:
            event = EventKind.RESTORED
        if event in (EventKind.GONE, EventKind.RESTORED):
            store.add_event(story.id, at=now, kind=EventKind(event), detail=report.detail)
            if event == "gone":
                mark_removed(store, story.id, now)
            report = replace(report, event=event)
        if report.version_seq is not None and analysis is not None and analysis.article:
            _keep_change(store, story, report.version_seq, webhook, now)
        updates |= _schedule(story, updates, report, now)
        store.update_story(story.id, StoryUpdate(**updates))
        store.add_check(
            story.id, at=now, outcome=report.outcome, http_status=result.status,
            version_seq=report.version_seq, page_updated_at=report.page_updated_at,
            detail=report.detail, elapsed_ms=result.elapsed_ms,
        )  # fmt: skip
    return report
