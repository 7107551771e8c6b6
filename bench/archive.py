"""WARC in and out: revtrack's import and export of 1,000 captures beside warcio's own read.

    python bench/archive.py [--stories 50] [--versions 20] [--plain]

Builds a WARC of STORIES x VERSIONS captures as a crawler writes it (one response
record per capture: the generated 60-120 KB news pages of bench/history.py, each a
new version of its story in fresh page noise, with HTTP headers), then, in one run:

- warcio read: ArchiveIterator over that file, every record's payload read (the
  floor any WARC reader pays: gzip, record parsing, payload);
- revtrack import: ``read_warc_index`` (pass 1: every record read, the index of
  captures built) and ``import_warc`` (pass 2: every capture replayed through the
  capture pipeline into a fresh store: extraction, fingerprint, diff, one SQLite
  transaction per capture), captures/s;
- revtrack export: ``write_warc`` of the store (a response and a metadata record per
  version), versions/s and records/s; then warcio's read of the exported file.

Figures are wall-clock on whatever else the machine is doing: the load average is
printed before and after. Gzipped WARC by default (``--plain``: uncompressed).

The other half of the archive bench, backfill of 200 captures from a Wayback-compatible
archive on loopback, is ``bench/backfill.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from history import PUBLISHED, make_history, render_page  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.timeutils import datetime_to_iso_date  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from revtrack.archive.warc_in import import_warc  # noqa: E402
from revtrack.archive.warc_index import read_warc_index  # noqa: E402
from revtrack.archive.warc_out import write_warc  # noqa: E402
from revtrack.store.rows import CheckOutcome  # noqa: E402
from revtrack.store.store import Store  # noqa: E402

T = TypeVar("T")
_READ = 1024 * 1024


def timed(run: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def build_warc(path: Path, stories: int, versions: int) -> int:
    """A crawler's WARC: ``stories`` URLs, ``versions`` captures each, interleaved in
    capture order as a crawl of them all would write them. Returns the captures."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=path.name.endswith(".gz"))
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
    histories = [make_history(800, versions, seed) for seed in range(stories)]
    captures = 0
    for n in range(versions):
        for seed, history in enumerate(histories):
            body = render_page(history[n], seed=seed, noise_index=n).encode()
            at = PUBLISHED + timedelta(minutes=15 * n, seconds=seed)
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Cache-Control", "max-age=60"),
                ("Content-Length", str(len(body))),
            ]
            record = writer.create_warc_record(
                f"https://news{seed % 7}.example/world/story-{seed}",
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": datetime_to_iso_date(at.replace(tzinfo=None))},
            )
            writer.write_record(record)
            captures += 1
    path.write_bytes(buffer.getvalue())
    return captures


def warcio_read(path: Path) -> tuple[int, int]:
    """(records, payload bytes): every record of ``path`` read with warcio alone."""
    records = size = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            stream = record.content_stream()
            while piece := stream.read(_READ):
                size += len(piece)
            records += 1
    return records, size


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:10,.0f}/s" if seconds > 0 else "         -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--plain", action="store_true", help="uncompressed WARC files")
    args = parser.parse_args()
    suffix = ".warc" if args.plain else ".warc.gz"
    print(f"load average before: {load()}")
    with tempfile.TemporaryDirectory(prefix="revtrack-bench-archive-") as tmp:
        root = Path(tmp)
        crawl = root / f"crawl{suffix}"
        captures, build_s = timed(lambda: build_warc(crawl, args.stories, args.versions))
        print(
            f"input: {captures} captures of {args.stories} stories,"
            f" {crawl.stat().st_size / 2**20:.1f} MB {suffix} (built in {build_s:.1f} s)"
        )
        rows: list[tuple[str, int, str, float]] = []

        (records, payload), read_s = timed(lambda: warcio_read(crawl))
        rows.append(("warcio read of the input", records, "records", read_s))

        store = Store.open(root / "in" / "revtrack.db")
        try:
            index, index_s = timed(lambda: read_warc_index([crawl]))
            rows.append(("revtrack import, pass 1 (index)", index.records, "records", index_s))
            result, replay_s = timed(lambda: import_warc(store, index))
            rows.append(("revtrack import, pass 2 (replay)", result.captures, "captures", replay_s))
            rows.append(
                ("revtrack import, both passes", result.captures, "captures", index_s + replay_s)
            )
            versions = sum(
                r.outcome in (CheckOutcome.NEW_VERSION, CheckOutcome.FLIP_FLOP)
                for item in result.stories
                for r in item.reports
            )
            out = root / f"export{suffix}"
            done, export_s = timed(lambda: write_warc(store, out))
            rows.append(("revtrack export --warc", done.versions, "versions", export_s))
            rows.append(("revtrack export --warc", 2 * done.versions + 1, "records", export_s))
        finally:
            store.close()
        (out_records, _), out_read_s = timed(lambda: warcio_read(out))
        rows.append(("warcio read of the export", out_records, "records", out_read_s))

        print(
            f"import: {result.captures} captures, {versions} versions, {len(result.stories)}"
            f" stories; export: {out.stat().st_size / 2**20:.1f} MB"
            f" ({payload / 2**20:.1f} MB of payload in the input)"
        )
        print()
        print(f"{'':34} {'count':>7} {'what':9} {'seconds':>8} {'rate':>12}")
        for label, count, what, seconds in rows:
            print(f"{label:34} {count:7,} {what:9} {seconds:8.2f} {rate(count, seconds)}")
        print()
        print(
            f"pass 1 reads at {read_s / index_s:.0%} of warcio's own read speed;"
            f" the replay (the capture pipeline) is {replay_s / (index_s + replay_s):.0%}"
            " of the import"
        )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
