"""extract_article never raises, never fetches, and stays fast on hostile input."""

from __future__ import annotations

import random
import socket
import time
from typing import Any

import pytest

from revtrack.article import Article
from revtrack.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, body, extract_article
from revtrack.extract.guard import MAX_DEPTH, guard_html
from tests.extract.support import FETCHED_AT, load_page, text_fields

URL = "https://example.com/story"
# CPU seconds of this process, not wall-clock time, so a busy machine cannot fail it: a
# pathological (super-linear) parse blows far past it; the cases take under 0.4 s here.
CPU_LIMIT_S = 3.0


def _random_text(size: int, seed: int) -> str:
    generator = random.Random(seed)
    return bytes(generator.randrange(256) for _ in range(size)).decode("latin-1")


HOSTILE_INPUTS = {
    "empty": "",
    "whitespace": " \n\t ",
    "plain text": "just some text, no markup at all",
    "a url": "http://example.com/feed",
    "binary as latin-1": _random_text(100_000, 1),
    "binary with surrogates": bytes(random.Random(2).randrange(256) for _ in range(50_000)).decode(
        "utf-8", "surrogateescape"
    ),
    "nul bytes": "<html>\x00<body><h1>a\x00b</h1>\x00</body></html>",
    "divs 100,000 deep": "<html><body>"
    + "<div>" * 100_000
    + "<p>deep text</p>"
    + "</div>" * 100_000,
    "spans with stray closers": "<body>" + "<span>" * 100_000 + "</x>" * 100_000,
    "unclosed mixed nesting": "<body>" + "<div><span><b><section><ul><li>" * 20_000,
    "deep JSON-LD": '<script type="application/ld+json">'
    + "[" * 100_000
    + "]" * 100_000
    + "</script>",
    "broken JSON-LD": '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
    "</script><h1>H</h1>",
    "unclosed comment": "<html><body><!-- " + "<p>x</p>" * 1000,
    "unclosed script": "<html><body><script>" + "<div>" * 10_000,
    "only a doctype": "<!DOCTYPE html>",
    "lone escape": "<h1>\x1b]unterminated \x1b[</h1>",
}


@pytest.mark.parametrize("html", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_hostile_input_returns_an_article_quickly(html: str) -> None:
    start = time.process_time()
    article = extract_article(html, url=URL, fetched_at=FETCHED_AT)
    assert time.process_time() - start < CPU_LIMIT_S
    assert isinstance(article, Article)
    assert article.url == URL
    for text in text_fields(article):
        text.encode("utf-8")  # no lone surrogates
        assert not any(ord(char) < 0x20 for char in text)
    article.to_json()


def test_deep_nesting_keeps_its_text() -> None:
    html = "<html><body><h1>Deep story</h1>" + "<div>" * 100_000 + "<p>" + "word " * 80
    article = extract_article(html + "</p>" + "</div>" * 100_000, url=URL, fetched_at=FETCHED_AT)
    assert article.headline == "Deep story"


def test_the_flattener_caps_depth_and_keeps_text() -> None:
    html = "<body>" + "<div>" * (MAX_DEPTH * 3) + "deep text" + "</div>" * (MAX_DEPTH * 3)
    flattened = guard_html(html)
    # <body> takes one level of the stack, the kept <div>s the rest.
    assert flattened.count("<div>") == MAX_DEPTH - 1
    assert flattened.count("</div>") == MAX_DEPTH - 1
    assert "deep text" in flattened


def test_ordinary_pages_are_not_rewritten() -> None:
    html = load_page("seed_updated.html")
    assert guard_html(html) == html


def test_a_15_mb_page() -> None:
    page = load_page("seed_updated.html")
    filler = "<div class='filler'><p>" + "filler words " * 30 + "</p></div>"
    html = page.replace("</body>", filler * (15_000_000 // len(filler)) + "</body>")
    start = time.process_time()
    article = extract_article(html, url=URL, fetched_at=FETCHED_AT)
    assert time.process_time() - start < 20  # CPU seconds (about 0.4 here)
    assert article.headline == "Blinken heads to Beijing hoping to calm fears of a US-China break"
    assert article.paragraphs


def test_non_string_arguments_do_not_raise() -> None:
    article = extract_article(b"<h1>bytes</h1>", url=None, fetched_at=FETCHED_AT)  # type: ignore[arg-type]
    assert article == Article(url="", headline="")


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for html in ("http://example.com/page", "https://example.com/x", load_page("plain.html")):
        extract_article(html, url="http://example.com/page", fetched_at=FETCHED_AT)
    assert attempts == []


def test_body_falls_back_to_the_page_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("trafilatura broke")

    monkeypatch.setattr(body.trafilatura, "bare_extraction", broken)
    article = extract_article(load_page("plain.html"), url=URL, fetched_at=FETCHED_AT)
    assert article.headline == "Library to extend weekend opening hours"
    assert article.paragraphs[0].startswith("Millbrook Public Library will open on Sundays")
    assert article.paragraphs[-1].startswith("The new hours start on July 2.")
    assert len(article.paragraphs) == 5


def test_a_failing_step_costs_only_its_own_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("htmldate broke")

    monkeypatch.setattr("revtrack.extract.core.resolve_dates", broken)
    article = extract_article(load_page("correction.html"), url=URL, fetched_at=FETCHED_AT)
    assert article.published is None
    assert article.headline == "Kremenchuk refinery hit in overnight strike, officials say"
    assert len(article.paragraphs) == 4


def test_public_constants() -> None:
    assert EXTRACTOR_NAME == "revtrack-extract"
    assert isinstance(EXTRACTOR_VERSION, str)
    assert EXTRACTOR_VERSION


def test_a_story_mistaken_for_chrome_is_recovered() -> None:
    # "js-readmore" makes the story's wrapper look like a "read more" box.
    first = "The council approved the new budget on Tuesday after a long debate. " * 3
    second = "Opposition members said the plan cut too deep into services."
    html = (
        "<html><body><h1>Budget approved</h1>"
        f'<div class="story-body js-readmore"><p>{first}</p><p>{second}</p></div>'
        "</body></html>"
    )
    article = extract_article(html, url=URL, fetched_at=FETCHED_AT)
    assert article.paragraphs == (first.strip(), second)
