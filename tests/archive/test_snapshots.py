"""The bundled snapshots/ replayed through the real pipeline: every label, end to end."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from revtrack.archive import ImportedStory, read_archive
from revtrack.diff import Label
from revtrack.history.changes import version_changes
from revtrack.store.store import Store
from tests.archive.conftest import SNAPSHOTS

N, V, F, G = "noise", "new-version", "flip-flop", "gone"

# Per story: the outcome of every capture, then per version after the first its labels
# and the NewsEdits sentence actions of its ChangeSet.
EXPECTED: dict[str, tuple[list[str], list[tuple[tuple[str, ...], set[str]]]]] = {
    "arena-pulled": (
        [V, N, V, G, G],
        [(("fact", "headline", "removed"), {"addition", "deletion", "edit"})],
    ),
    "blinken-beijing": (
        [V, N, V, N, V, V, N],
        [
            # The rewritten headline says something new: fact, no longer style (issue 12).
            (("fact", "headline"), {"addition"}),
            (("style",), {"edit"}),
            (("fact",), {"deletion", "move"}),
        ],
    ),
    "business-profit": (
        [V, N, V, N, V, N],
        [(("style",), {"edit"}), (("fact", "silent"), {"edit"})],
    ),
    "council-bins": (
        [V, N, V, N, V, N],
        [(("fact",), {"addition"}), (("fact", "correction"), {"edit"})],
    ),
    "health-recall": (
        [V, N, G, G, V, N, V],
        [
            (("fact", "style", "headline", "correction", "restored"), {"edit"}),
            (("fact",), {"addition"}),
        ],
    ),
    "sport-headline": (
        [V, N, V, N, F, N],
        # Headline rewrites under an unchanged "Updated" stamp: silent (issue 12).
        [
            (("fact", "headline", "silent"), set()),
            (("fact", "headline", "silent", "flip-flop"), set()),
        ],
    ),
    "ukraine-live": (
        [V, N, V, N, V, N],
        [
            (("fact", "headline"), {"addition", "edit"}),
            (("fact", "headline"), {"deletion", "edit", "move"}),
        ],
    ),
}


def _by_name(imported: list[ImportedStory]) -> dict[str, ImportedStory]:
    return {item.archive.name: item for item in imported}


def _changes(store: Store, item: ImportedStory) -> list[tuple[tuple[str, ...], set[str]]]:
    out = []
    for change in version_changes(store, item.story)[1:]:
        assert change.changes is not None
        actions = {s.action for op in change.changes.body for s in op.sentences}
        out.append((tuple(change.changes.labels), actions))
    return out


def test_every_story_has_at_least_four_captures_with_pages() -> None:
    stories = read_archive(SNAPSHOTS)
    assert sorted(s.name for s in stories) == sorted(EXPECTED)
    for story in stories:
        assert len(story.captures) >= 4, story.name
        assert all(c.body.lstrip().startswith(b"<!DOCTYPE html>") for c in story.captures)
        assert story.url.startswith("https://")
        times = [c.at for c in story.captures]
        assert times == sorted(times)
        assert times[-1] - times[0] >= timedelta(hours=2), story.name  # a realistic timeline


def test_import_gives_the_expected_outcomes_versions_and_labels(
    imported: tuple[Store, list[ImportedStory]],
) -> None:
    store, items = imported
    found = _by_name(items)
    assert sorted(found) == sorted(EXPECTED)
    for name, (outcomes, changes) in EXPECTED.items():
        item = found[name]
        assert [r.outcome.value for r in item.reports] == outcomes, name
        assert _changes(store, item) == changes, name
        assert len(store.versions(item.story.id)) == len(changes) + 1, name


def test_together_the_stories_show_every_label_and_action(
    imported: tuple[Store, list[ImportedStory]],
) -> None:
    store, items = imported
    labels: set[str] = set()
    actions: set[str] = set()
    for item in items:
        for found_labels, found_actions in _changes(store, item):
            labels |= set(found_labels)
            actions |= found_actions
    assert labels == {label.value for label in Label}
    assert {"addition", "deletion", "move", "edit"} <= actions


def test_gone_restored_and_flip_flop_events(imported: tuple[Store, list[ImportedStory]]) -> None:
    store, items = imported
    found = _by_name(items)
    events = {name: [(e.kind, e.version_seq) for e in store.events(item.story.id)]
              for name, item in found.items()}  # fmt: skip
    assert events["health-recall"] == [("gone", None), ("restored", None)]
    assert events["arena-pulled"] == [("gone", None)]
    assert events["sport-headline"] == [("flip-flop", 3)]
    assert all(not kinds for name, kinds in events.items()
               if name not in ("health-recall", "arena-pulled", "sport-headline"))  # fmt: skip
    assert found["arena-pulled"].story.status == "gone"
    assert found["health-recall"].story.status == "live"
    sport = store.versions(found["sport-headline"].story.id)
    assert [(v.kind, v.same_as) for v in sport] == [("version", None), ("version", None),
                                                    ("flip-flop", 1)]  # fmt: skip
    assert sport[0].headline == sport[2].headline != sport[1].headline


def test_capture_times_become_check_and_version_times(
    imported: tuple[Store, list[ImportedStory]],
) -> None:
    store, items = imported
    for item in items:
        checks = store.checks(item.story.id)
        assert [c.checked_at for c in checks] == [c.at for c in item.archive.captures]
        assert [c.http_status for c in checks] == [c.status for c in item.archive.captures]
        for version in store.versions(item.story.id):
            capture = next(c for c in item.archive.captures if c.at == version.captured_at)
            assert store.raw_html(version) == capture.body


def test_silent_edit_keeps_the_stamp_and_the_live_story_moves_it(
    imported: tuple[Store, list[ImportedStory]],
) -> None:
    store, items = imported
    found = _by_name(items)
    business = store.versions(found["business-profit"].story.id)
    assert business[1].updated_at == business[2].updated_at is not None
    assert "9% to £398m" in store.article(business[2]).paragraphs[0]
    live = store.versions(found["ukraine-live"].story.id)
    stamps = [store.article(v).updated_text for v in live]
    assert all(s.startswith("Updated ") and s.endswith(" sec ago") for s in stamps)
    assert len({v.updated_at for v in live}) == len(live)


def test_one_story_folder_can_be_read_on_its_own() -> None:
    (story,) = read_archive(SNAPSHOTS / "health-recall")
    assert [c.status for c in story.captures] == [200, 200, 404, 404, 200, 200, 200]
    assert story.folder == Path(SNAPSHOTS / "health-recall")


def test_noise_is_caught_both_by_the_prefilter_and_by_the_fingerprint(
    imported: tuple[Store, list[ImportedStory]],
) -> None:
    _, items = imported
    details = {r.detail for item in items for r in item.reports if r.outcome.value == N}
    # Some pages differ only in chrome the prefilter ignores; others (comment counters,
    # "reading now" in the byline row) need a full extraction to be found the same.
    assert details == {"page noise only (extraction skipped)", "page noise only"}
