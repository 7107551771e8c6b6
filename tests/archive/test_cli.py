"""`revtrack import DIR` and `revtrack export --files DIR` on a scratch --home."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result

from revtrack.archive import ArchiveError, read_archive
from revtrack.history.records import ensure_changes
from revtrack.paths import resolve_paths
from revtrack.review import ReviewState, mark_change
from revtrack.store.store import Store
from tests.archive.conftest import SNAPSHOTS


def test_import_then_export_then_import(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("import", str(SNAPSHOTS))
    assert result.exit_code == 0, result.output
    assert "sport-headline: 6 captures; 3 versions; 3 noise; events: flip-flop" in result.output
    assert "health-recall: 7 captures; 3 versions; 2 noise; events: gone, restored" in result.output
    assert result.output.splitlines()[-1] == "imported 7 stories: 43 captures, 21 versions"

    result = run("export", "--files", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"exported 7 stories to {tmp_path / 'out'}"
    assert len(read_archive(tmp_path / "out")) == 7

    result = run("import", str(tmp_path / "out"), home="other")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "imported 7 stories: 23 captures, 21 versions"


def test_export_of_chosen_urls(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("import", str(SNAPSHOTS / "sport-headline")).exit_code == 0
    url = read_archive(SNAPSHOTS / "sport-headline")[0].url
    result = run("export", "--files", str(tmp_path / "out"), url)
    assert result.exit_code == 0, result.output
    (story,) = read_archive(tmp_path / "out")
    assert story.url == url
    assert [c.note for c in story.captures] == [
        "version 1", "version 2", "version 3 (flip-flop, same as version 1)",
    ]  # fmt: skip


def test_a_bad_archive_is_one_error_and_imports_nothing(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    result = run("import", str(tmp_path / "missing"))
    assert isinstance(result.exception, ArchiveError)
    assert "no such folder" in str(result.exception)
    assert _stories(tmp_path / "home") == []


def _stories(home: Path) -> list[str]:
    with Store.open(resolve_paths(home).db_path) as store:
        return [s.url for s in store.stories()]


def test_export_needs_files(run: Callable[..., Result]) -> None:
    result = run("export")
    assert result.exit_code == 2
    assert "--files" in result.output


def test_export_twice_needs_update_and_the_folder_always_imports(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    assert run("import", str(SNAPSHOTS)).exit_code == 0
    out = str(tmp_path / "out")
    assert run("export", "--files", out).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    again = run("export", "--files", out)
    assert again.exit_code == 1
    assert isinstance(again.exception, ArchiveError)
    assert "is not empty" in str(again.exception)
    assert "--update" in str(again.exception)
    updated = run("export", "--files", out, "--update")
    assert updated.exit_code == 0, updated.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names  # no "-2" copies
    result = run("import", out, home="other")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "imported 7 stories: 23 captures, 21 versions"


def test_review_marks_survive_export_and_import(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("import", str(SNAPSHOTS / "sport-headline")).exit_code == 0
    at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    with Store.open(resolve_paths(tmp_path / "home").db_path) as store:
        ensure_changes(store)
        story = store.stories()[0]
        mark_change(store, story.id, 2, state=ReviewState.FLAGGED, note="check", reviewer="ana",
                    at=at)  # fmt: skip
        mark_change(store, story.id, 2, state=ReviewState.REVIEWED, reviewer="bo", at=at)
        before = [(m.seq, m.state, m.note, m.reviewer, m.at) for m in store.review_log(story.id)]
    assert run("export", "--files", str(tmp_path / "out")).exit_code == 0
    result = run("import", str(tmp_path / "out"), home="other")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(", 2 review marks")
    with Store.open(resolve_paths(tmp_path / "other").db_path) as store:
        story = store.stories()[0]
        after = [(m.seq, m.state, m.note, m.reviewer, m.at) for m in store.review_log(story.id)]
        assert store.review(story.id, 2).state is ReviewState.REVIEWED
    assert after == before


def test_stories_never_captured_are_left_out_so_the_export_imports(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    assert run("import", str(SNAPSHOTS / "sport-headline")).exit_code == 0
    with Store.open(resolve_paths(tmp_path / "home").db_path) as store:
        store.add_story("https://example.com/later", now=datetime(2026, 12, 1, tzinfo=UTC))
    result = run("export", "--files", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(
        "exported 1 story to " + str(tmp_path / "out")
        + " (1 story with nothing captured yet left out)"
    )  # fmt: skip
    assert run("import", str(tmp_path / "out"), home="other").exit_code == 0
