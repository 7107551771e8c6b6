"""Re-extraction rewrites articles in place and never invents a revision."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from revtrack.article import Article
from revtrack.check.reextract import ReextractSummary, reextract_story
from revtrack.store.store import Store
from tests.check.test_record import URL, JsonExtractor, Tracker, page


def _history(store: Store) -> Tracker:
    t = Tracker(store)
    t.feed(page("Strikes kill 1", "A.", "Share this article"))
    t.feed(page("Strikes kill 1", "A.", "Share on X"))  # only chrome changed
    t.feed(page("Strikes kill 3", "A.", "Share on X"))
    t.feed(page("Strikes kill 1", "A.", "Share this article"))  # a revert
    return t


def _dropping_share_lines(html: str, *, url: str, fetched_at: datetime) -> Article:
    article = JsonExtractor()(html, url=url, fetched_at=fetched_at)
    return replace(article, paragraphs=tuple(p for p in article.paragraphs if "Share" not in p))


def test_same_extractor_changes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "revtrack.db") as store:
        t = _history(store)
        story = store.story(URL)
        before = store.versions(story.id)
        summary = ReextractSummary()
        reextract_story(store, story, extract=t.extract, summary=summary)
        assert (summary.versions, summary.changed, summary.merged) == (4, 0, 0)
        assert store.versions(story.id) == before


def test_better_extractor_merges_noise_versions_but_keeps_them(tmp_path: Path) -> None:
    with Store.open(tmp_path / "revtrack.db") as store:
        _history(store)
        story = store.story(URL)
        raw_before = [store.raw_html(v) for v in store.versions(story.id)]
        summary = ReextractSummary()
        reextract_story(store, story, extract=_dropping_share_lines, summary=summary)
        versions = store.versions(story.id)
        assert [(v.seq, v.kind, v.same_as) for v in versions] == [
            (1, "version", None),
            (2, "noise", None),  # it differed from v1 only in chrome
            (3, "version", None),
            (4, "flip-flop", 1),
        ]
        assert (summary.versions, summary.changed, summary.merged) == (4, 4, 1)
        assert [store.raw_html(v) for v in versions] == raw_before
        assert store.article(versions[0]).paragraphs == ("A.",)
        # Running it again is a no-op.
        again = ReextractSummary()
        reextract_story(store, store.story(URL), extract=_dropping_share_lines, summary=again)
        assert (again.changed, again.merged) == (0, 0)
