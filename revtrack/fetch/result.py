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
    # The final response as received: its status line's HTTP version and reason phrase,
    # and its header lines in order, names and values as sent (the body above has its
    # Content-Encoding undone, so these may still name gzip). Empty when none came.
    http_version: str = ""
    reason: str = ""
    headers: tuple[tuple[bytes, bytes], ...] = ()
    # Where the page came from when not from revtrack's own fetch: the archived capture
    # (a WARC file's record, a web archive's capture). Stored as the version's source.
    source: str = ""

    def header_block(self) -> str | None:
        """The response's header block as received: status line, header lines, blank line.

        Latin-1 text (bytes map to characters one to one); None when there was no
        response or its header lines were not kept.
        """
        if not self.http_version or self.status is None:
            return None
        lines = [f"{self.http_version} {self.status} {self.reason}".rstrip() + "\r\n"]
        lines += [
            f"{name.decode('latin-1')}: {value.decode('latin-1')}\r\n"
            for name, value in self.headers
        ]
        lines.append("\r\n")
        return "".join(lines)
