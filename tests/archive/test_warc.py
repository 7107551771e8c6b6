"""WARC out and in: `export --warc` and `import FILE.warc[.gz]` (also ARC), with warcio."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from warcio.archiveiterator import ArchiveIterator

from revtrack.archive import ArchiveError, ImportedStory
from revtrack.archive.warc_in import read_warc
from revtrack.archive.warc_out import (
    ADJUSTED,
    AS_CAPTURED,
    METADATA_SCHEMA,
    RECONSTRUCTED,
    http_headers,
    write_warc,
)
from revtrack.check.record import record_fetch
from revtrack.fetch import FetchOutcome, FetchResult, decode_body
from revtrack.store.reviews import ReviewState
from revtrack.store.rows import CheckOutcome, Version, VersionKind
from revtrack.store.store import Store
from tests.archive.warc_files import (
    STORY,
    WarcBuilder,
    arc_file,
    page,
    payload_digest,
    warcio_cli,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
URL = "https://news.example/world/storm"


def _store(path: Path) -> Store:
    return Store.open(path / "revtrack.db")


def _versions(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Each story's versions as the round trip must keep them, with their raw bytes."""
    out: dict[str, list[tuple[object, ...]]] = {}
    for story in store.stories():
        out[story.url] = [
            (v.seq, str(v.kind), v.same_as, v.captured_at, v.url,
             store.article(v).to_dict(), store.raw_html(v))
            for v in store.versions(story.id) if v.is_real
        ]  # fmt: skip
    return out


def _events(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {
        story.url: [(str(e.kind), e.at, e.version_seq, e.detail) for e in store.events(story.id)]
        for story in store.stories()
    }


def _labels(store: Store) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    return {
        story.url: [(c.seq, c.labels) for c in store.changes(story.id)] for story in store.stories()
    }


def _fetched(url: str, at: datetime, body: bytes, **extra: object) -> FetchResult:
    text, charset = decode_body(body, "text/html; charset=utf-8")
    return FetchResult(
        url=url, outcome=FetchOutcome.OK, fetched_at=at, final_url=str(extra.pop("final", url)),
        status=200, body=body, text=text, charset=charset,
        content_type="text/html; charset=utf-8", **extra,  # type: ignore[arg-type]
    )  # fmt: skip


# -- out -------------------------------------------------------------------------------


def test_snapshots_round_trip_through_warc(
    imported: tuple[Store, list[ImportedStory]], tmp_path: Path
) -> None:
    store, _ = imported
    out = tmp_path / "all.warc.gz"
    done = write_warc(store, out)
    assert (done.stories, done.versions) == (7, 21)
    assert done.reconstructed == 21  # the sample archive has no headers to keep

    # The field's own tools read it: every record indexed, every digest checks.
    index = warcio_cli("index", "-f", "warc-type,warc-target-uri,http:status", str(out))
    assert index.returncode == 0, index.stderr
    rows = [json.loads(line) for line in index.stdout.splitlines()]
    assert [r["warc-type"] for r in rows].count("response") == 21
    # One per version, and one per story with gone/restored events (arena, fever syrup).
    assert [r["warc-type"] for r in rows].count("metadata") == 21 + 2
    assert {r.get("http:status") for r in rows if r["warc-type"] == "response"} == {"200"}
    check = warcio_cli("check", "-v", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 1 + 21 + 23

    fresh = _store(tmp_path)
    try:
        result = read_warc(fresh, [out])
        assert result.skipped == {}
        assert _versions(fresh) == _versions(store)
        assert _events(fresh) == _events(store)  # gone and restored, at their times
        assert _labels(fresh) == _labels(store)  # "removed" and "restored" too
        for story in fresh.stories():
            for version in fresh.versions(story.id):
                assert version.source.startswith("all.warc.gz@")
                assert version.source.split()[1].startswith("<urn:uuid:")
    finally:
        fresh.close()


def test_records_carry_headers_digest_and_metadata(tmp_path: Path) -> None:
    store = _store(tmp_path)
    try:
        story, _ = store.add_story(URL, now=T0)
        raw = [
            (b"Content-Type", b"text/html; charset=utf-8"),
            (b"Content-Encoding", b"gzip"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Set-Cookie", b"a=1"),
            (b"X-Cache", b"HIT"),
        ]
        first = _fetched(URL, T0, page("Storm hits coast", *STORY), http_version="HTTP/1.1",
                         reason="OK", headers=tuple(raw))  # fmt: skip
        record_fetch(store, story, first)
        edited = page("Storm hits coast", STORY[0].replace("3,000", "4,000"), *STORY[1:])
        record_fetch(store, store.story(story.id), _fetched(URL, T0 + timedelta(hours=1), edited))
        out = write_warc(store, tmp_path / "storm.warc").path
    finally:
        store.close()

    with out.open("rb") as fh:
        records = [
            (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
            for r in ArchiveIterator(fh)
        ]
    assert [r[0] for r in records] == ["warcinfo", *["response", "metadata"] * 2]
    (_, rec1, http1, body1), (_, meta1, _, data1) = records[1:3]
    assert rec1.get_header("WARC-Target-URI") == URL
    assert rec1.get_header("WARC-Date") == "2025-03-03T09:00:00Z"
    assert rec1.get_header("WARC-Payload-Digest").startswith("sha1:")
    assert body1 == page("Storm hits coast", *STORY)
    # As captured, but framed for the stored (decoded) body.
    assert (http1.protocol, http1.statusline) == ("HTTP/1.1", "200 OK")
    assert http1.headers == [
        ("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", "a=1"),
        ("X-Cache", "HIT"), ("Content-Length", str(len(body1))),
    ]  # fmt: skip
    assert meta1.get_header("WARC-Concurrent-To") == rec1.get_header("WARC-Record-ID")
    # Its own URI, so that replay tools (pywb) never serve it in place of the page.
    assert meta1.get_header("WARC-Target-URI") == f"metadata://revtrack/v1/{URL}"
    assert meta1.get_header("Content-Type") == "application/json"
    meta = json.loads(data1)
    assert meta["schema"] == METADATA_SCHEMA
    assert meta["story"]["url"] == URL
    assert (meta["version"]["seq"], meta["version"]["labels"]) == (1, ["first"])
    assert meta["version"]["kind"] == "version"
    assert meta["http_headers"] == ADJUSTED.format(
        "Content-Encoding: gzip removed; Transfer-Encoding: chunked removed;"
        f" Content-Length {len(body1)} set"
    )
    assert meta["article"]["headline"] == "Storm hits coast"
    # The second version kept no headers (a FetchResult without them): a minimal block,
    # and its metadata says it was reconstructed.
    (_, _, http2, body2), (_, _, _, data2) = records[3:5]
    assert http2.statusline == "200 OK"
    assert http2.headers == [("Content-Type", "text/html"), ("Content-Length", str(len(body2)))]
    meta2 = json.loads(data2)
    assert meta2["http_headers"] == RECONSTRUCTED
    assert meta2["version"]["seq"] == 2
    assert "fact" in meta2["version"]["labels"]
    assert warcio_cli("check", str(out)).returncode == 0


def test_a_story_keeps_its_url_when_its_page_was_served_elsewhere(tmp_path: Path) -> None:
    """A version's URL (after a redirect) is the record's target; the metadata record
    names the story, so the import puts the capture back in it."""
    served = "https://news.example/world/storm-2025"
    first = _store(tmp_path / "a")
    try:
        story, _ = first.add_story(URL, now=T0)
        record_fetch(first, story, _fetched(URL, T0, page("Storm", *STORY), final=served))
        out = write_warc(first, tmp_path / "moved.warc.gz").path
        before = _versions(first)
    finally:
        first.close()
    second = _store(tmp_path / "b")
    try:
        read_warc(second, [out])
        assert [s.url for s in second.stories()] == [URL]
        assert _versions(second) == before
        assert before[URL][0][4] == served
    finally:
        second.close()


def test_an_archived_versions_source_is_kept_behind_the_warc_record(tmp_path: Path) -> None:
    wayback = f"https://web.archive.org/web/20250303090000id_/{URL}"
    first = _store(tmp_path / "a")
    try:
        story, _ = first.add_story(URL, now=T0)
        record_fetch(first, story, _fetched(URL, T0, page("Storm", *STORY), source=wayback))
        out = write_warc(first, tmp_path / "backfilled.warc.gz").path
    finally:
        first.close()
    second = _store(tmp_path / "b")
    try:
        read_warc(second, [out])
        (version,) = second.versions(second.story(URL).id)
        assert version.source.startswith("backfilled.warc.gz@")
        assert version.source.endswith(f" (was {wayback})")
    finally:
        second.close()


def test_export_cli_forms(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("export", "--warc", str(tmp_path / "x.warc.gz")).exit_code == 1  # no stories
    out = tmp_path / "one.warc.gz"
    builder = WarcBuilder(tmp_path / "in.warc.gz")
    builder.response(URL, T0, page("Storm", *STORY))
    assert run("import", str(builder.save())).exit_code == 0

    result = run("export", "--warc", str(out), URL)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"exported 1 story, 1 version to {out}"
    again = run("export", "--warc", str(out))
    assert isinstance(again.exception, ArchiveError)
    assert "exists" in str(again.exception)
    both = run("export", "--warc", str(tmp_path / "y.warc"), "--files", str(tmp_path / "dir"))
    assert both.exit_code == 2
    assert "one of --files FOLDER or --warc FILE" in both.output
    assert run("export").exit_code == 2
    assert run("export", "--warc", str(tmp_path / "z.warc"), "--update").exit_code == 2
    assert not (tmp_path / "y.warc").exists()
    assert not (tmp_path / "z.warc").exists()
    # The folder form still works beside it.
    folder = run("export", "--files", str(tmp_path / "dir"))
    assert folder.exit_code == 0, folder.output


# -- in --------------------------------------------------------------------------------


def test_a_crawl_with_revisits_redirects_and_other_files(tmp_path: Path) -> None:
    builder = WarcBuilder(tmp_path / "crawl.warc.gz")
    v1 = page("Storm hits coast", *STORY)
    v2 = page("Storm hits coast", STORY[0].replace("3,000", "4,000"), *STORY[1:])
    other = "https://news.example/politics/vote"
    builder.response(
        "https://news.example/robots.txt", T0, b"User-agent: *", content_type="text/plain"
    )
    first = builder.response(URL, T0, v1, headers=[("X-Cache", "MISS")])
    builder.response("https://news.example/logo.png", T0, b"\x89PNG...", content_type="image/png")
    builder.response(
        "https://news.example/old", T0, b"", status="301 Moved Permanently",
        headers=[("Location", URL)],
    )  # fmt: skip
    builder.response(other, T0 + timedelta(minutes=5), page("Vote tonight", *STORY[1:]))
    builder.save()
    digest = payload_digest(builder.path, first)
    # A revisit that names its original by URI and date, then one by digest alone.
    builder.revisit(URL, T0 + timedelta(hours=1), digest=digest, refers_to_uri=URL,
                    refers_to_date=T0)  # fmt: skip
    builder.response(URL, T0 + timedelta(hours=2), v2)
    builder.revisit(URL, T0 + timedelta(hours=3), digest=digest)  # back to v1: flip-flop
    builder.revisit(URL, T0 + timedelta(hours=4), digest="sha1:NOTINTHEFILE")
    # A server-not-modified revisit (the crawler's conditional GET got a 304): v1 again.
    builder.revisit(URL, T0 + timedelta(hours=4, minutes=30), digest=digest,
                    status="304 Not Modified")  # fmt: skip
    builder.response(URL, T0 + timedelta(hours=5), b"<h1>Not found</h1>", status="404 Not Found")
    builder.response("https://news.example/nope", T0, b"", status="404 Not Found")
    builder.save()

    store = _store(tmp_path)
    try:
        result = read_warc(store, [builder.path])
        assert result.skipped == {
            "not HTML": 2,
            "HTTP 301": 1,
            "revisit of a record not in the files": 1,
            "HTTP 404 of a URL with no page": 1,
        }
        by_url = {item.story.url: item for item in result.stories}
        assert list(by_url) == [URL, other]  # in the order of their first capture
        outcomes = [r.outcome for r in by_url[URL].reports]
        assert outcomes == [
            CheckOutcome.NEW_VERSION, CheckOutcome.UNCHANGED, CheckOutcome.NEW_VERSION,
            CheckOutcome.FLIP_FLOP, CheckOutcome.UNCHANGED, CheckOutcome.GONE,
        ]  # fmt: skip
        story = store.story(URL)
        versions = store.versions(story.id)
        assert [v.captured_at for v in versions] == [T0, T0 + timedelta(hours=2),
                                                     T0 + timedelta(hours=3)]  # fmt: skip
        assert [store.raw_html(v) for v in versions] == [v1, v2, v1]
        assert versions[0].source.startswith("crawl.warc.gz@")
        assert versions[0].source.endswith(first)
        assert versions[0].http_status == 200
        assert "\r\nX-Cache: MISS\r\n" in (versions[0].headers or "")
        assert versions[2].same_as == 1
        assert story.status == "gone"
    finally:
        store.close()


def test_several_files_make_one_history(tmp_path: Path) -> None:
    paths = []
    for n, headline in enumerate(["Storm hits coast", "Storm batters coast", "Storm leaves"]):
        builder = WarcBuilder(tmp_path / f"run-{n}.warc")
        builder.response(URL, T0 + timedelta(hours=n), page(headline, *STORY))
        paths.append(builder.save())
    store = _store(tmp_path)
    try:
        result = read_warc(store, list(reversed(paths)))  # capture order, not file order
        (item,) = result.stories
        assert [store.article(v).headline for v in store.versions(item.story.id)] == [
            "Storm hits coast", "Storm batters coast", "Storm leaves",
        ]  # fmt: skip
    finally:
        store.close()


@pytest.mark.parametrize("name", ["crawl.arc", "crawl.arc.gz"])
def test_arc_files(tmp_path: Path, name: str) -> None:
    v1 = page("Storm hits coast", *STORY)
    v2 = page("Storm batters coast", *STORY)
    path = arc_file(tmp_path / name, [
        (URL, T0, v1, "text/html"),
        ("https://news.example/logo.png", T0, b"\x89PNG", "image/png"),
        (URL, T0 + timedelta(hours=1), v2, "text/html"),
    ])  # fmt: skip
    store = _store(tmp_path)
    try:
        result = read_warc(store, [path])
        assert result.skipped == {"not HTML": 1}
        versions = store.versions(store.story(URL).id)
        assert [store.raw_html(v) for v in versions] == [v1, v2]
        assert [v.captured_at for v in versions] == [T0, T0 + timedelta(hours=1)]
        assert versions[0].source.startswith(f"{name}@")
    finally:
        store.close()


def test_import_cli_summary(run: Callable[..., Result], tmp_path: Path) -> None:
    builder = WarcBuilder(tmp_path / "crawl.warc.gz")
    builder.response(URL, T0, page("Storm hits coast", *STORY))
    builder.response("https://news.example/a.css", T0, b"p{}", content_type="text/css")
    builder.response(URL, T0 + timedelta(hours=1), page("Storm batters coast", *STORY))
    result = run("import", str(builder.save()))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{URL}: 2 captures; 2 versions; 0 noise: Storm batters coast",
        "imported 1 story from crawl.warc.gz: 2 captures, 2 versions;"
        " skipped 1 record (1 not HTML)",
    ]
    again = run("import", str(builder.path))
    assert isinstance(again.exception, ArchiveError)
    assert "already tracked with history" in str(again.exception)


# -- errors ----------------------------------------------------------------------------


def _good(tmp_path: Path) -> bytes:
    builder = WarcBuilder(tmp_path / "good.warc.gz")
    builder.response(URL, T0, page("Storm hits coast", *STORY))
    builder.response(URL, T0 + timedelta(hours=1), page("Storm batters coast", *STORY))
    return builder.save().read_bytes()


def _file(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)
    return path


def _truncated(tmp_path: Path) -> Path:
    data = _good(tmp_path)
    return _file(tmp_path, "cut.warc.gz", data[: len(data) - 60])  # the last record is cut


def _one_gzip_stream(tmp_path: Path) -> Path:
    builder = WarcBuilder(tmp_path / "plain.warc")
    builder.response(URL, T0, page("Storm hits coast", *STORY))
    builder.response(URL, T0 + timedelta(hours=1), page("Storm batters coast", *STORY))
    return _file(tmp_path, "whole.warc.gz", gzip.compress(builder.save().read_bytes()))


def _damaged(tmp_path: Path) -> Path:
    data = bytearray(_good(tmp_path))
    middle = len(data) * 2 // 3
    data[middle : middle + 30] = b"\xff" * 30  # inside the second response's gzip member
    return _file(tmp_path, "damaged.warc.gz", bytes(data))


BAD_FILES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing", lambda p: p / "missing.warc.gz", "no such file"),
    ("text", lambda p: _file(p, "notes.warc", "hello"), "not a WARC or ARC file"),
    ("a-file-not-named-warc", lambda p: _file(p, "notes.txt", "hi"), "not a WARC or ARC file"),
    ("empty", lambda p: _file(p, "empty.warc.gz", b""), "not a WARC or ARC file (it is empty)"),
    ("gzip-not-warc", lambda p: _file(p, "page.warc.gz", gzip.compress(b"<html>")),
     "not a WARC or ARC file"),
    ("broken-gzip", lambda p: _file(p, "x.warc.gz", b"\x1f\x8b\x08\x00"), "not a WARC or ARC file"),
    ("no-type", lambda p: _file(p, "bare.warc", b"WARC/1.0\r\n\r\n"), "without WARC-Type"),
    ("truncated", _truncated, "cut short"),
    ("damaged", _damaged, "cannot read as WARC/ARC"),
    ("one-gzip-stream", _one_gzip_stream, "not one member per record (fix: warcio recompress"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_a_bad_file_is_one_error_and_imports_nothing(
    run: Callable[..., Result], tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    result = run("import", str(path))
    assert result.exit_code != 0
    assert isinstance(result.exception, ArchiveError), result.exception
    text = str(result.exception)
    assert message in text
    assert str(path) in text
    assert "\n" not in text
    store = _store(tmp_path / "home")
    try:
        assert store.stories() == []
    finally:
        store.close()


def test_a_good_file_beside_a_bad_one_imports_nothing(tmp_path: Path) -> None:
    builder = WarcBuilder(tmp_path / "good.warc")
    builder.response(URL, T0, page("Storm hits coast", *STORY))
    store = _store(tmp_path)
    try:
        with pytest.raises(ArchiveError, match="no such file"):
            read_warc(store, [builder.save(), tmp_path / "gone.warc"])
        assert store.stories() == []
    finally:
        store.close()


@pytest.mark.parametrize(
    ("block", "headers", "note"),
    [
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/html\r\nX-A: 1\r\n\r\n",
            [("Content-Length", "5"), ("Content-Type", "text/html"), ("X-A", "1")],
            AS_CAPTURED,
        ),
        (
            "HTTP/1.0 203 Non-Authoritative Information\r\ncontent-length: 2\r\n\r\n",
            [("content-length", "5")],
            ADJUSTED.format("Content-Length 5 set (was 2)"),
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",  # delimited by the close
            [("Content-Type", "text/html"), ("Content-Length", "5")],
            ADJUSTED.format("Content-Length 5 set"),
        ),
    ],
    ids=["untouched", "wrong-length", "no-length"],
)
def test_header_blocks_are_framed_for_the_stored_body(
    block: str, headers: list[tuple[str, str]], note: str
) -> None:
    version = Version(
        id=1, story_id=1, seq=1, kind=VersionKind.VERSION, same_as=None, captured_at=T0,
        updated_at=None, published_at=None, fingerprint="f", article_sha="a", raw_sha="r",
        url=URL, headline="h", word_count=1, extractor="e", extractor_version="1",
        http_status=200, headers=block,
    )  # fmt: skip
    http, said = http_headers(version, 5)
    assert http.headers == headers
    assert said == note
    assert http.to_str().splitlines()[0] == block.split("\r\n", 1)[0]


def test_import_takes_one_folder_or_warc_files(run: Callable[..., Result], tmp_path: Path) -> None:
    builder = WarcBuilder(tmp_path / "crawl.warc")
    builder.response(URL, T0, page("Storm hits coast", *STORY))
    mixed = run("import", str(builder.save()), str(tmp_path))
    assert mixed.exit_code == 1
    assert "is a folder: import one folder, or WARC/ARC files" in str(mixed.exception)
    # A WARC file is told by its first bytes, whatever its name.
    renamed = builder.path.rename(tmp_path / "crawl.bin")
    result = run("import", str(renamed))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("imported 1 story from crawl.bin:")


def test_the_review_record_goes_along(run: Callable[..., Result], tmp_path: Path) -> None:
    builder = WarcBuilder(tmp_path / "crawl.warc.gz")
    builder.response(URL, T0, page("Storm hits coast", *STORY))
    builder.response(URL, T0 + timedelta(hours=1), page("Storm batters coast", *STORY))
    first = _store(tmp_path / "a")
    try:
        read_warc(first, [builder.save()])
        story = first.story(URL)
        with first.transaction():
            first.mark_review(story.id, 2, state=ReviewState.FLAGGED, note="headline: ask desk",
                              reviewer="ana", at=T0 + timedelta(days=1))  # fmt: skip
            first.mark_review(story.id, 2, state=ReviewState.REVIEWED, note="fine",
                              reviewer="bo", at=T0 + timedelta(days=2))  # fmt: skip
        out = write_warc(first, tmp_path / "reviewed.warc.gz").path
        before = [(m.seq, m.state, m.note, m.reviewer, m.at) for m in first.review_log(story.id)]
    finally:
        first.close()
    result = run("import", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("2 captures, 2 versions, 2 review marks")
    second = _store(tmp_path / "home")
    try:
        story = second.story(URL)
        after = [(m.seq, m.state, m.note, m.reviewer, m.at) for m in second.review_log(story.id)]
        assert after == before
        assert second.review(story.id, 2).state == ReviewState.REVIEWED
    finally:
        second.close()
