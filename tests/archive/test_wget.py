"""A real crawler's WARC: GNU wget's --warc-file against a loopback story, then import.

wget runs three times (as a cron job archiving the page would), each run writing its own
WARC. The story changes between runs; the third run gets the page gzipped and chunked,
as many servers send it. `revtrack import` of the three files must give the story's
real versions, with their bytes as served, the headers as captured, and each version
naming its WARC file and record.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from revtrack.archive.warc_in import read_warc
from revtrack.store.rows import CheckOutcome
from revtrack.store.store import Store
from tests.archive.warc_files import STORY, page, warcio_cli
from tests.loopback import LoopbackServer, Response

WGET = shutil.which("wget")
pytestmark = pytest.mark.skipif(
    WGET is None, reason="GNU wget is not installed (.ci/run installs it: apt-get install wget)"
)

STYLE = b"p { margin: 0 }"


def _page(headline: str, *paragraphs: str) -> bytes:
    """The story page with a stylesheet, so wget --page-requisites fetches a non-HTML file."""
    return page(headline, *paragraphs).replace(
        b"</head>", b"<link rel='stylesheet' href='/style.css'></head>"
    )


V1 = _page("Storm hits coast", *STORY)
V3 = _page("Storm hits coast, 4,000 homes without power",
           STORY[0].replace("3,000", "4,000"), *STORY[1:])  # fmt: skip


def _wget(url: str, warc: Path) -> None:
    command = [
        str(WGET), "--quiet", "--no-config", "--execute", "robots=off", "--page-requisites",
        "--tries=1", "--timeout=30", f"--warc-file={warc}", "--no-warc-keep-log",
        "--directory-prefix", str(warc.parent / "files"), url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_wget_warcs_import_as_the_storys_versions(tmp_path: Path) -> None:
    with LoopbackServer() as server:
        server.route("/world/storm", [
            Response.html(V1, headers={"X-Run": "1"}),
            Response.html(V1, headers={"X-Run": "2"}),  # the same page again
            Response(200, [("Content-Type", "text/html; charset=utf-8"),
                           ("Content-Encoding", "gzip"), ("X-Run", "3")],
                     body=iter([gzip.compress(V3, mtime=0)])),  # chunked, gzipped
        ])  # fmt: skip
        server.route("/style.css", Response(200, [("Content-Type", "text/css")], STYLE))
        url = server.url("/world/storm")
        warcs = []
        for run in range(3):
            _wget(url, tmp_path / f"run-{run}")
            warcs.append(tmp_path / f"run-{run}.warc.gz")
        assert server.hits("/world/storm") == 3
        styles = server.hits("/style.css")  # not after the gzipped page: wget cannot read it

    for warc in warcs:  # the field's own checker accepts what wget wrote
        assert warcio_cli("check", str(warc)).returncode == 0

    store = Store.open(tmp_path / "revtrack.db")
    try:
        result = read_warc(store, warcs)
        assert styles >= 1
        assert result.skipped == {"not HTML": styles}  # wget's own records are not counted
        (item,) = result.stories
        assert item.story.url == url
        assert [r.outcome for r in item.reports] == [
            CheckOutcome.NEW_VERSION, CheckOutcome.UNCHANGED, CheckOutcome.NEW_VERSION,
        ]  # fmt: skip
        versions = store.versions(item.story.id)
        assert [store.raw_html(v) for v in versions] == [V1, V3]
        assert [store.article(v).headline for v in versions] == [
            "Storm hits coast", "Storm hits coast, 4,000 homes without power",
        ]  # fmt: skip
        assert versions[0].captured_at <= versions[1].captured_at
        first, last = versions
        assert first.source.startswith("run-0.warc.gz@")
        assert last.source.startswith("run-2.warc.gz@")
        assert first.http_status == 200
        assert (first.headers or "").startswith("HTTP/1.1 200 OK\r\n")
        assert "\r\nX-Run: 1\r\n" in (first.headers or "")
        assert "\r\nContent-Encoding: gzip\r\n" in (last.headers or "")
        assert "\r\nTransfer-Encoding: chunked\r\n" in (last.headers or "")
        labels = store.change(item.story.id, 2)
        assert labels is not None
        assert "headline" in labels.labels
    finally:
        store.close()
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))
