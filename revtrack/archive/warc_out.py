"""Writing a store's versions as WARC (ISO 28500), with warcio.

Per version, a ``response`` record: the HTTP response as captured (status line and
header block where the version kept them) and the raw page bytes as stored, at the
version's URL and capture time; warcio computes the block and payload digests. Then a
``metadata`` record, concurrent to it, with revtrack's view of that capture as JSON
(``revtrack.warc-metadata/1``): the story, the version's number, kind and labels, and
the extracted article. Its URI is ``metadata://revtrack/v<seq>/<url>`` (as crawlers
name their own metadata), so replay tools never serve it in place of the page.
After a story's versions, one more ``metadata`` record (``revtrack.warc-story/1``, at
``metadata://revtrack/story/<url>``) holds what no response record can: its gone and
restored events and its review record, so an import restores them too.

The stored body has its Content-Encoding undone, so the header block is made to match
it: Content-Encoding and Transfer-Encoding go, Content-Length is the stored body's. A
version captured before revtrack kept headers gets a minimal block (its status line, a
Content-Type and the length), and its metadata record says so. Versions that
re-extraction marked as noise are left out, as in the folder export.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from revtrack import __version__
from revtrack.archive.layout import ArchiveError
from revtrack.clock import as_utc, to_iso
from revtrack.history.timeline import version_entries
from revtrack.store.reviews import ReviewMark
from revtrack.store.rows import EventKind, Story, Version
from revtrack.store.store import Store

METADATA_SCHEMA = "revtrack.warc-metadata/1"
STORY_SCHEMA = "revtrack.warc-story/1"  # a story's gone/restored events and review record
METADATA_TYPE = "application/json"
METADATA_SCHEME = "metadata://revtrack/"  # + "v3/" + the version's URL
# How a response record's HTTP header block relates to the response revtrack received.
AS_CAPTURED = "as captured"
ADJUSTED = "as captured, framed for the stored body (which has its Content-Encoding undone): {}"
RECONSTRUCTED = (
    "reconstructed: this version was captured before revtrack kept response headers,"
    " so the block has only its status line, Content-Type and Content-Length"
)


@dataclass(frozen=True, slots=True)
class WarcExport:
    """What ``write_warc`` wrote: one response and one metadata record per version."""

    path: Path
    stories: int
    versions: int
    reconstructed: int  # versions whose header block was rebuilt (not kept at capture)


def warc_date(moment: datetime) -> str:
    """WARC-Date of a moment: UTC, whole seconds (revtrack stores capture times so)."""
    return str(datetime_to_iso_date(as_utc(moment).replace(tzinfo=None, microsecond=0)))


def _framed(headers: list[tuple[str, str]], length: int) -> tuple[list[tuple[str, str]], str]:
    """Header lines made true of a body of ``length`` decoded bytes, and what changed."""
    out: list[tuple[str, str]] = []
    dropped: list[str] = []
    declared: list[str] = []
    for name, value in headers:
        lower = name.lower()
        if lower in ("content-encoding", "transfer-encoding"):
            dropped.append(f"{name}: {value}")
        elif lower == "content-length":
            if not declared:  # the first one keeps its place, with the true length
                out.append((name, str(length)))
            declared.append(value.strip())
        else:
            out.append((name, value))
    if not declared:
        out.append(("Content-Length", str(length)))
    changes = [f"{line} removed" for line in dropped]
    if declared != [str(length)]:
        was = f" (was {', '.join(declared)})" if declared else ""
        changes.append(f"Content-Length {length} set{was}")
    return out, ADJUSTED.format("; ".join(changes)) if changes else AS_CAPTURED


def http_headers(version: Version, length: int) -> tuple[StatusAndHeaders, str]:
    """The version's HTTP header block for a record of ``length`` body bytes, and how it
    relates to the response as captured (AS_CAPTURED, ADJUSTED... or RECONSTRUCTED)."""
    if version.headers:
        parsed = StatusAndHeadersParser([], verify=False).parse(
            BytesIO(version.headers.encode("latin-1", "replace"))
        )
        if parsed.protocol and parsed.statusline:
            headers, note = _framed(parsed.headers, length)
            return StatusAndHeaders(parsed.statusline, headers, parsed.protocol), note
    status = version.http_status or HTTPStatus.OK
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    statusline = f"{status} {reason}".rstrip()
    headers = [("Content-Type", "text/html"), ("Content-Length", str(length))]
    return StatusAndHeaders(statusline, headers, "HTTP/1.1"), RECONSTRUCTED


def metadata_uri(version: Version) -> str:
    """The metadata record's own URI. Not the page's URL: replay tools (pywb) index
    records by URL and time, and would serve the JSON in place of the page."""
    return f"{METADATA_SCHEME}v{version.seq}/{version.url}"


def metadata(
    story: Story, version: Version, labels: Sequence[str], article: dict[str, Any], note: str
) -> bytes:
    """The metadata record's JSON: revtrack's view of one captured version."""
    data = {
        "schema": METADATA_SCHEMA,
        "software": f"revtrack/{__version__}",
        "story": {"url": story.url, "site": story.site, "headline": story.headline},
        "version": {
            "seq": version.seq,
            "kind": str(version.kind),
            "same_as": version.same_as,
            "captured_at": to_iso(version.captured_at),
            "url": version.url,
            "labels": list(labels),
            "fingerprint": version.fingerprint,
            "extractor": version.extractor,
            "extractor_version": version.extractor_version,
            "source": version.source,
            "http_status": version.http_status,
        },
        "http_headers": note,
        "article": article,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _story_records(writer: WARCWriter, store: Store, story: Story) -> tuple[int, int]:
    """Write one story's versions; returns (versions written, header blocks rebuilt)."""
    written = rebuilt = 0
    for entry in version_entries(store, story.id):
        version = entry.version
        if not version.is_real:
            continue
        raw = store.raw_html(version)
        block, note = http_headers(version, len(raw))
        date = warc_date(version.captured_at)
        response = writer.create_warc_record(
            version.url, "response", payload=BytesIO(raw), length=len(raw),
            http_headers=block, warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        writer.write_record(response)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        article = store.article(version).to_dict()
        body = metadata(story, version, entry.labels, article, note)
        meta = writer.create_warc_record(
            metadata_uri(version), "metadata", payload=BytesIO(body), length=len(body),
            warc_content_type=METADATA_TYPE,
            warc_headers_dict={
                "WARC-Date": date, "WARC-Concurrent-To": record_id, "WARC-Refers-To": record_id,
            },
        )  # fmt: skip
        writer.write_record(meta)
        written += 1
        rebuilt += note == RECONSTRUCTED
    return written, rebuilt


def _mark(mark: ReviewMark) -> dict[str, Any]:
    return {
        "version": mark.seq, "state": str(mark.state), "at": to_iso(mark.at),
        "note": mark.note, "reviewer": mark.reviewer,
    }  # fmt: skip


def story_metadata(store: Store, story: Story) -> tuple[bytes, datetime] | None:
    """The story's gone/restored events and review record as JSON, and the time of the
    latest of them (None when it has neither): what no response record can hold."""
    events = [e for e in store.events(story.id) if e.kind in (EventKind.GONE, EventKind.RESTORED)]
    marks = store.review_log(story.id)
    if not events and not marks:
        return None
    data = {
        "schema": STORY_SCHEMA,
        "software": f"revtrack/{__version__}",
        "story": {"url": story.url, "site": story.site, "headline": story.headline},
        "events": [
            {"kind": str(e.kind), "at": to_iso(e.at), "detail": e.detail, "version": e.version_seq}
            for e in events
        ],
        "reviews": [_mark(m) for m in marks],
    }
    latest = max([e.at for e in events] + [m.at for m in marks])
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), latest


def _story_metadata_record(writer: WARCWriter, store: Store, story: Story) -> None:
    found = story_metadata(store, story)
    if found is None:
        return
    body, latest = found
    record = writer.create_warc_record(
        f"{METADATA_SCHEME}story/{story.url}", "metadata", payload=BytesIO(body),
        length=len(body), warc_content_type=METADATA_TYPE,
        warc_headers_dict={"WARC-Date": warc_date(latest)},
    )  # fmt: skip
    writer.write_record(record)


def _write(fh: BinaryIO, path: Path, store: Store, stories: Sequence[Story]) -> WarcExport:
    writer = WARCWriter(fh, gzip=path.name.endswith(".gz"), warc_version="1.0")
    info = {
        "software": f"revtrack/{__version__}",
        "format": "WARC File Format 1.0",
        "description": "revtrack export: every stored version of each story (a response"
        " record as captured) and revtrack's extracted article and labels (a metadata record)",
    }
    writer.write_record(writer.create_warcinfo_record(path.name, info))
    versions = rebuilt = exported = 0
    for story in stories:
        written, remade = _story_records(writer, store, story)
        if written:
            _story_metadata_record(writer, store, story)
        versions, rebuilt = versions + written, rebuilt + remade
        exported += bool(written)
    return WarcExport(path, exported, versions, rebuilt)


def write_warc(store: Store, path: Path | str, urls: Sequence[str] | None = None) -> WarcExport:
    """Write ``urls``' stories (all stories when None) to a new WARC file at ``path``.

    Gzipped (one gzip member per record, as the field's tools expect) when the name ends
    in ``.gz``. An existing file is refused, never overwritten; the file appears only
    once complete (it is written beside its name, then renamed).
    """
    target = Path(path)
    if target.exists():
        raise ArchiveError(f"{target} exists: choose a new file name (an export never overwrites)")
    stories = [store.story(url) for url in urls] if urls else store.stories()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as fh:
            result = _write(fh, target, store, stories)
            fh.flush()
            os.fsync(fh.fileno())
        if not result.versions:
            raise ArchiveError("nothing captured yet to export (run `revtrack check`)")
        partial.replace(target)
    except OSError as exc:
        raise ArchiveError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return result
