"""Pass 1 of a WARC or ARC import: every record of every file read, only an index kept.

Where each HTML ``response`` is, its URL and capture time, and what each ``revisit``
repeats (by WARC-Refers-To, by WARC-Refers-To-Target-URI and -Date, or by payload
digest). A file that is missing, not WARC/ARC, or does not read to its end is refused
here, before anything is written. Pass 2 (``warc_in``) replays the index.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException
from warcio.timeutils import iso_date_to_datetime

from revtrack.archive.layout import GONE_STATUSES, ArchiveError
from revtrack.archive.warc_out import METADATA_SCHEMA, STORY_SCHEMA
from revtrack.check.record import CheckReport
from revtrack.errors import InvalidURLError
from revtrack.fetch import FetchResult
from revtrack.store.reviews import ReviewState
from revtrack.store.rows import Story
from revtrack.urls import canonical_url

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_BODY = 15 * 2**20  # bytes, decoded: the fetcher's default cap
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_SNIFF = 1024
READ_CHUNK = 1024 * 1024
READ_FAILURES = (
    ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, OSError, ValueError,
    zlib.error, KeyError, IndexError, TypeError,
)  # fmt: skip

Progress = Callable[[str, FetchResult, CheckReport], None]


def looks_like_warc(path: Path) -> bool:
    """Named like a WARC or ARC file (the folder form of `import` is anything else)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def warc_format(path: Path) -> str:
    """ "WARC" or "ARC", from the file's first bytes; ArchiveError (one line) otherwise."""
    if not path.exists():
        raise ArchiveError(f"no such file: {path}")
    if not path.is_file():
        raise ArchiveError(f"not a file: {path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as unzipped:
                head = unzipped.read(64)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArchiveError(f"{path}: not a WARC or ARC file: {failure_reason(exc)}") from None
    if head.startswith(b"WARC/"):
        return "WARC"
    if head.startswith(b"filedesc://"):
        return "ARC"
    what = "it is empty" if not head else "it starts with neither WARC/ nor filedesc://"
    raise ArchiveError(f"{path}: not a WARC or ARC file ({what})")


def failure_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "non-chunked gzip" in text:
        return "gzip is one stream, not one member per record (fix: warcio recompress IN OUT)"
    if text.startswith("Unknown archive format"):
        return "damaged data where a record should start"
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:159] + "…"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a record starts: a file (its index in the import) and an offset in it."""

    file: int
    offset: int


@dataclass(frozen=True, slots=True)
class WarcCapture:
    """One capture to replay: a response, or a revisit of one (``body`` is the original)."""

    url: str  # the URL as captured (WARC-Target-URI)
    at: datetime
    status: int
    record: Place  # the response or revisit record
    body: Place  # the response record whose payload the capture served
    source: str
    record_id: str = ""
    # From revtrack's story metadata: a "gone" event (no record to read) or a
    # "restored" one (the page as last captured, served again); "" for a record.
    event: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class _Revisit:
    capture: WarcCapture
    refers_to: str
    refers_uri: str
    refers_date: datetime | None
    digest: str


@dataclass
class WarcIndex:
    """What pass 1 found in the files: each story URL's captures, in capture order, and
    the records skipped (why -> how many)."""

    files: tuple[Path, ...]
    captures: dict[str, list[WarcCapture]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    records: int = 0
    reviews: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # story URL -> marks


@dataclass
class _Scan:
    """Pass 1's working state: pages, gone captures and revisits, and how to find the
    response a revisit repeats (by record id, by URI and date, by payload digest)."""

    index: WarcIndex
    pages: list[WarcCapture] = field(default_factory=list)
    gone: list[WarcCapture] = field(default_factory=list)
    revisits: list[_Revisit] = field(default_factory=list)
    by_id: dict[str, WarcCapture] = field(default_factory=dict)
    by_uri_date: dict[tuple[str, datetime | None], WarcCapture] = field(default_factory=dict)
    by_digest: dict[str, WarcCapture] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)  # response record id -> story URL
    # response record id -> where revtrack had the version from before it was exported
    # (an earlier archive's capture), kept behind this record's own name
    source_of: dict[str, str] = field(default_factory=dict)
    stories: dict[str, dict[str, Any]] = field(default_factory=dict)  # URL -> story metadata

    def story_url(self, capture: WarcCapture) -> str | None:
        try:
            return canonical_url(self.story_of.get(capture.record_id) or capture.url)
        except InvalidURLError:
            return None


@dataclass(frozen=True, slots=True)
class ImportedUrl:
    """One story made (or continued) from the files, and the check each capture made."""

    story: Story
    reports: tuple[CheckReport, ...]
    reviews: int = 0  # review marks restored from revtrack's story metadata


@dataclass(frozen=True, slots=True)
class WarcImport:
    files: tuple[Path, ...]
    stories: tuple[ImportedUrl, ...]
    records: int  # every record read
    skipped: dict[str, int]  # records that could be captures but are not pages: why -> count

    @property
    def captures(self) -> int:
        return sum(len(item.reports) for item in self.stories)


# -- pass 1: the index -----------------------------------------------------------------


def warc_moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment: datetime = iso_date_to_datetime(text.strip())
    except (ValueError, TypeError, IndexError):
        return None
    return moment.replace(tzinfo=UTC)


def _digest(value: str | None) -> str:
    return (value or "").strip().lower()


def _payload_digest(record: Any) -> str:
    """sha1 of the payload as stored (what WARC-Payload-Digest names), computed."""
    sha = hashlib.sha1()  # the digest WARC names (not a security use)
    while piece := record.raw_stream.read(READ_CHUNK):
        sha.update(piece)
    return "sha1:" + base64.b32encode(sha.digest()).decode("ascii").lower()


def _is_html(content_type: str | None, record: Any) -> bool:
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES
    head = record.content_stream().read(_SNIFF).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _scan_file(scan: _Scan, number: int, path: Path) -> None:
    arc = warc_format(path) == "ARC"
    with path.open("rb") as fh:
        records = ArchiveIterator(fh, arc2warc=True)
        try:
            _scan_records(scan, number, path, records, arc)
        except ArchiveError:
            raise
        except READ_FAILURES as exc:
            after = getattr(records, "offset", None)  # where the last good record ended
            at = f" after offset {after}" if isinstance(after, int) and after > 0 else ""
            raise ArchiveError(
                f"{path}: cannot read as WARC/ARC{at}: {failure_reason(exc)}"
            ) from None


def _scan_records(scan: _Scan, number: int, path: Path, records: Any, arc: bool) -> None:
    for record in records:
        if not record.rec_type:
            where = records.get_record_offset()
            raise ArchiveError(f"{path}: a record without WARC-Type at offset {where}")
        scan.index.records += 1
        # The offset is known once the record is read to its end: ask for it only
        # after whatever of the record's content is needed has been read.
        _scan_record(scan, number, path, record, records.get_record_offset, arc)
        while record.raw_stream.read(READ_CHUNK):
            pass
        if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than it declares
            where = records.get_record_offset()
            raise ArchiveError(f"{path}: the record at offset {where} is cut short")


def _scan_record(
    scan: _Scan, number: int, path: Path, record: Any, offset: Callable[[], int], arc: bool
) -> None:
    kind = record.rec_type
    headers = record.rec_headers
    if kind == "metadata":
        _scan_metadata(scan, record)
        return
    uri = (headers.get_header("WARC-Target-URI") or "").strip()
    web = uri.lower().startswith(("http://", "https://"))
    if kind in ("resource", "conversion"):
        if web:  # a file kept without its HTTP response; a crawler's own log is not counted
            scan.index.skipped["not an HTTP response"] += 1
        return
    if kind not in ("response", "revisit"):
        return  # warcinfo, request, continuation: not captures
    http = record.http_headers
    if not web or (kind == "response" and not http):
        scan.index.skipped["not an HTTP response"] += 1
        return
    at = warc_moment(headers.get_header("WARC-Date"))
    if at is None:
        scan.index.skipped["no valid WARC-Date"] += 1
        return
    record_id = (headers.get_header("WARC-Record-ID") or "").strip()
    status = record_status(http)

    def capture() -> WarcCapture:
        start = offset()
        where = f"{path.name}@{start}" + (f" {record_id}" if record_id and not arc else "")
        place = Place(number, start)
        return WarcCapture(uri, at, status or 0, place, place, where, record_id)

    if kind == "revisit":
        scan.revisits.append(_Revisit(
            capture(), (headers.get_header("WARC-Refers-To") or "").strip(),
            (headers.get_header("WARC-Refers-To-Target-URI") or "").strip(),
            warc_moment(headers.get_header("WARC-Refers-To-Date")),
            _digest(headers.get_header("WARC-Payload-Digest")),
        ))  # fmt: skip
        return
    if status in GONE_STATUSES:
        scan.gone.append(capture())
        return
    if status is None or not 200 <= status < 300:
        scan.index.skipped[f"HTTP {status}" if status else "no HTTP status"] += 1
        return
    if not _is_html(http.get_header("Content-Type"), record):
        scan.index.skipped["not HTML"] += 1
        return
    digest = _digest(headers.get_header("WARC-Payload-Digest")) or _payload_digest(record)
    page = capture()
    scan.pages.append(page)
    scan.by_id[record_id] = page
    scan.by_uri_date.setdefault((uri, at), page)
    scan.by_digest.setdefault(digest, page)


def record_status(http: Any) -> int | None:
    if not http:
        return None
    try:
        return int(http.get_statuscode())
    except (TypeError, ValueError):
        return None


def _scan_metadata(scan: _Scan, record: Any) -> None:
    """revtrack's own metadata records: the story a response belongs to; a story's
    gone/restored events and review record."""
    concurrent = (record.rec_headers.get_header("WARC-Concurrent-To") or "").strip()
    content_type = record.rec_headers.get_header("Content-Type") or ""
    if not content_type.startswith("application/json"):
        return
    try:
        data = json.loads(record.content_stream().read(MAX_BODY))
    except (ValueError, UnicodeDecodeError):
        return
    if not isinstance(data, dict) or not isinstance(data.get("story"), dict):
        return
    url = data["story"].get("url")
    if not isinstance(url, str):
        return
    if data.get("schema") == METADATA_SCHEMA and concurrent:
        scan.story_of[concurrent] = url
        version = data.get("version")
        earlier = version.get("source") if isinstance(version, dict) else None
        if isinstance(earlier, str) and earlier:
            scan.source_of[concurrent] = earlier
    elif data.get("schema") == STORY_SCHEMA:
        with suppress(InvalidURLError):
            scan.stories[canonical_url(url)] = data


def _resolve(scan: _Scan) -> None:
    """Revisits to the responses they repeat; gone captures of stories; captures by story."""
    for revisit in scan.revisits:
        original = (
            scan.by_id.get(revisit.refers_to)
            or scan.by_uri_date.get((revisit.refers_uri, revisit.refers_date))
            or scan.by_digest.get(revisit.digest)
        )
        if original is None:
            scan.index.skipped["revisit of a record not in the files"] += 1
            continue
        status = revisit.capture.status
        if not 200 <= status < 300:
            status = original.status  # a 304 (server-not-modified) served the original
        scan.pages.append(replace(revisit.capture, status=status, body=original.record))
    for capture in scan.pages:
        earlier = scan.source_of.get(capture.record_id)
        if earlier:
            capture = replace(capture, source=f"{capture.source} (was {earlier})")
        url = scan.story_url(capture)
        if url is None:
            scan.index.skipped["not an HTTP response"] += 1
            continue
        scan.index.captures.setdefault(url, []).append(capture)
    for capture in scan.gone:
        url = scan.story_url(capture)
        if url in scan.index.captures:
            scan.index.captures[url].append(capture)
        else:
            scan.index.skipped[f"HTTP {capture.status} of a URL with no page"] += 1
    for url, data in scan.stories.items():
        if url in scan.index.captures:
            _story_events(scan.index, url, data)
    for captures in scan.index.captures.values():
        captures.sort(key=lambda c: (c.at, c.record.file, c.record.offset))


_HTTP_STATUS = re.compile(r"^HTTP (\d{3})$")
_NOWHERE = Place(-1, -1)
REVIEW_STATES = {str(state) for state in ReviewState}


def _story_events(index: WarcIndex, url: str, data: dict[str, Any]) -> None:
    """Captures for the gone/restored events of revtrack's story metadata, and its
    review record, for the story's replay."""
    captures = index.captures[url]
    pages = sorted((c for c in captures if not c.event), key=lambda c: c.at)
    at_page = {c.at for c in pages}
    for event in data.get("events") or []:
        if not isinstance(event, dict):
            continue
        at = warc_moment(str(event.get("at") or ""))
        detail = str(event.get("detail") or "")
        if at is None:
            continue
        if event.get("kind") == "gone":
            found = _HTTP_STATUS.match(detail)
            status = int(found.group(1)) if found else 404
            status = status if status in GONE_STATUSES else 404
            captures.append(WarcCapture(url, at, status, _NOWHERE, _NOWHERE, "", event="gone",
                                        detail=detail))  # fmt: skip
        elif event.get("kind") == "restored" and at not in at_page:
            before = [c for c in pages if c.at < at]
            if before:  # the page came back as it was last captured
                last = before[-1]
                captures.append(replace(last, at=at, record=last.body, event="restored"))
    reviews = [m for m in data.get("reviews") or [] if isinstance(m, dict)]
    if reviews:
        index.reviews[url] = reviews


def read_warc_index(paths: Sequence[Path | str]) -> WarcIndex:
    """Pass 1 over every file; ArchiveError (one line, naming the file) on any problem."""
    files = tuple(Path(p) for p in paths)
    index = WarcIndex(files)
    scan = _Scan(index)
    for number, path in enumerate(files):
        warc_format(path)
        _scan_file(scan, number, path)
    if not index.records:
        raise ArchiveError(f"{', '.join(map(str, files))}: no WARC/ARC records")
    _resolve(scan)
    return index
