"""import -> export -> import keeps every version and event; exports are reproducible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from revtrack.archive import (
    MANIFEST,
    ImportedStory,
    import_archive,
    read_archive,
    write_archive,
)
from revtrack.store.store import Store
from tests.pages import news_page

T0 = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)
BODY = [
    "The ferry service between the two islands will resume on Monday after a three-week "
    "suspension caused by storm damage to the harbour wall, the operator said.",
    "Engineers finished repairs on Friday and sea trials were completed over the weekend.",
]


def _history(store: Store) -> dict[str, Any]:
    """Everything the round trip must keep, keyed by URL (story ids may differ)."""
    out: dict[str, Any] = {}
    for story in store.stories():
        versions = [
            (v.seq, v.kind, v.same_as, v.captured_at, v.fingerprint, v.url, v.headline,
             store.article(v).to_json(), store.raw_html(v))
            for v in store.versions(story.id)
        ]  # fmt: skip
        events = [(e.kind, e.at, e.version_seq, e.detail) for e in store.events(story.id)]
        out[story.url] = (story.status, versions, events)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_round_trip_is_lossless_for_versions_and_events(
    imported: tuple[Store, list[ImportedStory]], tmp_path: Path
) -> None:
    store, _ = imported
    written = write_archive(store, tmp_path / "one")
    assert len(written) == 7
    with Store.open(tmp_path / "again.db") as again:
        import_archive(again, read_archive(tmp_path / "one"))
        assert _history(again) == _history(store)
        write_archive(again, tmp_path / "two")
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_export_keeps_versions_and_events_but_not_noise(
    imported: tuple[Store, list[ImportedStory]], tmp_path: Path
) -> None:
    store, items = imported
    health = next(i for i in items if i.archive.name == "health-recall")
    (story,) = write_archive(store, tmp_path, [health.story.url])
    assert [(c.status, c.file) for c in story.captures] == [
        (200, "01.html"), (404, ""), (200, "02.html"), (200, "03.html"),
    ]  # fmt: skip
    assert sorted(p.name for p in story.folder.iterdir()) == ["01.html", "02.html", "03.html",
                                                              MANIFEST]  # fmt: skip
    assert (story.folder / "01.html").read_bytes() == health.archive.captures[0].body


def _write_story(folder: Path, captures: list[tuple[datetime, int, str]]) -> None:
    folder.mkdir(parents=True)
    lines = ['url = "https://ferries.example/news/service-resumes"']
    for at, status, page in captures:
        lines += ["[[captures]]", f"at = {at:%Y-%m-%dT%H:%M:%SZ}", f"status = {status}"]
        if page:
            name = f"{len(list(folder.iterdir())) + 1:02d}.html"
            (folder / name).write_text(page, encoding="utf-8")
            lines.append(f'file = "{name}"')
    (folder / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_page_that_comes_back_unchanged_round_trips_its_restored_event(tmp_path: Path) -> None:
    page = news_page("Ferry service to resume", BODY, stamp="Updated 1 February 2024")
    later = news_page("Ferry service to resume", BODY, hit=5, stamp="Updated 1 February 2024")
    _write_story(tmp_path / "src" / "ferry", [
        (T0, 200, page), (T0 + timedelta(hours=2), 410, ""),
        (T0 + timedelta(hours=5), 200, later),  # back, same article, fresh noise
    ])  # fmt: skip
    with Store.open(tmp_path / "a.db") as first:
        import_archive(first, read_archive(tmp_path / "src"))
        (story,) = write_archive(first, tmp_path / "out")
        assert [(c.status, c.file, c.note) for c in story.captures] == [
            (200, "01.html", "version 1"), (410, "", "gone"),
            (200, "01.html", "restored (page as in 01.html)"),
        ]  # fmt: skip
        with Store.open(tmp_path / "b.db") as second:
            import_archive(second, read_archive(tmp_path / "out"))
            (a,), (b,) = first.stories(), second.stories()
            kinds = [(e.kind, e.at) for e in first.events(a.id)]
            assert kinds == [(e.kind, e.at) for e in second.events(b.id)]
            assert [k for k, _ in kinds] == ["gone", "restored"]
            assert len(second.versions(b.id)) == len(first.versions(a.id)) == 1
            assert a.status == b.status == "live"


def test_server_errors_are_failed_checks_not_gone(tmp_path: Path) -> None:
    page = news_page("Ferry service to resume", BODY, stamp="Updated 1 February 2024")
    _write_story(tmp_path / "src" / "ferry", [
        (T0, 200, page), (T0 + timedelta(hours=1), 503, ""), (T0 + timedelta(hours=2), 200, page),
    ])  # fmt: skip
    with Store.open(tmp_path / "a.db") as store:
        (item,) = import_archive(store, read_archive(tmp_path / "src"))
        assert [(r.outcome.value, r.detail) for r in item.reports] == [
            ("new-version", ""), ("error", "HTTP 503"), ("unchanged", ""),
        ]  # fmt: skip
        assert store.events(item.story.id) == []
        (story,) = write_archive(store, tmp_path / "out")
        assert [c.status for c in story.captures] == [200]
