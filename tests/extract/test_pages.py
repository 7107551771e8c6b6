"""Whole pages in, exact Articles out: the fixture pages in ``pages/``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from revtrack.article import Article
from revtrack.extract import extract_article
from tests.extract.support import FETCHED_AT, extract_page, load_page, text_fields

SEED_URL = "https://www.arabnews.com/node/2322711/world?utm_source=twitter"
SEED_HEADLINE = "Blinken heads to Beijing hoping to calm fears of a US-China break"
SEED_HIGHLIGHTS = (
    "US Secretary of State to hold meetings on June 18-19 and may meet with president Xi Jinping",
    "Chinese Foreign Minister Qin Gang earlier told the US to stop meddling in China’s affairs",
)
LIVE_HEADLINE = (
    "Russian strikes kill 1 as US and Ukraine officials wrap up third day of diplomatic talks"
)
HOSTILE_HEADLINE = "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def assert_no_line_like(paragraphs: tuple[str, ...], *fragments: str) -> None:
    for paragraph in paragraphs:
        for fragment in fragments:
            assert fragment.casefold() not in paragraph.casefold(), paragraph


@pytest.fixture(scope="module")
def seed() -> Article:
    return extract_page("seed_updated.html", SEED_URL)


@pytest.fixture(scope="module")
def live() -> Article:
    return extract_page("live_blog.html", "https://www.arabnews.com/node/2627051/world")


class TestSeedPage:
    """ "Updated 16 June 2023 / Follow / bullets", with nav, ads, share bars, most read."""

    def test_metadata(self, seed: Article) -> None:
        assert seed.headline == SEED_HEADLINE
        assert seed.byline == "Reuters"
        assert seed.url == "https://www.arabnews.com/node/2322711/world"
        assert seed.site == "Arab News"
        assert seed.language == "en"
        assert seed.dek.startswith("US Secretary of State Antony Blinken flies to Beijing")

    def test_dates(self, seed: Article) -> None:
        assert seed.published == utc(2023, 6, 15, 21, 41)  # 00:41 at +03:00
        assert seed.updated == utc(2023, 6, 16)
        assert seed.updated_text == "Updated 16 June 2023"

    def test_highlights(self, seed: Article) -> None:
        assert seed.highlights == SEED_HIGHLIGHTS

    def test_body(self, seed: Article) -> None:
        assert len(seed.paragraphs) == 16
        assert seed.paragraphs[0].startswith(
            "WASHINGTON: US Secretary of State Antony Blinken flies to Beijing this weekend"
        )
        assert seed.paragraphs[-1] == (
            "“Xi does want to come to San Francisco,” said Sun. “(Aside from) APEC, he also wants"
            " a bilateral with Biden. That means the groundwork must be paved starting from now.”"
        )
        assert seed.corrections == ()

    def test_no_chrome_in_body(self, seed: Article) -> None:
        banned = {SEED_HEADLINE, "Updated 16 June 2023", "Follow", *SEED_HIGHLIGHTS}
        assert banned.isdisjoint(seed.paragraphs)
        assert_no_line_like(
            seed.paragraphs,
            "Advertisement",
            "Share this article",
            "Sign up for our newsletter",
            "Read more",
            "Most Popular",
            "Saudi Arabia announces new visa rules",
            "Yellen hopes to visit China",
            "(Reuters)",
            "All rights reserved",
        )

    def test_unmarked_bullet_list_is_still_found(self) -> None:
        html = load_page("seed_updated.html").replace(' class="article-highlights"', "")
        article = extract_article(html, url=SEED_URL, fetched_at=FETCHED_AT)
        assert article.highlights == SEED_HIGHLIGHTS
        assert set(SEED_HIGHLIGHTS).isdisjoint(article.paragraphs)

    def test_bullet_paragraphs_are_highlights(self) -> None:
        html = load_page("seed_updated.html")
        start = html.index('<ul class="article-highlights">')
        end = html.index("</ul>", start) + 5
        bullets = "".join(f"<p>• {item}</p>" for item in SEED_HIGHLIGHTS)
        article = extract_article(
            html[:start] + bullets + html[end:], url=SEED_URL, fetched_at=FETCHED_AT
        )
        assert article.highlights == SEED_HIGHLIGHTS
        assert article.paragraphs[0].startswith("WASHINGTON:")

    def test_same_input_same_article(self, seed: Article) -> None:
        assert extract_page("seed_updated.html", SEED_URL) == seed


class TestLivePage:
    """ "Updated 3 sec ago", JSON-LD LiveBlogPosting."""

    def test_metadata(self, live: Article) -> None:
        assert live.headline == LIVE_HEADLINE
        assert live.byline == "Lena Petrenko, Omar Haddad"
        assert live.dek.startswith("Russian missile and drone attacks overnight into Sunday")
        assert live.site == "Arab News"
        assert live.language == "en"
        assert live.url == "https://www.arabnews.com/node/2627051/world"

    def test_relative_stamp_resolves_against_the_fetch(self, live: Article) -> None:
        assert live.updated_text == "Updated 3 sec ago"
        assert live.updated == utc(2025, 12, 9, 10, 0, 27)
        assert live.published == utc(2025, 12, 7, 2, 12)

    def test_a_later_fetch_moves_only_the_relative_stamp(self, live: Article) -> None:
        later = extract_page(
            "live_blog.html",
            "https://www.arabnews.com/node/2627051/world",
            FETCHED_AT + timedelta(minutes=15),
        )
        assert later.updated == utc(2025, 12, 9, 10, 15, 27)
        assert later.paragraphs == live.paragraphs
        assert later.headline == live.headline

    def test_body(self, live: Article) -> None:
        assert len(live.paragraphs) == 13
        assert live.paragraphs[0].startswith("KYIV: Russian missile and drone attacks overnight")
        assert live.paragraphs[-1].startswith("The document released Friday by the White House")
        assert live.paragraphs[-1].endswith("“reestablish strategic stability with Russia.”")
        assert live.highlights == ()
        assert live.corrections == ()

    def test_no_chrome_in_body(self, live: Article) -> None:
        assert {LIVE_HEADLINE, "Updated 3 sec ago", "Follow", "LIVE"}.isdisjoint(live.paragraphs)
        assert_no_line_like(
            live.paragraphs, "Advertisement", "Share this article", "Trending", "Gaza ceasefire"
        )


def test_jsonld_only_page() -> None:
    url = "https://news.example.org/2024/03/02/bridge-closure/"
    article = extract_page("jsonld_only.html", url)
    assert article.headline == "City’s main bridge to close for 18 months of repairs"
    assert article.dek == (
        "The Harbor Street bridge will shut to cars from April 1; buses and cyclists keep one lane."
    )
    assert article.byline == "Maria Lopez, Dev Patel"
    assert article.published == utc(2024, 3, 2, 13, 15)
    assert article.updated == utc(2024, 3, 2, 19, 40)
    assert article.updated_text == ""
    assert article.language == "en"
    assert article.site == "Riverside Courier"
    assert article.url == url
    assert len(article.paragraphs) == 6
    assert article.paragraphs[0].startswith("The Harbor Street bridge, which carries about 42,000")
    assert article.paragraphs[-1] == (
        "The council will hold a public meeting on the closure plan on March 12 at City Hall."
    )


def test_plain_page() -> None:
    article = extract_page("plain.html", "https://millbrookweekly.example/news/library-hours")
    assert article.headline == "Library to extend weekend opening hours"
    assert article.byline == "Jane Doe, John Roe"
    assert article.updated == utc(2023, 6, 16)
    assert article.updated_text == "Last updated 16/06/2023"
    # The only date on the page is the "Last updated" stamp: when it was first published
    # is unknown, and a guess from that stamp would drift with every update.
    assert article.published is None
    assert article.dek == ""
    assert article.language == ""
    assert article.site == "millbrookweekly.example"
    assert article.highlights == ()
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("Millbrook Public Library will open on Sundays")
    assert article.paragraphs[-1].startswith("The new hours start on July 2.")
    assert_no_line_like(article.paragraphs, "By Jane Doe", "Last updated", "Contact the newsroom")


def test_correction_page() -> None:
    url = "https://ledger.example.com/world/2025/dec/07/kremenchuk-refinery-strike?cmp=rss"
    article = extract_page("correction.html", url)
    assert article.corrections == (
        "Correction: An earlier version of this article misstated the number of people injured"
        " in Kremenchuk. Two people were injured, not 12.",
        "This article has been updated to reflect a statement from Ukraine’s energy ministry on"
        " the refinery’s operations.",
    )
    assert len(article.paragraphs) == 4
    assert article.paragraphs[-1].startswith("Russia has repeatedly targeted Ukraine’s energy")
    assert_no_line_like(article.paragraphs, "earlier version", "updated to reflect", "Most read")
    assert article.url == "https://ledger.example.com/world/2025/dec/07/kremenchuk-refinery-strike"
    assert article.byline == "Sam Okafor"
    assert article.published == utc(2025, 12, 7, 6, 30)
    assert article.updated == utc(2025, 12, 8, 11, 5)
    assert article.dek == (
        "A combined missile and drone attack caused power and water outages in the central"
        " Ukrainian city."
    )
    assert article.site == "The Daily Ledger"


class TestHostilePage:
    @pytest.fixture(scope="class")
    def hostile(self) -> Article:
        return extract_page("hostile.html", "https://hostile.example/a")

    def test_markup_looking_text_stays_literal(self, hostile: Article) -> None:
        assert hostile.headline == HOSTILE_HEADLINE
        assert hostile.byline == "[red]Eve[/red] O’Hacker"
        assert hostile.site == "Hostile [b]Times[/b]"
        assert hostile.dek == (
            "Rich markup such as [bold red]this[/] and terminal titles must stay inert."
        )

    def test_escape_sequences_are_gone_whole(self, hostile: Article) -> None:
        assert hostile.paragraphs[0] == (
            "The mayor of Springfield resigned on Monday after a council vote, officials said"
            " [link=https://evil.example]here[/link]. The council will pick an interim mayor"
            " next week, and a special election is expected in the spring."
        )
        for text in text_fields(hostile):
            assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text)
            assert "[31m" not in text
            assert "[0m" not in text

    def test_invisible_characters_are_removed(self, hostile: Article) -> None:
        assert hostile.paragraphs[1].startswith(
            "Residents gathered outside city hall after the vote. Some"
        )
        assert "the decision until" in hostile.paragraphs[2]
        assert HOSTILE_HEADLINE not in hostile.paragraphs
        assert len(hostile.paragraphs) == 3
