from datetime import UTC, datetime

from revtrack.article import Article
from revtrack.check.analyse import analyse_page
from revtrack.check.prefilter import digest_covers, page_digest
from revtrack.extract import extract_article

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def digest(html: str) -> str:
    return page_digest(html).value


PAGE = """<html><head><title>Strikes kill 1</title><script>var token = "abc123";</script></head>
<body><nav><a href="/">Home</a></nav><header><span class="weather">7°C</span></header>
<article><h1>Strikes kill 1</h1><p class="stamp">Updated 3 sec ago</p>
<p>A man was killed in a drone attack.</p></article>
<aside class="most-read"><ol><li><a href="/x">Story X</a></li></ol></aside>
<div class="ad-slot ad" data-slot="9931">Advertisement</div></body></html>"""


def test_noise_keeps_the_digest() -> None:
    noisy = (
        PAGE.replace("abc123", "zz9")
        .replace("3 sec ago", "14 mins ago")
        .replace("Story X", "Story Y")
        .replace("7°C", "9°C")
        .replace("9931", "1")
    )
    assert digest(noisy) == digest(PAGE)


def test_any_article_edit_changes_the_digest() -> None:
    for old, new in [
        ("kill 1</h1>", "kill 2</h1>"),
        ("drone attack", "missile attack"),
        ("</article>", "<p>Correction: an earlier version misstated the toll.</p></article>"),
        ("<title>Strikes kill 1", "<title>Strikes kill 3"),
    ]:
        assert digest(PAGE.replace(old, new)) != digest(PAGE), old


def test_class_names_that_merely_contain_ad_are_not_chrome() -> None:
    page = '<html><body><div class="headline">Mayor resigns</div></body></html>'
    other = page.replace("Mayor resigns", "Mayor stays")
    assert digest(page) != digest(other)


def test_deeply_nested_pages_are_digested_by_their_text() -> None:
    def deep(text: str) -> str:
        return "<div>" * 100_000 + f"<p>{text}</p>" + "</div>" * 100_000

    assert digest(deep("Deep text.")) == digest(deep("Deep text."))
    assert digest(deep("Deep text.")) != digest(deep("Deep text, edited."))


def _with_body_class(page: str, css_class: str) -> str:
    return page.replace("<body>", f'<body class="{css_class}">')


def test_a_chrome_word_on_an_ancestor_of_the_article_hides_no_edit() -> None:
    # Theme classes on <body>, <main> or a wrapper <div> match the chrome words.
    edited = PAGE.replace("drone attack", "missile attack")
    for css_class in ("epico-sidebar-left", "has-sidebar", "share-enabled", "related-posts-on"):
        assert digest(_with_body_class(edited, css_class)) != digest(
            _with_body_class(PAGE, css_class)
        ), css_class
    wrapped = PAGE.replace("<article>", '<div class="main-content has-double-sidebar"><article>')
    assert digest(wrapped.replace("drone", "missile")) != digest(wrapped)


def test_a_page_wrapped_in_a_form_is_still_compared() -> None:
    # ASP.NET pages put the whole <body> inside one <form>.
    page = PAGE.replace("<body>", "<body><form id='aspnetForm'>").replace(
        "</body>", "</form></body>"
    )
    assert digest(page.replace("drone", "missile")) != digest(page)


def test_a_teaser_box_without_the_article_is_still_chrome() -> None:
    box = '<div class="related-stories"><a href="/a">{}</a></div>'
    page = PAGE.replace("</article>", "</article>" + box.format("Teaser one"))
    assert digest(page) == digest(page.replace("Teaser one", "Teaser two"))


def test_teaser_boxes_named_inside_a_longer_class_are_chrome() -> None:
    # WordPress' "recentcomments", a "promotional-tile", a "cookielawinfo" banner.
    boxes = (
        '<ul><li class="recentcomments">{}</li></ul>'
        '<div class="tile promotional-tile">{}</div><div class="cookielawinfo-row">{}</div>'
    )
    page = PAGE.replace("</article>", "</article>" + boxes.format("One", "Two", "Three"))
    assert digest(page) == digest(page.replace("One", "Uno").replace("Two", "Dos"))


def test_a_byline_in_a_credits_box_is_compared() -> None:
    # The extractor strips credits boxes from the body, but reads the byline there.
    page = PAGE.replace(
        "</article>",
        '<section class="c-article__credits"><div class="c-article__credits-item">Text: '
        '<span class="c-article-card__author">Ursula Eggers</span></div></section></article>',
    )
    article = extract_article(page, url="https://example.com/a", fetched_at=NOW)
    assert "Eggers" in article.byline
    assert digest_covers(page_digest(page), article)


def test_meta_and_linked_data_text_is_compared() -> None:
    page = PAGE.replace(
        "</head>",
        '<meta name="description" content="One man killed.">'
        '<script type="application/ld+json">{"headline": "Strikes kill 1"}</script></head>',
    )
    assert digest(page.replace("One man", "Two men")) != digest(page)
    assert digest(page.replace('"Strikes kill 1"', '"Strikes kill 2"')) != digest(page)
    assert digest(page.replace("abc123", "zz9")) == digest(page)


def test_the_digest_covers_what_extraction_returned() -> None:
    article = extract_article(PAGE, url="https://example.com/a", fetched_at=NOW)
    assert article.paragraphs
    assert digest_covers(page_digest(PAGE), article)
    # A paragraph the digest never compared (here: text only a chrome box held).
    stray = Article(url="https://example.com/a", headline=article.headline,
                    paragraphs=(*article.paragraphs, "Story X is the most read."))  # fmt: skip
    assert not digest_covers(page_digest(PAGE), stray)


def test_text_split_by_inline_tags_is_covered() -> None:
    page = PAGE.replace("drone attack", "dr<em>o</em>ne at<span>tack</span>")
    article = extract_article(page, url="https://example.com/a", fetched_at=NOW)
    assert "drone attack" in article.text
    assert digest_covers(page_digest(page), article)


def test_an_uncovered_extraction_keeps_no_digest_so_the_next_check_extracts() -> None:
    def extract_more(html: str, *, url: str, fetched_at: datetime) -> Article:
        article = extract_article(html, url=url, fetched_at=fetched_at)
        return Article(url=url, headline=article.headline, paragraphs=("Text from nowhere.",))

    body = PAGE.encode()
    first = analyse_page(
        body, PAGE, url="https://example.com/a", fetched_at=NOW, known_raw_sha=None,
        known_digest=None, extract=extract_more,
    )  # fmt: skip
    assert first.article is not None
    assert first.digest == ""
    covered = analyse_page(
        body, PAGE, url="https://example.com/a", fetched_at=NOW, known_raw_sha=None,
        known_digest=None,
    )  # fmt: skip
    assert covered.digest == digest(PAGE)
