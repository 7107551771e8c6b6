"""Malformed archives fail with one clear line, before anything is imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from revtrack.archive import MANIFEST, ArchiveError, import_archive, read_archive, write_archive
from revtrack.errors import UnknownStoryError
from revtrack.store.store import Store
from tests.archive.conftest import SNAPSHOTS

GOOD = """url = "https://news.example/a/story"
[[captures]]
at = 2024-01-01T10:00:00Z
status = 200
file = "01.html"
[[captures]]
at = 2024-01-01T12:00:00Z
status = 404
"""


def _story(root: Path, manifest: str, name: str = "story") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "01.html").write_text("<html><body><h1>Hi</h1></body></html>", encoding="utf-8")
    (folder / MANIFEST).write_text(manifest, encoding="utf-8")
    return folder


def _error(folder: Path) -> str:
    with pytest.raises(ArchiveError) as info:
        read_archive(folder)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_good_manifest_reads(tmp_path: Path) -> None:
    (story,) = read_archive(_story(tmp_path, GOOD).parent)
    assert [(c.status, c.file, bool(c.body)) for c in story.captures] == [
        (200, "01.html", True), (404, "", False),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ("url = \n", "cannot read"),
        (GOOD.replace('url = "https://news.example/a/story"', ""), "needs url"),
        (GOOD.replace("https://news.example/a/story", "ftp://news.example/x"), "ftp"),
        ('url = "https://news.example/a"\n', "at least one [[captures]]"),
        (GOOD.replace("status = 404", "status = 302"), "status must be one of"),
        (GOOD.replace("status = 404", 'status = "404"'), "status must be one of"),
        (GOOD.replace('file = "01.html"', 'file = "02.html"'), "missing file"),
        (GOOD.replace('file = "01.html"', 'file = "../01.html"'), "plain name"),
        (GOOD.replace('file = "01.html"', ""), "needs file"),
        (GOOD.replace("2024-01-01T10:00:00Z", "2024-01-01T10:00:00"), "time zone"),
        (GOOD.replace("2024-01-01T10:00:00Z", '"yesterday"'), "TOML date-time"),
        (GOOD.replace("12:00:00Z", "09:00:00Z"), "capture 2 is not later than capture 1"),
        (GOOD.replace("status = 404", "status = 404\nstatsu = 1"), "unknown key(s) statsu"),
        ("title = 3\n" + GOOD, "title must be a string"),
    ],
)
def test_malformed_manifests_are_refused(tmp_path: Path, manifest: str, expected: str) -> None:
    folder = _story(tmp_path, manifest)
    message = _error(tmp_path)
    assert expected in message
    assert str(folder) in message


def test_missing_folders_and_manifests(tmp_path: Path) -> None:
    assert "no such folder" in _error(tmp_path / "nope")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    assert "not a folder" in _error(tmp_path / "file.txt")
    (tmp_path / "empty").mkdir()
    assert "no story folders" in _error(tmp_path / "empty")
    (tmp_path / "empty" / "draft").mkdir()
    assert f"no {MANIFEST}" in _error(tmp_path / "empty")


def test_two_folders_with_one_url_are_refused(tmp_path: Path) -> None:
    _story(tmp_path, GOOD, "a")
    _story(tmp_path, GOOD.replace("/a/story", "/a/story?utm_source=feed"), "b")
    assert "same url as" in _error(tmp_path)


def test_one_bad_story_stops_the_whole_import(tmp_path: Path) -> None:
    shutil.copytree(SNAPSHOTS, tmp_path / "archive")
    manifest = tmp_path / "archive" / "ukraine-live" / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("status = 200", "status = 0",
                        1), encoding="utf-8")  # fmt: skip
    with Store.open(tmp_path / "s.db") as store:
        with pytest.raises(ArchiveError, match="ukraine-live"):
            import_archive(store, read_archive(tmp_path / "archive"))
        assert store.stories() == []


def test_stories_with_history_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    stories = read_archive(SNAPSHOTS)
    with Store.open(tmp_path / "s.db") as store:
        import_archive(store, stories[-1:])
        checks = len(store.checks(store.stories()[0].id))
        with pytest.raises(ArchiveError, match="already tracked with history"):
            import_archive(store, stories)
        assert len(store.stories()) == 1
        assert len(store.checks(store.stories()[0].id)) == checks


def test_export_never_overwrites_and_rejects_unknown_urls(tmp_path: Path) -> None:
    stories = read_archive(SNAPSHOTS)
    with Store.open(tmp_path / "s.db") as store:
        import_archive(store, stories[:2])
        write_archive(store, tmp_path / "out")
        before = sorted(p.name for p in (tmp_path / "out").iterdir())
        with pytest.raises(UnknownStoryError):
            write_archive(store, tmp_path / "out", ["https://nowhere.example/x"])
        with pytest.raises(ArchiveError, match="is not empty"):
            write_archive(store, tmp_path / "out")  # no second copy beside the first
        written = write_archive(store, tmp_path / "out", update=True)
        assert [a.folder.name for a in written] == before
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == before
        (tmp_path / "out" / "late").mkdir()
        with pytest.raises(ArchiveError, match=r"late: no story\.toml"):
            write_archive(store, tmp_path / "out", update=True)  # import would refuse it too
        (tmp_path / "f").write_text("x", encoding="utf-8")
        with pytest.raises(ArchiveError, match="not a folder"):
            write_archive(store, tmp_path / "f")
