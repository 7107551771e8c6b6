"""A fetched capture as the FetchResult the pipeline records at the capture's own time."""

from __future__ import annotations

from dataclasses import replace

from revtrack.backfill.captures import ArchivedCapture
from revtrack.fetch import FetchOutcome, FetchResult


def capture_result(story_url: str, capture: ArchivedCapture, fetched: FetchResult) -> FetchResult:
    """What revtrack's own fetch of the story would have brought back at ``capture.at``:
    the archive's bytes, served from the page's original URL, with no validators (an
    archive's ETag is not the site's). Only a fetch that brought the page back is one."""
    if fetched.outcome is not FetchOutcome.OK:
        raise ValueError("only a capture fetched whole can be replayed")
    return replace(
        fetched, url=story_url, fetched_at=capture.at, final_url=capture.original or story_url,
        status=capture.status or 200, etag=None, last_modified=None, redirects=(),
        retry_after=None,
    )  # fmt: skip
