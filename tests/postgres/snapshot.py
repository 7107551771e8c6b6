"""One picture of a store for the demo parity tests: every story's row, versions,
changes, events and checks, and the review desk's reads, with the demo server's address
taken out (each replay serves on a port of its own)."""

from __future__ import annotations

import re
from typing import Any

from revtrack.store.blobs import blob_sha
from revtrack.store.store import Store

_SERVED = re.compile(r"http://127\.0\.0\.\d+:\d+")


def anywhere(value: Any) -> Any:
    """A value with the demo server's address taken out (each replay has its own)."""
    return _SERVED.sub("http://demo", value) if isinstance(value, str) else value


def everything(store: Store) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for story in store.stories():
        out[anywhere(story.url)] = {
            "story": (story.id, story.status, story.headline, story.live, story.quiet_checks,
                      story.next_check_at, story.last_changed_at, story.last_checked_at,
                      story.error_streak, story.published_at, story.etag, story.last_modified,
                      story.page_digest, story.last_raw_sha, story.change_gap_s),
            "versions": [
                (v.seq, v.kind, v.same_as, v.captured_at, v.updated_at, v.fingerprint,
                 v.headline, v.word_count, v.article_sha, v.raw_sha,
                 blob_sha(store.raw_html(v)), store.article(v).to_json())
                for v in store.versions(story.id)
            ],
            "changes": [
                (c.seq, c.base_seq, c.captured_at, c.labels, c.counts, c.summary,
                 c.highlights, c.recipe, c.changeset_sha)
                for c in store.changes(story.id)
            ],
            "events": [(e.kind, e.at, e.version_seq, anywhere(e.detail))
                       for e in store.events(story.id)],
            "checks": [(c.checked_at, c.outcome, c.http_status, c.version_seq,
                        c.page_updated_at, anywhere(c.detail))
                       for c in store.checks(story.id)],
        }  # fmt: skip
    # The review desk's reads over the whole store.
    out["tally"] = sorted(store.change_tally(), key=repr)
    out["queue"] = [
        (c.change, c.review, anywhere(c.url), c.headline, c.kind) for c in store.change_rows()
    ]
    out["rows"] = [(anywhere(r.url), r.headline, r.versions, r.last_change, r.status)
                   for r in store.story_rows()]  # fmt: skip
    out["labels"] = {anywhere(store.story(k).url): v
                     for k, v in store.latest_change_labels().items()}  # fmt: skip
    return out
