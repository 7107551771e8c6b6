"""`revtrack demo --no-tui` on the bundled archive: every story, version and label."""

from pathlib import Path

from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.history.changes import version_changes
from revtrack.store.store import Store

EXPECTED = {
    # folder: (versions, labels of each version after the first, events)
    "arena-pulled": (2, [{"fact", "headline", "removed"}], ["gone"]),
    # The v2 headline now says something else ("calm fears of a US-China break" for
    # "steady ties"): more than two new content words make it fact, no longer style.
    "blinken-beijing": (4, [{"fact", "headline"}, {"style"}, {"fact"}], []),
    "business-profit": (3, [{"style"}, {"fact", "silent"}], []),
    "council-bins": (3, [{"fact"}, {"fact", "correction"}], []),
    "health-recall": (
        3,
        [{"fact", "style", "headline", "correction", "restored"}, {"fact"}],
        ["gone", "restored"],
    ),
    # Headline rewrites with the page's "Updated" stamp unchanged: silent edits.
    "sport-headline": (
        3,
        [{"fact", "headline", "silent"}, {"fact", "headline", "flip-flop", "silent"}],
        ["flip-flop"],
    ),
    "ukraine-live": (3, [{"fact", "headline"}, {"fact", "headline"}], []),
}


def test_demo_pipeline_finds_every_version_and_label(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["--home", str(home), "demo", "--no-tui"])
    assert result.exit_code == 0, result.output
    assert "7 stories, 21 versions" in result.output
    with Store.open(home / "revtrack.db") as store:
        seen = {}
        for story in store.stories():
            folder = story.url.rsplit("/", 1)[1]
            changes = version_changes(store, story)
            labels = [set(c.changes.labels) for c in changes if c.changes is not None]
            events = [e.kind for e in store.events(story.id)]
            seen[folder] = (len(changes), labels, events)
            assert story.url.startswith("http://127.0.0.1:")
    assert seen == EXPECTED


def test_demo_refuses_a_home_with_stories(tmp_path: Path) -> None:
    home = tmp_path / "busy"
    runner = CliRunner()
    runner.invoke(cli, ["--home", str(home), "add", "https://example.com/a"])
    result = runner.invoke(cli, ["--home", str(home), "demo", "--no-tui"])
    assert "already holds stories" in str(result.exception)
    assert result.exit_code == 1
