"""Turning one fetch into one committed check: a version, noise, gone, or an error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from revtrack.article import Article
from revtrack.capture.prefilter import page_digest
from revtrack.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract_article
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.fingerprint import fingerprint_article
from revtrack.schedule import next_check_at
from revtrack.store.blobs import blob_sha
from revtrack.store.history import NewVersion
from revtrack.store.rows import CheckOutcome, Story
from revtrack.store.store import Store

Extractor = Callable[..., Article]


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


def _classify_page(
    store: Store, story: Story, result: FetchResult, extract: Extractor
) -> tuple[CheckReport, dict[str, Any]]:
    now = result.fetched_at
    base: dict[str, Any] = {"story_id": story.id, "url": story.url, "http_status": result.status}
    if not result.body.strip():
        return CheckReport(**base, outcome=CheckOutcome.ERROR, detail="empty page"), {}
    raw_sha = blob_sha(result.body)
    if raw_sha == story.last_raw_sha:
        return CheckReport(**base, outcome=CheckOutcome.UNCHANGED), {}
    digest = page_digest(result.text)
    if digest and digest == story.page_digest:
        detail = "page noise only (extraction skipped)"
        return CheckReport(**base, outcome=CheckOutcome.NOISE, detail=detail), {
            "last_raw_sha": raw_sha
        }
    article = extract(result.text, url=result.final_url or story.url, fetched_at=now)
    if not article.headline and not article.paragraphs:
        detail = "no article found in the page"
        return CheckReport(**base, outcome=CheckOutcome.ERROR, detail=detail), {}
    fingerprint = fingerprint_article(article)
    base["page_updated_at"] = article.updated
    updates: dict[str, Any] = {
        "last_raw_sha": raw_sha,
        "page_digest": digest,
        "headline": article.headline,
    }
    latest = store.latest_version(story.id)
    if latest is not None and latest.fingerprint == fingerprint:
        moved = article.updated is not None and article.updated != latest.updated_at
        detail = "only the page's updated stamp moved" if moved else "page noise only"
        return CheckReport(**base, outcome=CheckOutcome.NOISE, detail=detail), updates
    earlier = store.earlier_with_fingerprint(story.id, fingerprint) if latest else None
    new = NewVersion(
        article=article, raw=result.body, fingerprint=fingerprint, captured_at=now,
        url=result.final_url or story.url, extractor=EXTRACTOR_NAME,
        extractor_version=EXTRACTOR_VERSION, kind="flip-flop" if earlier else "version",
        same_as=earlier.seq if earlier else None,
    )  # fmt: skip
    version = store.add_version(story.id, new)
    updates["last_changed_at"] = now
    if earlier is not None:
        detail = f"same as version {earlier.seq}"
        store.add_event(story.id, at=now, kind="flip-flop", version_seq=version.seq, detail=detail)
        return CheckReport(
            **base, outcome=CheckOutcome.FLIP_FLOP, detail=detail, version_seq=version.seq,
            event="flip-flop",
        ), updates  # fmt: skip
    return CheckReport(**base, outcome=CheckOutcome.NEW_VERSION, version_seq=version.seq), updates


def _classify(
    store: Store, story: Story, result: FetchResult, extract: Extractor
) -> tuple[CheckReport, dict[str, Any]]:
    base: dict[str, Any] = {"story_id": story.id, "url": story.url, "http_status": result.status}
    if result.outcome is FetchOutcome.ERROR:
        return CheckReport(**base, outcome=CheckOutcome.ERROR, detail=result.error), {}
    if result.outcome is FetchOutcome.NOT_MODIFIED:
        return CheckReport(**base, outcome=CheckOutcome.NOT_MODIFIED), {}
    if result.outcome is FetchOutcome.GONE:
        detail = result.error or f"HTTP {result.status}"
        return CheckReport(**base, outcome=CheckOutcome.GONE, detail=detail), {}
    return _classify_page(store, story, result, extract)


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
        updates["status"] = "gone"
    elif not failed:
        updates["status"] = "live"
    if result.outcome is FetchOutcome.OK and not failed:
        updates["etag"] = result.etag
        updates["last_modified"] = result.last_modified
    return updates


def record_fetch(
    store: Store, story: Story, result: FetchResult, *, extract: Extractor = extract_article
) -> CheckReport:
    """Record one fetch of ``story`` in a single transaction and reschedule it."""
    now = result.fetched_at
    with store.transaction():
        report, page_updates = _classify(store, story, result, extract)
        updates = _story_updates(story, result, report) | page_updates
        event = report.event
        if report.outcome is CheckOutcome.GONE and story.status != "gone":
            event = "gone"
        elif story.status == "gone" and updates.get("status") == "live":
            event = "restored"
        if event in ("gone", "restored"):
            store.add_event(story.id, at=now, kind=event, detail=report.detail)
            report = replace(report, event=event)
        last_change = updates.get("last_changed_at") or story.last_changed_at or story.added_at
        updates["next_check_at"] = next_check_at(
            now,
            last_change=last_change,
            every_s=story.every_s,
            error_streak=updates["error_streak"],
        )
        store.update_story(story.id, **updates)
        store.add_check(
            story.id, at=now, outcome=report.outcome, http_status=result.status,
            version_seq=report.version_seq, page_updated_at=report.page_updated_at,
            detail=report.detail, elapsed_ms=result.elapsed_ms,
        )  # fmt: skip
    return report
