"""What a fetch asks for and what it brings back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class FetchOutcome(StrEnum):
    OK = "ok"  # 200 with a body
    NOT_MODIFIED = "not-modified"  # 304 to our conditional GET
    GONE = "gone"  # 404 / 410, or redirected off to another site's front page
    ERROR = "error"  # anything else: network, limits, 5xx after retries, bad scheme


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # the URL asked for
    outcome: FetchOutcome
    fetched_at: datetime
    final_url: str = ""  # after redirects
    status: int | None = None  # HTTP status of the final response
    body: bytes = b""  # body as sent, with its Content-Encoding (gzip, deflate) undone
    text: str = ""  # body decoded with the detected charset
    charset: str = ""
    etag: str | None = None  # validators to send back verbatim next time
    last_modified: str | None = None
    error: str = ""  # one line, for the check log
    redirects: tuple[str, ...] = field(default_factory=tuple)
    elapsed_ms: int = 0
    attempts: int = 1
    # Seconds the server asked us to wait (429/503 Retry-After) when that was longer than
    # the fetcher would wait itself: the scheduler should not come back before then.
    retry_after: float | None = None
    content_type: str | None = None  # the final response's Content-Type header
