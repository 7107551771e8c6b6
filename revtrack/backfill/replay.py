"""A fetched capture as the FetchResult the pipeline records at the capture's own time."""

from __future__ import annotations

from dataclasses import replace

from revtrack.backfill.captures import ArchivedCapture
from revtrack.fetch import FetchOutcome, FetchResult

_ORIGINAL = b"x-archive-orig-"  # how Wayback-style archives pass on the page's own headers


def original_headers(fetched: FetchResult) -> tuple[tuple[bytes, bytes], ...]:
    """The page's own response headers as the archive passed them on (``X-Archive-Orig-``
    lines, the prefix taken off); none when it did not (the archive's own headers are
    not the page's, so they are never kept as if they were)."""
    return tuple(
        (name[len(_ORIGINAL) :], value)
        for name, value in fetched.headers
        if name.lower().startswith(_ORIGINAL) and len(name) > len(_ORIGINAL)
    )


def archived_gone(fetched: FetchResult) -> bool:
    """The archive kept the page's own 404/410: a memento (it says when it was captured,
    ``Memento-Datetime``, RFC 7089), not the archive missing the capture."""
    names = {name.lower() for name, _ in fetched.headers}
    return fetched.status in (404, 410) and b"memento-datetime" in names


def replayable(fetched: FetchResult) -> bool:
    """A fetch of a capture that says what the page was: the page, or its archived 404."""
    return fetched.outcome is FetchOutcome.OK or archived_gone(fetched)


def capture_result(story_url: str, capture: ArchivedCapture, fetched: FetchResult) -> FetchResult:
    """What revtrack's own fetch of the story would have brought back at ``capture.at``:
    the archive's bytes (or the page's archived 404/410: gone), served from the page's
    original URL, with no validators (an archive's ETag is not the site's), marked with
    the capture as its source."""
    if not replayable(fetched):
        raise ValueError("only a capture the archive served can be replayed")
    if fetched.outcome is not FetchOutcome.OK:
        return replace(
            fetched, url=story_url, fetched_at=capture.at, outcome=FetchOutcome.GONE,
            final_url=capture.original or story_url, body=b"", text="", redirects=(),
            error=f"HTTP {fetched.status} (archived)", source=capture.source,
        )  # fmt: skip
    headers = original_headers(fetched)
    return replace(
        fetched, url=story_url, fetched_at=capture.at, final_url=capture.original or story_url,
        status=capture.status or 200, etag=None, last_modified=None, redirects=(),
        retry_after=None, source=capture.source, headers=headers,
        http_version=fetched.http_version if headers else "",
        reason=fetched.reason if headers else "",
    )  # fmt: skip
