"""Sending the webhook outbox: POST each waiting change, in order, until the receiver says 2xx.

Delivery is at least once. A row is marked delivered only after the receiver
answered 2xx, in its own short transaction; a crash (or a lost answer) between
the POST and that mark sends the same change again on the next round. Every
POST therefore carries a stable delivery id, ``<outbox id>-<story id>-v<seq>``,
in both ``Idempotency-Key`` and ``X-Revtrack-Delivery``: a receiver drops a
delivery whose id it has already seen.

Rows go out in id order, and a round never lets a row overtake an older waiting
one: when any row is due, the older waiting rows are tried first, back-off or
not. A failure is recorded on its row (one line) with a doubling wait (see
``backoff``); nothing is ever given up, so ``revtrack notify status`` always
shows what waits and why. When the receiver cannot be reached, times out,
redirects, or says it is overloaded (408/429/502/503/504), the round stops
there and the rows after it wait as long as the failed one: a down receiver
gets one connection attempt per round, not one per row. Other answers (400,
500 ...) belong to that row alone, and the round goes on.

Several workers (``watch`` on several machines, on PostgreSQL): each outbox row is
sent by one worker at a time. A round with a ``worker`` name first claims its rows
under a lease (``claim_outbox``), and only while no other worker holds a live lease
on a waiting row: delivery is held by one worker at a time as a whole, so the rule
above holds across workers too. The round sends only what it claimed and releases
it at the end, however it ends. A worker killed mid-round keeps its rows until its
lease ends; then another takes them over and sends again what was not marked
delivered (the delivery id makes that harmless). On PostgreSQL a round without a
name claims under this process's (``host:pid``), so ``check`` and ``notify send``
take part too; on SQLite it sends without claiming, as one process does.

The store is used only from the calling thread; each write is its own transaction.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx

from revtrack.fetch import DEFAULT_USER_AGENT
from revtrack.fetch.errors import describe, one_line
from revtrack.notify.answer import READ_BYTES, answer_words
from revtrack.notify.backoff import retry_at
from revtrack.notify.status import pending_count
from revtrack.safe_text import single_line
from revtrack.store.outbox import OutboxItem
from revtrack.store.store import Store

TIMEOUT = 10.0  # seconds for one delivery, answer included
BATCH = 100  # rows per round
# How long a round's claim on its rows lasts (as a watch's claim on its stories): a
# killed worker's rows are taken over this long after its claim.
LEASE = timedelta(minutes=15)
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
# Answers that speak for the whole receiver, not for one payload.
_RECEIVER_STATUSES = frozenset({408, 429, 502, 503, 504})


@dataclass(slots=True)
class DeliverySummary:
    delivered: int = 0
    failed: int = 0
    pending: int = 0  # rows still waiting after the round
    last_error: str = ""

    @property
    def happened(self) -> bool:
        return bool(self.delivered or self.failed)

    def describe(self) -> str:
        error = f" (last error: {self.last_error})" if self.last_error else ""
        return f"webhook: delivered {self.delivered}, {self.pending} waiting{error}"


@dataclass(frozen=True, slots=True)
class PostOutcome:
    ok: bool
    status: int | None = None  # the receiver's answer, if it gave one
    error: str = ""
    stop: bool = False  # the receiver as a whole is failing: end the round
    retry_after: str | None = None


def delivery_id(item: OutboxItem) -> str:
    """Stable across retries, unique per row: the receiver's key for dropping duplicates."""
    return f"{item.id}-{item.story_id}-v{item.seq}"


def webhook_client(timeout: float = TIMEOUT) -> httpx.AsyncClient:
    """A client that never follows redirects: a 3xx is reported, not obeyed."""
    return httpx.AsyncClient(timeout=httpx.Timeout(timeout), follow_redirects=False)


def _headers(delivery: str, user_agent: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": user_agent,
        "Idempotency-Key": delivery,
        "X-Revtrack-Delivery": delivery,
    }


async def _failed_answer(response: httpx.Response) -> PostOutcome:
    status = response.status_code
    if 300 <= status < 400:
        location = one_line(single_line(response.headers.get("Location", "")))
        error = f"HTTP {status} redirect to {location or '?'} (webhooks are not redirected)"
        return PostOutcome(ok=False, status=status, error=error, stop=True)
    snippet = b""
    async for chunk in response.aiter_bytes():
        snippet += chunk
        if len(snippet) >= READ_BYTES:
            break
    text = answer_words(snippet, response.headers.get("Content-Type", ""))
    reason = single_line(response.reason_phrase)
    if text.lower() in (reason.lower(), f"{status} {reason}".lower()):
        text = ""  # an error page titled "502 Bad Gateway" says nothing more
    error = one_line(f"HTTP {status} {reason}" + (f": {text}" if text else ""))
    stop = status in _RECEIVER_STATUSES
    retry_after = response.headers.get("Retry-After")
    return PostOutcome(ok=False, status=status, error=error, stop=stop, retry_after=retry_after)


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


async def post_payload(
    client: httpx.AsyncClient, url: str, payload: str, *, delivery: str, user_agent: str
) -> PostOutcome:
    """One POST; every failure becomes a one-line error, never an exception."""
    try:
        async with asyncio.timeout(TIMEOUT):
            request = client.build_request(
                "POST", url, content=payload.encode("utf-8"), headers=_headers(delivery, user_agent)
            )
            response = await client.send(request, stream=True)
            try:
                if 200 <= response.status_code < 300:
                    return PostOutcome(ok=True, status=response.status_code)
                return await _failed_answer(response)
            finally:
                await response.aclose()
    except TimeoutError:
        return PostOutcome(ok=False, error=f"timed out after {TIMEOUT:g} s", stop=True)
    except httpx.InvalidURL as exc:  # only a row written for an old, unchecked URL
        return PostOutcome(ok=False, error=one_line(f"invalid webhook URL: {exc}"), stop=True)
    except httpx.HTTPError as exc:
        return PostOutcome(
            ok=False, error=describe(exc, host=_host(url), timeout=TIMEOUT).message, stop=True
        )


def local_worker_id() -> str:
    """This process's name as a worker, ``host:pid`` (as ``watch`` names itself)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def rows_per_lease(lease: timedelta) -> int:
    """The most rows a claimed round takes: even if every POST used its whole timeout,
    the round ends within half its lease, so no other worker takes its rows mid-round."""
    return max(1, int(lease.total_seconds() // (2 * TIMEOUT)))


def _round_rows(store: Store, now: datetime, limit: int, ignore_backoff: bool) -> list[OutboxItem]:
    """Waiting rows in id order, up to the newest due one, so no row overtakes an older one."""
    waiting = store.due_outbox(_FAR_FUTURE, limit)
    if ignore_backoff:
        return waiting
    due = [item.id for item in waiting if item.next_attempt_at <= now]
    return [item for item in waiting if due and item.id <= max(due)]


def _claim_rows(
    store: Store, worker: str, now: datetime, *, limit: int, lease: timedelta, ignore_backoff: bool
) -> list[OutboxItem]:
    """What ``_round_rows`` would send, leased to ``worker`` (nothing while another
    worker's live lease holds a waiting row)."""
    if not ignore_backoff:
        next_due = store.next_delivery_at()
        if next_due is None or next_due > now:
            return []  # nothing due: no write transaction
    return store.claim_outbox(
        worker, now, until=now + lease, limit=min(limit, rows_per_lease(lease)),
        ignore_backoff=ignore_backoff,
    )  # fmt: skip


async def _send(
    store: Store,
    client: httpx.AsyncClient,
    now: datetime,
    rows: Sequence[OutboxItem],
    *,
    target: str | None,
    user_agent: str,
) -> DeliverySummary:
    summary = DeliverySummary()
    for item in rows:
        outcome = await post_payload(
            client, target or item.target, item.payload,
            delivery=delivery_id(item), user_agent=user_agent,
        )  # fmt: skip
        if outcome.ok:
            with store.transaction():
                store.mark_delivered(item.id, now)
            summary.delivered += 1
            continue
        again = retry_at(now, item.attempts + 1, outcome.retry_after)
        with store.transaction():
            store.mark_failed(item.id, error=outcome.error, retry_at=again)
            if outcome.stop:
                store.defer_outbox_after(item.id, again)  # they wait with it
        summary.failed += 1
        summary.last_error = outcome.error
        if outcome.stop:
            break
    return summary


async def deliver_due(
    store: Store,
    client: httpx.AsyncClient,
    now: datetime,
    *,
    limit: int = BATCH,
    target: str | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
    ignore_backoff: bool = False,
    worker: str = "",
    lease: timedelta = LEASE,
) -> DeliverySummary:
    """One round: POST the due rows (and any older waiting ones) in id order.

    ``target`` overrides the URL each row was written for (the configured
    webhook wins when the config changed); ``ignore_backoff`` sends every
    waiting row now. With a ``worker`` name (on PostgreSQL always: this process's
    when none is given) the round sends only the rows it claimed under a ``lease``
    and releases them after; it sends nothing while another worker holds the outbox.
    """
    if not worker and store.dialect == "postgresql":
        worker = local_worker_id()  # several processes may deliver: always claim
    if not worker:
        rows = _round_rows(store, now, limit, ignore_backoff)
        summary = await _send(store, client, now, rows, target=target, user_agent=user_agent)
    else:
        rows = _claim_rows(
            store, worker, now, limit=limit, lease=lease, ignore_backoff=ignore_backoff
        )
        summary = DeliverySummary()
        if rows:
            try:
                summary = await _send(
                    store, client, now, rows, target=target, user_agent=user_agent
                )
            finally:
                store.release_outbox(worker)
    summary.pending = pending_count(store)
    return summary
