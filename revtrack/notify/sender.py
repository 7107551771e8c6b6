"""The configured webhook with an open HTTP client, for one run of check, watch or notify."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from revtrack.fetch import DEFAULT_USER_AGENT
from revtrack.notify.deliver import (
    LEASE,
    DeliverySummary,
    deliver_due,
    post_payload,
    webhook_client,
)
from revtrack.notify.payload import ping_payload
from revtrack.store.store import Store


@dataclass(frozen=True, slots=True)
class WebhookSender:
    url: str
    client: httpx.AsyncClient
    user_agent: str = DEFAULT_USER_AGENT

    async def deliver(
        self,
        store: Store,
        now: datetime,
        *,
        ignore_backoff: bool = False,
        worker: str = "",
        lease: timedelta = LEASE,
    ) -> DeliverySummary:
        """One round to the configured URL (rows written for an older URL follow the config).

        With a ``worker`` name (one of several workers on PostgreSQL) the round sends
        only rows it claimed under a ``lease``, and nothing while another worker holds
        the outbox; see ``deliver_due``.
        """
        return await deliver_due(
            store, self.client, now, target=self.url, user_agent=self.user_agent,
            ignore_backoff=ignore_backoff, worker=worker, lease=lease,
        )  # fmt: skip

    async def send_test(self, now: datetime) -> tuple[bool, str]:
        """POST a ping payload: whether the receiver took it, and one line saying what it said."""
        payload = json.dumps(ping_payload(now), separators=(",", ":"))
        delivery = f"test-{int(now.timestamp())}"
        outcome = await post_payload(
            self.client, self.url, payload, delivery=delivery, user_agent=self.user_agent
        )
        if outcome.ok:
            return True, f"webhook test: {self.url} answered HTTP {outcome.status}"
        return False, f"webhook test: {self.url} failed: {outcome.error}"


@asynccontextmanager
async def webhook_sender(url: str, *, user_agent: str = "") -> AsyncIterator[WebhookSender | None]:
    """A sender for ``url`` (None when no webhook is configured); the client closes after."""
    if not url:
        yield None
        return
    async with webhook_client() as client:
        yield WebhookSender(url, client, user_agent or DEFAULT_USER_AGENT)


def deliver_now(
    store: Store,
    url: str,
    now: datetime,
    *,
    user_agent: str = "",
    ignore_backoff: bool = False,
    worker: str = "",
    lease: timedelta = LEASE,
) -> DeliverySummary:
    """One delivery round from synchronous code (the store stays on this thread)."""
    if not url:
        return DeliverySummary()

    async def run() -> DeliverySummary:
        async with webhook_sender(url, user_agent=user_agent) as sender:
            if sender is None:
                return DeliverySummary()
            return await sender.deliver(
                store, now, ignore_backoff=ignore_backoff, worker=worker, lease=lease
            )

    return asyncio.run(run())
