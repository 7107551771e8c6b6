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
    # The article's own <h1> is what readers see; JSON-LD is often an SEO variant.
    assert fields.headline(LinkedData(headline="LD"), page) == "Article H1"
    assert fields.headline(NO_LD, page) == "Article H1"
    # A page-wide <h1> is as likely a menu or section name: JSON-LD beats it.
    loose = page_of(html.replace("<article>", "<div>").replace("</article>", "</div>"))
    assert fields.headline(LinkedData(headline="LD"), loose) == "LD"
    assert fields.headline(NO_LD, loose) == "Logo"
    assert fields.headline(NO_LD, page_of(html.split("<body>")[0])) == "OG"
    assert fields.headline(NO_LD, page_of("<title>Title | Site</title>")) == "Title"


HEADLINE = "Council votes to move bin collections to fortnightly"


@pytest.mark.parametrize(
    ("html", "linked", "expected"),
    [
        # A heading that agrees with a metadata title beats an SEO JSON-LD headline.
        (
            f'<meta property="og:title" content="{HEADLINE}"><div><h1>{HEADLINE}</h1></div>',
            LinkedData(headline="Bins to go fortnightly, council says"),
            HEADLINE,
        ),
        # Dashes and quotes differ between the two: the visible spelling wins.
        (
            f"<h1>Talks end \u2013 {HEADLINE}</h1>",
            LinkedData(headline=f"Talks end - {HEADLINE}"),
            f"Talks end \u2013 {HEADLINE}",
        ),
        # JSON-LD cut short by the CMS: the heading has it in full.
        (
            f"<h1>{HEADLINE} after a long debate</h1>",
            LinkedData(headline=f"{HEADLINE} after a"),
            f"{HEADLINE} after a long debate",
        ),
        # The title adds the site after the heading, or before it.
        (
            f"<title>{HEADLINE} | Millbrook Weekly</title><div><h1>{HEADLINE}</h1></div>",
            LinkedData(headline="Bins: the vote"),
            HEADLINE,
        ),
        (
            f"<title>millbrook.example: News / Local / {HEADLINE}</title>"
            f"<div><h1>{HEADLINE}</h1></div>",
            LinkedData(headline="Bins: the vote"),
            HEADLINE,
        ),
        # A kicker printed in the <h1> above the headline metadata gives alone.
        (
            f'<meta property="og:title" content="{HEADLINE}"><h1><em>Waste </em>{HEADLINE}</h1>',
            NO_LD,
            HEADLINE,
        ),
        # An <h1> carrying a site suffix of its own.
        (
            f'<meta property="og:title" content="{HEADLINE}"><h1>{HEADLINE} | WEEKLY.NET</h1>',
            NO_LD,
            HEADLINE,
        ),
    ],
)
def test_headline_agreement(html: str, linked: LinkedData, expected: str) -> None:
    assert fields.headline(linked, page_of(html)) == expected


def test_short_heading_does_not_agree_with_a_longer_title() -> None:
    # "News" starts the og:title but is the section's name, not the headline.
    html = '<meta property="og:title" content="News from the council chamber"><h1>News</h1>'
    assert fields.headline(LinkedData(headline="LD headline"), page_of(html)) == "LD headline"


@pytest.mark.parametrize(
    ("h1", "expected"),
    [
        # Screen-reader labels and kickers inside the <h1> are not the headline.
        (f'<span class="visuallyhidden">Headline:</span> {HEADLINE}', HEADLINE),
        (f'<span class="entry-title__toptitle">Waste</span> {HEADLINE}', HEADLINE),
        (f'<span class="kicker">Waste</span><span class="headline">{HEADLINE}</span>', HEADLINE),
        (
            f'<span class="headline-kicker">Waste</span> <span class="headline">{HEADLINE}</span>',
            HEADLINE,
        ),
        (f"<small>Waste</small><br>{HEADLINE}", f"Waste {HEADLINE}"),
        # A headline linking to its own story is not a logo.
        (f'<a href="#top">{HEADLINE}</a>', HEADLINE),
        # Ruby readings (furigana) sit above the text; inline tags add no space.
        ("<ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>", "子どもへの体罰"),
    ],
)
def test_heading_text(h1: str, expected: str) -> None:
    page = page_of(f"<article><h1>{h1}</h1></article>")
    assert page.heading == expected
    assert fields.headline(NO_LD, page) == expected


@pytest.mark.parametrize(
    "skipped",
    [
        '<h1><a href="https://millbrook.example/">Millbrook Weekly</a></h1>',
        '<h1><a href="../index.html">Millbrook Weekly</a></h1>',
        '<h1><a href="https://web.archive.org/web/2008/http://millbrook.example/">'
        "Millbrook Weekly</a></h1>",
        '<div id="logo"><h1>Millbrook Weekly</h1></div>',
        '<h1 class="aural">Navigation und Service</h1>',
        '<ol><li itemscope itemtype="https://schema.org/ListItem"><h1>Local</h1></li></ol>',
    ],
)
def test_logo_hidden_and_breadcrumb_headings_are_skipped(skipped: str) -> None:
    html = f'<meta property="og:title" content="{HEADLINE}">{skipped}<h1>{HEADLINE}</h1>'
    page = page_of(html)
    assert page.heading == HEADLINE
    assert fields.headline(NO_LD, page) == HEADLINE


def test_logo_names_the_site_in_the_title() -> None:
    html = (
        "<title>Leo, part two | Love Goes Through The Stomach</title>"
        '<h1><a href="/">Love Goes Through The Stomach</a></h1>'
    )
    page = page_of(html)
    assert page.logo == "Love Goes Through The Stomach"
    assert fields.headline(NO_LD, page) == "Leo, part two"


def test_hidden_heading_is_the_last_resort() -> None:
    page = page_of(f'<h1 class="pageTitle hidden">{HEADLINE}</h1>')
    assert fields.headline(NO_LD, page) == HEADLINE


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            '<meta property="og:title" content="Budget passes - Piratenpartei">'
            '<meta property="og:site_name" content="Piratenpartei">',
            "Budget passes",
        ),
        (
            '<meta property="og:title" content="NEWS WEB EASY|子どもへの体罰を禁止する">'
            '<meta property="og:site_name" content="NEWS WEB EASY">',
            "子どもへの体罰を禁止する",
        ),
        # The host names the site: "BMAS - ..." on www.bmas.de.
        (
            '<meta property="og:title" content="BMAS - Änderung der Nachweise">'
            '<link rel="canonical" href="https://www.bmas.de/DE/a.html">',
            "Änderung der Nachweise",
        ),
        # The start of a long og:site_name is the site too.
        (
            '<meta property="og:title" content="Ein wenig lost | Frollein Herr">'
            '<meta property="og:site_name" content="Frollein Herr | Fashion, Beauty, Interior">',
            "Ein wenig lost",
        ),
        # Not a site name: kept.
        (
            '<meta property="og:title" content="Kim Jong Un: Der Diktator ist zurück">'
            '<meta property="og:site_name" content="FR">',
            "Kim Jong Un: Der Diktator ist zurück",
        ),
    ],
)
def test_site_name_stripped_from_metadata(meta: str, expected: str) -> None:
    assert fields.headline(NO_LD, page_of(meta)) == expected


def test_cut_off_title_gives_way_to_the_full_one() -> None:
    # An unescaped quote ended the attribute: og:title stops where it began.
    html = (
        '<meta property="og:title" content="Senator calls Biden "unfit"">'
        '<title>Senator calls Biden "unfit"</title>'
    )
    assert fields.headline(NO_LD, page_of(html)) == 'Senator calls Biden "unfit"'
    site = '<meta property="og:title" content="Senator speaks"><title>Senator speaks - Site</title>'
    assert fields.headline(NO_LD, page_of(site)) == "Senator speaks"


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
