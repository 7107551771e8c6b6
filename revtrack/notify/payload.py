"""The JSON document POSTed to the webhook for each change."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from revtrack.clock import to_iso
from revtrack.diff import ChangeSet
from revtrack.store.reviews import ChangeRecord
from revtrack.store.rows import Story, Version

PAYLOAD_SCHEMA = "revtrack.change/1"


def change_payload(
    story: Story, version: Version, record: ChangeRecord, changes: ChangeSet
) -> dict[str, Any]:
    """Which story, which versions, what changed in brief, and the whole ChangeSet."""
    return {
        "schema": PAYLOAD_SCHEMA,
        "event": "new-version",
        "story": {"id": story.id, "url": story.url, "site": story.site},
        "version": version.seq,
        "base_version": record.base_seq,
        "kind": version.kind,
        "captured_at": to_iso(version.captured_at),
        "headline": version.headline,
        "url": version.url,
        "labels": list(record.labels),
        "summary": record.summary,
        "highlights": list(record.highlights),
        "changeset": changes.to_json(),
    }


def encode_payload(payload: dict[str, Any]) -> str:
    """Compact JSON; C1 controls and line separators escaped like every JSON revtrack writes."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":"))


PING_SCHEMA = "revtrack.ping/1"


def ping_payload(now: datetime) -> dict[str, Any]:
    """What ``revtrack notify test`` sends: recognisably not a change."""
    return {"schema": PING_SCHEMA, "event": "ping", "sent_at": to_iso(now)}
