"""Fuzzing the extractor (random and mutated HTML) and the diff engine (random texts).

Whatever the input, nothing raises; every extracted string is free of control
characters; every ChangeSet rebuilds the new text exactly from the old one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revtrack.article import Article
from revtrack.check.analyse import analyse_page
from revtrack.check.fingerprint import fingerprint_article
from revtrack.check.prefilter import page_digest
from revtrack.diff import ChangeSet, apply_changeset, diff_articles
from revtrack.extract import extract_article

FUZZ = settings(
    max_examples=200, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
PAGES = sorted((Path(__file__).parents[1] / "extract" / "pages").glob("*.html"))
SEEDS = [page.read_text(encoding="utf-8") for page in PAGES]
TAGS = ["<p>", "</p>", "<div>", "</div>", "<h1>", "</h1>", "<script>", "</script>", "<!--",
        "-->", "<time datetime='x'>", "<table>", "<li>", "<br>", "<![CDATA[", "]]>", "&#0;",
        "&#x1b;", "&amp", "<meta charset=utf-16>", '<script type="application/ld+json">{',
        "\x00", "\x1b[31m", "\u202e", "\ud7ff", "\U0001f600", "<svg><style>"]  # fmt: skip

# Text of every kind: controls, combining marks, right-to-left, emoji, NUL, escapes.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


def _assert_clean(article: Article) -> None:
    strings = [article.headline, article.dek, article.byline, article.updated_text,
               *article.highlights, *article.paragraphs, *article.corrections]  # fmt: skip
    for text in strings:
        assert not any(ord(c) < 32 and c not in "\t\n" for c in text), repr(text)
        assert "\x1b" not in text
        assert not any(0x80 <= ord(c) < 0xA0 for c in text), repr(text)


def _extract_everything(html: str) -> None:
    article = extract_article(html, url="https://news.example/a", fetched_at=NOW)
    _assert_clean(article)
    fingerprint_article(article)
    assert isinstance(page_digest(html).value, str)
    analysis = analyse_page(
        html.encode("utf-8", "surrogatepass"), html, url="https://news.example/a",
        fetched_at=NOW, known_raw_sha=None, known_digest=None,
    )  # fmt: skip
    assert analysis.article is not None or analysis.skipped


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    """A real news page cut, spliced, duplicated and sprinkled with hostile tokens."""
    html = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(html)))
        kind = draw(st.sampled_from(["cut", "dup", "insert", "text", "truncate"]))
        end = min(len(html), at + draw(st.integers(0, 2000)))
        if kind == "cut":
            html = html[:at] + html[end:]
        elif kind == "dup":
            html = html[:end] + html[at:end] * draw(st.integers(1, 3)) + html[end:]
        elif kind == "insert":
            html = html[:at] + draw(st.sampled_from(TAGS)) + html[at:]
        elif kind == "text":
            html = html[:at] + draw(any_text) + html[at:]
        else:
            html = html[:at]
    return html


@FUZZ
@given(any_text)
def test_random_text_as_html_never_breaks_extraction(html: str) -> None:
    _extract_everything(html)


@FUZZ
@given(st.lists(st.sampled_from(TAGS) | any_text, max_size=60).map("".join))
def test_random_tag_soup_never_breaks_extraction(html: str) -> None:
    _extract_everything(html)


@FUZZ
@given(mutated_pages())
def test_mutated_news_pages_never_break_extraction(html: str) -> None:
    _extract_everything(html)


paragraph_lists = st.lists(any_text, max_size=8)


def _article(headline: str, paragraphs: list[str], corrections: list[str]) -> Article:
    return Article(
        url="https://news.example/a", headline=headline, paragraphs=tuple(paragraphs),
        corrections=tuple(corrections),
    )  # fmt: skip


@FUZZ
@given(any_text, any_text, paragraph_lists, paragraph_lists, paragraph_lists, paragraph_lists)
def test_random_texts_diff_and_rebuild_exactly(
    headline_a: str, headline_b: str, body_a: list[str], body_b: list[str],
    notes_a: list[str], notes_b: list[str],
) -> None:  # fmt: skip
    before = _article(headline_a, body_a, notes_a)
    after = _article(headline_b, body_b, notes_b)
    changes = diff_articles(before, after)
    assert apply_changeset(before, changes) == after
    assert apply_changeset(before, ChangeSet.from_json(changes.to_json())) == after
    assert diff_articles(after, after).is_empty


@FUZZ
@given(paragraph_lists, st.data())
def test_random_edits_of_one_text_rebuild_exactly(body: list[str], data: st.DataObject) -> None:
    edited = list(body)
    for _ in range(data.draw(st.integers(0, 5))):
        if edited and data.draw(st.booleans()):
            i = data.draw(st.integers(0, len(edited) - 1))
            text = edited[i]
            at = data.draw(st.integers(0, len(text)))
            edited[i] = text[:at] + data.draw(any_text) + text[at + data.draw(st.integers(0, 9)) :]
        else:
            edited.insert(data.draw(st.integers(0, len(edited))), data.draw(any_text))
    before, after = _article("A", body, []), _article("A", edited, [])
    assert apply_changeset(before, diff_articles(before, after)) == after
