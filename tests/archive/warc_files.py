"""Small WARC and ARC files written with warcio, as crawlers write them, for the import tests."""

from __future__ import annotations

import gzip
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter


def page(headline: str, *paragraphs: str) -> bytes:
    """A plain news page the extractor reads: headline, body paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{headline}</title>"
        f"</head><body><article><h1>{headline}</h1>{body}</article></body></html>"
    ).encode()


STORY = [
    "The storm reached the coast on Monday night, and some 3,000 homes lost power.",
    "Crews worked through the night to clear fallen trees from the main roads.",
    "The council said schools would stay open, though several buses were cancelled.",
]


def iso(moment: datetime) -> str:
    return str(datetime_to_iso_date(moment.replace(tzinfo=None)))


@dataclass
class WarcBuilder:
    """Records appended to one WARC file; ``ids`` keeps each response's record id."""

    path: Path
    buffer: BytesIO = field(default_factory=BytesIO)
    ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.writer = WARCWriter(self.buffer, gzip=self.path.name.endswith(".gz"))
        self.writer.write_record(self.writer.create_warcinfo_record(self.path.name, {"x": "y"}))

    def response(
        self,
        url: str,
        at: datetime,
        body: bytes,
        *,
        status: str = "200 OK",
        content_type: str | None = "text/html; charset=utf-8",
        headers: list[tuple[str, str]] | None = None,
    ) -> str:
        http = [("Content-Type", content_type)] if content_type else []
        http += [*(headers or []), ("Content-Length", str(len(body)))]
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(status, http, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": iso(at)},
        )
        self.writer.write_record(record)
        record_id = str(record.rec_headers.get_header("WARC-Record-ID"))
        self.ids.append(record_id)
        return record_id

    def revisit(
        self,
        url: str,
        at: datetime,
        *,
        digest: str,
        refers_to_uri: str = "",
        refers_to_date: datetime | None = None,
        status: str = "200 OK",
    ) -> None:
        http = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self.writer.create_revisit_record(
            url,
            digest=digest,
            refers_to_uri=refers_to_uri,
            refers_to_date=iso(refers_to_date) if refers_to_date else "",
            http_headers=http,
            warc_headers_dict={"WARC-Date": iso(at)},
        )
        if not refers_to_uri:
            record.rec_headers.remove_header("WARC-Refers-To-Target-URI")
            record.rec_headers.remove_header("WARC-Refers-To-Date")
        self.writer.write_record(record)

    def save(self) -> Path:
        self.path.write_bytes(self.buffer.getvalue())
        return self.path


def payload_digest(path: Path, record_id: str) -> str:
    """The WARC-Payload-Digest warcio wrote for a record."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_headers.get_header("WARC-Record-ID") == record_id:
                return str(record.rec_headers.get_header("WARC-Payload-Digest"))
    raise KeyError(record_id)


def arc_file(path: Path, captures: list[tuple[str, datetime, bytes, str]]) -> Path:
    """An ARC v1 file (gzipped per record when the name ends in .gz): (url, at, body,
    content type) per capture, each an HTTP response."""
    stamp = captures[0][1].strftime("%Y%m%d%H%M%S")
    version = b"1 0 revtrack-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [
        f"filedesc://{path.name} 0.0.0.0 {stamp} text/plain {len(version)}\n".encode()
        + version
        + b"\n"
    ]
    for url, at, body, content_type in captures:
        http = (
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        head = f"{url} 127.0.0.1 {at:%Y%m%d%H%M%S} {content_type} {len(http)}\n".encode()
        records.append(head + http + b"\n")
    gz = path.name.endswith(".gz")
    path.write_bytes(b"".join(gzip.compress(r, mtime=0) if gz else r for r in records))
    return path


def warcio_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """warcio's own command line (`warcio index`, `warcio check`) on this Python."""
    code = "import sys; from warcio.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
