"""Choosing headline, byline, URL, language and site from the page's sources."""

from __future__ import annotations

import pytest

from revtrack.extract import fields
from revtrack.extract.dom import article_scope, parse_html
from revtrack.extract.jsonld import LinkedData
from revtrack.extract.page import PageFacts, read_page

NO_LD = LinkedData()


def page_of(html: str) -> PageFacts:
    tree = parse_html(html)
    return read_page(tree, article_scope(tree))


def test_headline_order() -> None:
    html = (
        '<title>Title | Site</title><meta property="og:title" content="OG">'
        "<body><h1>Logo</h1><article><h1>Article H1</h1></article>"
    )
    page = page_of(html)
    assert fields.headline(LinkedData(headline="LD"), page) == "LD"
    assert fields.headline(NO_LD, page) == "Article H1"
    assert fields.headline(NO_LD, page_of(html.split("<body>")[0])) == "OG"
    assert fields.headline(NO_LD, page_of("<title>Title | Site</title>")) == "Title"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Library hours extended - Millbrook Weekly", "", "Library hours extended"),
        (
            "Malawians flee South Africa | Migration News | Al Jazeera",
            "",
            "Malawians flee South Africa | Migration News",
        ),
        (
            "Talks end – a long road ahead for the negotiators in Geneva",
            "",
            "Talks end – a long road ahead for the negotiators in Geneva",
        ),
        ("US-China talks resume", "", "US-China talks resume"),
        ("Budget passes — The Daily Ledger", "The Daily Ledger", "Budget passes"),
    ],
)
def test_title_site_suffix(title: str, site: str, expected: str) -> None:
    page = page_of(f'<title>{title}</title><meta property="og:site_name" content="{site}">')
    assert fields.headline(NO_LD, page) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p class="byline">By Jane Doe and John Roe</p>', "Jane Doe, John Roe"),
        ('<div class="article-byline">By Jane Doe | Updated 3 hours ago</div>', "Jane Doe"),
        ('<span class="author-name">Written by Ana Li &amp; Bo Chen</span>', "Ana Li, Bo Chen"),
        (
            '<a rel="author" href="/a">Jane Doe</a> and <a rel="author" href="/b">John Roe</a>',
            "Jane Doe, John Roe",
        ),
        ('<div itemprop="author"><span itemprop="name">Sam Okafor</span></div>', "Sam Okafor"),
        (
            '<meta name="author" content="Jane Doe"><p class="byline">By Someone Else</p>',
            "Jane Doe",
        ),
        (
            '<meta property="article:author" content="https://fb.example/x">'
            '<p class="byline">By Jo Li</p>',
            "Jo Li",
        ),
        ('<div class="author-bio">Jane Doe has covered courts since 2010.</div>', ""),
    ],
)
def test_byline(html: str, expected: str) -> None:
    assert fields.byline(NO_LD, page_of(html)) == expected


def test_jsonld_authors_win() -> None:
    page = page_of('<meta name="author" content="Desk">')
    assert fields.byline(LinkedData(authors=("Jane Doe", "John Roe")), page) == "Jane Doe, John Roe"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<link rel="canonical" href="/node/1/world">', "https://site.example/node/1/world"),
        (
            '<link rel="Canonical Alternate" href="https://other.example/a">',
            "https://other.example/a",
        ),
        ('<meta property="og:url" content="https://site.example/og">', "https://site.example/og"),
        (
            '<link rel="canonical" href="javascript:alert(1)">',
            "https://site.example/a?utm_source=x",
        ),
        ("", "https://site.example/a?utm_source=x"),
    ],
)
def test_canonical_url(html: str, expected: str) -> None:
    assert fields.canonical_url(page_of(html), "https://site.example/a?utm_source=x") == expected


@pytest.mark.parametrize(
    ("html", "linked", "expected"),
    [
        ('<html lang="en-GB">', NO_LD, "en"),
        ("<html>", LinkedData(language="fr-FR"), "fr"),
        ('<html><meta property="og:locale" content="de_DE">', NO_LD, "de"),
        ('<html lang="EN">', NO_LD, "en"),
        ('<html lang="not a language">', NO_LD, ""),
        ("<html>", NO_LD, ""),
    ],
)
def test_language(html: str, linked: LinkedData, expected: str) -> None:
    assert fields.language(linked, page_of(html)) == expected


def test_site_order() -> None:
    og = page_of('<meta property="og:site_name" content="Arab News">')
    assert (
        fields.site_name(LinkedData(publisher="SRMG"), og, "https://www.x.example/a") == "Arab News"
    )
    assert (
        fields.site_name(LinkedData(publisher="SRMG"), page_of(""), "https://www.x.example/a")
        == "SRMG"
    )
    assert fields.site_name(NO_LD, page_of(""), "https://www.x.example/a") == "x.example"
    assert fields.site_name(NO_LD, page_of(""), "http://[::1") == ""


def test_dek_order() -> None:
    html = (
        '<meta name="description" content="Meta desc">'
        "<h1>H</h1><h2>A subtitle right under the headline</h2>"
    )
    assert fields.dek(LinkedData(description="LD desc"), page_of(html)) == "LD desc"
    assert fields.dek(NO_LD, page_of(html)) == "Meta desc"
    assert (
        fields.dek(NO_LD, page_of(html.split(">", 1)[1])) == "A subtitle right under the headline"
    )
