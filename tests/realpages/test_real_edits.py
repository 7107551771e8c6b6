"""Every real edit is recorded, noise never is: on real pages, through the production path.

Each page in ``pages/`` (36 real pages copied from the shared corpus, see
``pages/README.md``) is tracked in a fresh store and checked through
``record_fetch`` by ``judge.PageJudge``: noise alone must never make a version;
one word changed in each of up to 6 extracted paragraphs (spread evenly) and in
the headline must always make a new version; the page's labelled ``with``
passages must be in the article.

The last test runs the same judge over the whole shared corpus
(``../shared/corpus`` beside the repository: 300 pages, one paragraph, the
headline and noise each). It takes 2-3 minutes, so it is opt-in:
``REVTRACK_FULL_CORPUS=1 pytest tests/realpages -k full``; it skips, saying
why, when the variable is unset or the folder is absent.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from revtrack.article import Article
from revtrack.store.rows import CheckOutcome
from revtrack.store.store import Store
from tests.realpages.decode import decode_page
from tests.realpages.judge import RECORDED, EditResult, PageJudge, sample
from tests.realpages.mutate import edit_headline, edit_word

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
REPO = HERE.parent.parent
FULL_CORPUS = REPO.parent / "shared" / "corpus"
PARAGRAPHS_PER_PAGE = 6
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class RealPage:
    name: str
    url: str
    html: str
    title: str
    with_passages: tuple[str, ...]
    # Labelled passages the extractor is known to lose today (bench/extraction.py
    # lists them too): pinned, so a new loss fails and a fixed one is noticed.
    known_missing: tuple[str, ...] = ()


def _pages(folder: Path, labels_file: str) -> Iterator[RealPage]:
    labels = json.loads((folder / labels_file).read_text(encoding="utf-8"))
    pages = folder / "pages" if (folder / "pages").is_dir() else folder
    for name in sorted(labels):
        label = labels[name]
        yield RealPage(
            name=name.removesuffix(".html.gz"),
            url=label.get("url") or f"https://corpus.invalid/{name}",
            html=decode_page(gzip.decompress((pages / name).read_bytes())),
            title=label.get("title") or "",
            with_passages=tuple(label.get("with") or ()),
            known_missing=tuple(label.get("known_missing") or ()),
        )


CI_PAGES = list(_pages(PAGES, "labels.json"))


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _article_text(article: Article) -> str:
    """The text a version holds: headline, dek, highlights, paragraphs, corrections."""
    parts = [article.headline, article.dek, *article.highlights, *article.paragraphs]
    return _squash(" ".join([*parts, *article.corrections]))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "revtrack.db") as opened:
        yield opened


def _started(store: Store, page: RealPage) -> PageJudge:
    judge = PageJudge(store, page.url, page.html)
    first, second = judge.start()
    assert first.outcome is CheckOutcome.NEW_VERSION, f"no version 1: {first}"
    assert second.outcome not in RECORDED, f"noise alone made a version: {second}"
    return judge


def _result_problems(what: str, field: str, result: EditResult) -> list[str]:
    problems = []
    if not result.recorded:
        problems.append(f"{what}: missed ({result.reason})")
    elif result.where != "in place":
        problems.append(f"{what}: a version, but the {field} is unchanged in it")
    if result.noise_version:
        problems.append(f"{what}: the revert made a fresh version ({result.revert})")
    if result.revert_missed:
        problems.append(f"{what}: the revert was missed ({result.revert})")
    return problems


def _edit_problems(judge: PageJudge, page: RealPage, per_page: int | None) -> list[str]:
    """Every sampled one-word edit (paragraphs and headline) that was not recorded in place."""
    article = judge.article
    assert article is not None
    problems = []
    for i in sample(len(article.paragraphs), per_page):
        paragraph = article.paragraphs[i]
        what = f"{page.name} paragraph {i + 1} {paragraph[:60]!r}"
        edited = edit_word(page.html, paragraph, seed=i)
        if edited is None:
            problems.append(f"{what}: unmappable (no word of it found in the HTML)")
            continue
        result = judge.edit(edited, paragraph=paragraph)
        problems += _result_problems(what, "paragraph", result)
    if article.headline:
        what = f"{page.name} headline {article.headline[:60]!r}"
        edited = edit_headline(page.html, article.headline, seed=0)
        if edited is None:
            problems.append(f"{what}: unmappable")
        else:
            problems += _result_problems(what, "headline", judge.edit(edited, headline=True))
    return problems


@pytest.mark.parametrize("page", CI_PAGES, ids=[p.name for p in CI_PAGES])
def test_noise_alone_never_makes_a_version(store: Store, page: RealPage) -> None:
    judge = _started(store, page)
    for _ in range(3):
        report = judge.check(page.html)
        assert report.outcome not in RECORDED, f"noise made a version: {report}"
    story = store.story(judge.story_id)
    assert len(store.versions(story.id)) == 1


@pytest.mark.parametrize("page", CI_PAGES, ids=[p.name for p in CI_PAGES])
def test_one_word_edits_always_make_a_version(store: Store, page: RealPage) -> None:
    judge = _started(store, page)
    problems = _edit_problems(judge, page, PARAGRAPHS_PER_PAGE)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", CI_PAGES, ids=[p.name for p in CI_PAGES])
def test_with_passages_are_in_the_article(store: Store, page: RealPage) -> None:
    judge = _started(store, page)
    assert judge.article is not None
    text = _article_text(judge.article)
    missing = [p for p in page.with_passages if _squash(p) not in text]
    assert missing == list(page.known_missing), f"{page.name}: not in the article: {missing}"


def test_the_copied_pages_are_small_and_labelled() -> None:
    labels = json.loads((PAGES / "labels.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in PAGES.glob("*.html.gz"))
    assert files == sorted(labels)
    assert len(files) >= 30
    assert sum((PAGES / f).stat().st_size for f in files) < 3_000_000


@pytest.mark.slow
def test_full_shared_corpus_never_misses_an_edit(tmp_path: Path) -> None:
    """One paragraph, the headline and noise on each of the 300 shared corpus pages."""
    if not (FULL_CORPUS / "annotations.json").exists():
        pytest.skip(f"the shared real-page corpus is not here: {FULL_CORPUS} (see its README)")
    if os.environ.get("REVTRACK_FULL_CORPUS") != "1":
        pytest.skip(
            "opt-in: the full-corpus run takes 2-3 minutes (1,800 checks);"
            " set REVTRACK_FULL_CORPUS=1 to run it"
        )
    problems: list[str] = []
    edits = 0
    for count, page in enumerate(_pages(FULL_CORPUS, "annotations.json")):
        with Store.open(tmp_path / f"{count}.db") as store:
            judge = PageJudge(store, page.url, page.html)
            first, second = judge.start()
            if first.outcome is not CheckOutcome.NEW_VERSION:
                problems.append(f"{page.name}: no version 1 ({first.outcome}: {first.detail})")
                continue
            if second.outcome in RECORDED:
                problems.append(f"{page.name}: noise alone made a version")
            edits += 2
            problems += _edit_problems(judge, page, 1)
        (tmp_path / f"{count}.db").unlink()
    assert not problems, f"{len(problems)} problems in {edits} edits:\n" + "\n".join(problems)
