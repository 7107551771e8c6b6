"""A correction notice on a real page is recorded, and so is a one-word edit of it.

Few saved pages carry a notice, so one is added where a publisher puts it: a
paragraph right after the story's last paragraph. The page is then checked
through the production path (``PageJudge``): the notice must reach the
version's ``corrections`` (not its body), noise alone must make no version,
and changing one word of the notice must make a new one.
"""

from __future__ import annotations

import html as html_module
from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.store.store import Store
from tests.realpages.judge import RECORDED, PageJudge
from tests.realpages.mutate import edit_text
from tests.realpages.test_real_edits import CI_PAGES, RealPage, _started

NOTICE = (
    "Correction: An earlier version of this article misstated the number of "
    "councillors who voted in favour. It was seven, not nine."
)
TAIL = 40  # characters of the last paragraph looked for in the HTML


def with_notice(page: RealPage, store: Store) -> str | None:
    """The page with a correction paragraph after its last extracted paragraph."""
    article = _started(store, page).article
    assert article is not None
    for paragraph in reversed(article.paragraphs):
        for tail in (paragraph[-TAIL:], html_module.escape(paragraph[-TAIL:], quote=False)):
            at = page.html.find(tail)
            if len(tail) >= 20 and at >= 0:
                close = page.html.find("</p>", at)
                if close >= 0:
                    cut = close + len("</p>")
                    return f"{page.html[:cut]}<p>{NOTICE}</p>{page.html[cut:]}"
    return None


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    with Store.open(tmp_path / "a.db") as probe, Store.open(tmp_path / "b.db") as real:
        yield probe, real


@pytest.mark.parametrize("page", CI_PAGES[::3], ids=[p.name for p in CI_PAGES[::3]])
def test_a_correction_notice_and_an_edit_of_it_are_recorded(
    stores: tuple[Store, Store], page: RealPage
) -> None:
    probe, store = stores
    noticed = with_notice(page, probe)
    if noticed is None:
        pytest.skip("no paragraph end of this page's story found verbatim in its HTML")
    judge = PageJudge(store, page.url, noticed)
    first, second = judge.start()
    assert first.outcome in RECORDED
    assert second.outcome not in RECORDED, f"noise alone made a version: {second}"
    assert judge.article is not None
    assert any("misstated" in note for note in judge.article.corrections)
    assert not any("misstated" in p for p in judge.article.paragraphs)
    edited = edit_text(noticed, NOTICE, seed=3)
    assert edited is not None
    result = judge.edit(edited)
    assert result.recorded, f"edit of the correction notice missed: {result.reason}"
