"""Corrections, silent edits and changed facts are found in real pages, kind by kind."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from revtrack.article import Article
from revtrack.diff import diff_articles
from revtrack.extract import extract_article
from revtrack.history.highlights import highlights, summarise
from tests.pages import news_page

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
BODY = [
    "Councillors voted 7-2 on Tuesday to move bin collections to every other week.",
    "The change will save £1.2m a year, the council's finance chief Mary Holt said.",
    "\u201cPeople are already struggling,\u201d said resident Tom Reid, who opposed the plan.",
    "The new timetable starts in April and covers all 42,000 homes in the borough.",
]
STAMP = "Updated 16 June 2023"


def _extract(page: str) -> Article:
    return extract_article(page, url="https://news.example/council-bins", fetched_at=NOW)


def _page(paragraphs: list[str] = BODY, *, stamp: str = STAMP, corrections: tuple[str, ...] = (),
          extra_head: str = "", extra_body: str = "") -> str:  # fmt: skip
    page = news_page("Council votes to move bin collections", paragraphs, stamp=stamp,
                     corrections=corrections)  # fmt: skip
    page = page.replace("</head>", extra_head + "</head>")
    return page.replace("</article>", extra_body + "</article>")


def _json_ld(correction: object) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Council votes to move bin collections", "correction": correction,
    }  # fmt: skip
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


NOTICE_PAGES = {
    "labelled correction": _page(
        corrections=("Correction: An earlier version of this article said the vote was 8-1.",)
    ),
    "earlier version": _page(
        [*BODY, "An earlier version of this article misstated the number of homes affected."]
    ),
    "updated to correct": _page(
        [*BODY, "This article has been updated to correct the name of the finance chief."]
    ),
    "editor's note": _page(
        [*BODY, "Editor\u2019s note: This story has been updated with the final vote."]
    ),
    "json-ld correction text": _page(
        extra_head=_json_ld("The vote was 7-2, not 8-1 as first reported on the page."),
    ),
    "json-ld CorrectionComment": _page(
        extra_head=_json_ld(
            {
                "@type": "CorrectionComment",
                "text": "The savings figure was £1.2m, not £12m.",
                "datePublished": "2026-11-27T10:00:00Z",
            }
        ),
    ),
    "microdata CorrectionComment": _page(
        extra_body=(
            '<div itemprop="correction" itemscope itemtype="https://schema.org/CorrectionComment">'
            '<p itemprop="text">We misspelt the name of resident Tom Reid in an earlier'
            " edition.</p>"
            "</div>"
        )
    ),
}


@pytest.mark.parametrize("kind", sorted(NOTICE_PAGES))
def test_each_kind_of_notice_is_found_and_labelled(kind: str) -> None:
    before, after = _extract(_page()), _extract(NOTICE_PAGES[kind])
    assert before.corrections == ()
    assert len(after.corrections) == 1, after.corrections
    assert after.paragraphs == before.paragraphs  # the notice is not counted as story text
    changes = diff_articles(before, after)
    assert "correction" in changes.labels
    assert "silent" not in changes.labels
    found = highlights(changes)
    assert found[0].startswith("correction added: ")
    assert "correction added" in summarise(changes)


def test_a_reworded_correction_is_a_changed_correction() -> None:
    first = _page(corrections=("Correction: An earlier version of this article said 8-1.",))
    second = _page(corrections=("Correction: An earlier version of this article said 9-0.",))
    changes = diff_articles(_extract(first), _extract(second))
    assert "correction" in changes.labels
    assert any(h.startswith("correction changed: ") for h in highlights(changes))


def test_a_number_changed_without_a_new_stamp_or_notice_is_silent() -> None:
    edited = [BODY[0], BODY[1].replace("£1.2m", "£2.1m"), *BODY[2:]]
    changes = diff_articles(_extract(_page()), _extract(_page(edited)))
    assert set(changes.labels) >= {"fact", "silent"}
    found = highlights(changes)
    assert "silent edit: no new Updated stamp and no correction notice" in found
    assert "number: 1.2m → 2.1m" in found
    assert summarise(changes) == "number changed · silent edit · +2/-2 words"


def test_the_same_edit_with_a_new_stamp_is_not_silent() -> None:
    edited = [BODY[0], BODY[1].replace("£1.2m", "£2.1m"), *BODY[2:]]
    later = _page(edited, stamp="Updated 17 June 2023")
    changes = diff_articles(_extract(_page()), _extract(later))
    assert "fact" in changes.labels
    assert "silent" not in changes.labels


def test_a_name_change_and_a_vanished_quote_are_highlighted() -> None:
    edited = [BODY[0], BODY[1].replace("Mary Holt", "Jane Wilde"), BODY[3]]
    changes = diff_articles(
        _extract(_page()), _extract(_page(edited, stamp="Updated 17 June 2023"))
    )
    found = highlights(changes)
    assert "name: Mary Holt → Jane Wilde" in found
    assert any(h.startswith("quote removed: \u201cPeople are already struggling") for h in found)
    assert "quote removed" in summarise(changes)


def test_a_rewritten_headline_leads_the_highlights() -> None:
    before = _extract(_page())
    after = _extract(_page().replace("Council votes to move", "Council scraps weekly"))
    changes = diff_articles(before, after)
    assert "headline" in changes.labels
    assert highlights(changes)[0] == (
        "headline: Council votes to move bin collections → Council scraps weekly bin collections"
    )
    assert summarise(changes).startswith("headline rewritten")


def test_a_style_edit_has_no_highlights() -> None:
    edited = [
        BODY[0].replace("voted 7-2 on Tuesday to move", "voted 7-2 on Tuesday to switch"),
        *BODY[1:],
    ]
    changes = diff_articles(_extract(_page()), _extract(_page(edited)))
    assert changes.labels == ("style",)
    assert highlights(changes) == ()
    assert summarise(changes) == "+1/-1 words"
