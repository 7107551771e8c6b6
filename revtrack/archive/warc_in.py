"""Reading WARC and ARC files (any crawler's, or revtrack's own export) into the store.

Two passes, both with warcio (ARC records are read as WARC records, ``arc2warc``):

1. ``warc_index``: every record of every file is read, and only an index is kept: where each HTML
   ``response`` is, its URL and capture time, and what each ``revisit`` repeats (by
   WARC-Refers-To, by WARC-Refers-To-Target-URI and -Date, or by payload digest). A
   file that is missing, not WARC/ARC, or does not read to its end is refused here,
   before anything is written.
2. Here: each URL's captures are replayed through the capture pipeline in capture order, as
   the folder import does (``replay_results``: extraction, fingerprint, noise,
   flip-flop, gone, at each capture's own time), reading each body again from its
   record's offset, so memory holds one page at a time.

Every URL with an HTML page becomes a story; a 404/410 of such a URL is a "gone"
capture; a revisit is a capture of the content it repeats; every other record that
could be a capture (not HTML, another status, a revisit of nothing in the files) is
skipped and counted. A version made here names its record as its ``source``
("crawl.warc.gz@1234 <urn:uuid:...>"). A metadata record revtrack's export wrote
beside a response gives the capture's story URL (a page served at another URL after a
redirect stays in its story), so export -> import keeps every version.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader

from revtrack.archive.layout import GONE_STATUSES
from revtrack.archive.replay import refuse_tracked, replay_results
from revtrack.archive.warc_index import (
    MAX_BODY,
    READ_CHUNK,
    READ_FAILURES,
    REVIEW_STATES,
    ImportedUrl,
    Progress,
    WarcCapture,
    WarcImport,
    WarcIndex,
    failure_reason,
    read_warc_index,
    record_status,
    warc_moment,
)
from revtrack.fetch import FetchOutcome, FetchResult, decode_body
from revtrack.store.reviews import ReviewState
from revtrack.store.rows import Story
from revtrack.store.store import Store

# -- pass 2: the replay ----------------------------------------------------------------


def _record_at(fh: BinaryIO, offset: int) -> Any:
    fh.seek(offset)
    return next(iter(ArchiveIterator(fh, arc2warc=True)))


def _latin1(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _body(record: Any) -> bytes:
    http = record.http_headers
    encoding = (http.get_header("Content-Encoding") or "").strip().lower() if http else ""
    if encoding not in ("", "identity", *BufferedReader.get_supported_decompressors()):
        raise ValueError(f"unsupported content-encoding: {encoding}")
    stream = record.content_stream()
    body = bytearray()
    while piece := stream.read(READ_CHUNK):
        body += piece
        if len(body) > MAX_BODY:
            raise ValueError(f"body larger than {MAX_BODY // 2**20} MB")
    return bytes(body)


def _result(capture: WarcCapture, handles: list[BinaryIO]) -> FetchResult:
    """The FetchResult a fetch would have given at the capture's time."""
    base = FetchResult(
        url=capture.url, outcome=FetchOutcome.ERROR, fetched_at=capture.at,
        final_url=capture.url, status=capture.status, source=capture.source,
    )  # fmt: skip
    if capture.event == "gone":
        return replace(base, outcome=FetchOutcome.GONE, error=capture.detail)
    try:
        record = _record_at(handles[capture.record.file], capture.record.offset)
        http = record.http_headers
        if capture.body != capture.record:
            status = record_status(http)
            original = _record_at(handles[capture.body.file], capture.body.offset)
            if not http or status is None or not 200 <= status < 300:
                http = original.http_headers
            record = original
        head = replace(
            base, http_version=http.protocol, reason=http.statusline.partition(" ")[2],
            headers=tuple((_latin1(k), _latin1(v)) for k, v in http.headers),
        )  # fmt: skip
        if capture.status in GONE_STATUSES:
            return replace(head, outcome=FetchOutcome.GONE, error=f"HTTP {capture.status}")
        body = _body(record)
    except READ_FAILURES as exc:
        return replace(base, error=f"{capture.source}: {failure_reason(exc)}")
    content_type = http.get_header("Content-Type")
    text, charset = decode_body(body, content_type)
    return replace(
        head, outcome=FetchOutcome.OK, body=body, text=text, charset=charset,
        content_type=content_type,
    )  # fmt: skip


def _restore_reviews(store: Store, story: Story, marks: list[dict[str, Any]]) -> int:
    """Replay the review record of revtrack's story metadata onto the versions made."""
    seqs = {v.seq for v in store.versions(story.id)}
    restored = 0
    with store.transaction():
        for mark in marks:
            seq, at = mark.get("version"), warc_moment(str(mark.get("at") or ""))
            if seq not in seqs or at is None or mark.get("state") not in REVIEW_STATES:
                continue
            store.mark_review(
                story.id, int(str(seq)), state=ReviewState(str(mark["state"])),
                note=str(mark.get("note") or ""), reviewer=str(mark.get("reviewer") or ""),
                at=at,
            )  # fmt: skip
            restored += 1
    return restored


def _first_source(captures: list[WarcCapture]) -> str:
    """Where a story's first capture is, for an error about it."""
    return next((c.source for c in captures if c.source), "")


def import_warc(store: Store, index: WarcIndex, progress: Progress | None = None) -> WarcImport:
    """Replay every story's captures from ``index`` (``read_warc_index``) into ``store``.

    Refuses, before anything is written, URLs the store already has history for.
    Stories go in the order of their first capture; each capture is one committed check.
    """
    order = sorted(index.captures.items(), key=lambda item: item[1][0].at)
    refuse_tracked(store, [(url, _first_source(captures)) for url, captures in order])
    imported = []
    with ExitStack() as stack:
        handles: list[BinaryIO] = [stack.enter_context(p.open("rb")) for p in index.files]
        for url, captures in order:
            results = (_result(capture, handles) for capture in captures)
            reports = []
            for result, report in replay_results(store, url, results):
                reports.append(report)
                if progress is not None:
                    progress(url, result, report)
            story = store.story(url)
            marks = _restore_reviews(store, story, index.reviews.get(url, []))
            imported.append(ImportedUrl(story, tuple(reports), marks))
    return WarcImport(index.files, tuple(imported), index.records, dict(index.skipped))


def read_warc(store: Store, paths: Sequence[Path | str]) -> WarcImport:
    """Both passes: `revtrack import FILE.warc.gz...`."""
    return import_warc(store, read_warc_index(paths))
