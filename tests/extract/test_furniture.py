"""The pre-pass's view of stamps, chrome boxes, highlights and correction boxes."""

from __future__ import annotations

from revtrack.extract.dom import article_scope, attr, parse_html
from revtrack.extract.furniture import Furniture, chrome_boxes, read_furniture
from revtrack.extract.page import read_page

STORY = "<p>" + "Story text that is long enough to be a real paragraph of news. " * 4 + "</p>"


def furniture_of(html: str) -> Furniture:
    tree = parse_html(html)
    return read_furniture(tree, html, article_scope(tree))


def test_unlabelled_times_outside_the_article_are_teasers() -> None:
    html = (
        '<article><h1>Story</h1><span class="date">16 June 2023</span>' + STORY + "</article>"
        '<aside><div class="card"><span class="time">2 hours ago</span></div>'
        '<div class="card"><span class="date">Updated 5 mins ago</span></div></aside>'
    )
    assert furniture_of(html).stamp_texts == ("16 June 2023", "Updated 5 mins ago")


def test_label_and_moment_split_across_elements() -> None:
    html = "<div><p><span>Updated</span> <span>3 sec ago</span></p><p>Follow</p></div>"
    assert "Updated 3 sec ago Follow" in furniture_of(html).stamp_texts


def test_label_outside_the_time_element() -> None:
    html = '<article><h1>S</h1><p>Updated <time datetime="x">3 sec ago</time></p></article>'
    assert "Updated 3 sec ago" in furniture_of(html).stamp_texts


def test_marked_highlights_must_be_sentences_not_links() -> None:
    sentence = "Officials said talks would resume in week {} of the year"
    items = "".join(f"<li>{sentence.format(i)}</li>" for i in range(3))
    links = "".join(f'<li><a href="/{i}">Other story number {i} here</a></li>' for i in range(3))
    html = (
        f'<article><h1>S</h1><ul class="story-highlights">{links}</ul>'
        f'<ul class="key-points">{items}</ul>{STORY}</article>'
    )
    assert furniture_of(html).highlights == tuple(sentence.format(i) for i in range(3))


def test_correction_boxes() -> None:
    html = (
        "<article><h1>S</h1>" + STORY + '<div class="article-correction"><h3>Correction</h3>'
        "<p>An earlier version of this story misnamed the minister.</p></div></article>"
    )
    assert furniture_of(html).correction_texts == (
        "An earlier version of this story misnamed the minister.",
    )


def test_chrome_boxes_spare_the_story() -> None:
    html = (
        '<div class="content share-enabled"><h1>Story</h1>' + STORY * 3 + "</div>"
        '<div class="social-share">Share this</div><nav><a href="/">Home</a></nav>'
        '<div class="related-links correction-box">Correction: x was y</div>'
        '<figure><img src="a.jpg"><figcaption>Photo: Reuters</figcaption></figure>'
    )
    boxes = chrome_boxes(parse_html(html))
    assert [(box.tag, attr(box, "class")) for box in boxes] == [
        ("div", "social-share"),
        ("nav", ""),
        ("figcaption", ""),
    ]


def test_chrome_boxes_named_by_id_or_in_any_spelling() -> None:
    html = (
        '<div class="content"><h1>Story</h1>' + STORY * 3 + "</div>"
        '<div class="td-post-sharing">Share</div><div id="related-articles">More</div>'
        '<div class="adUnit">Ad</div><div class="header">Site</div>'
    )
    boxes = chrome_boxes(parse_html(html))
    assert [attr(box, "class") or attr(box, "id") for box in boxes] == [
        "td-post-sharing",
        "related-articles",
        "adUnit",
    ]


def test_byline_prefers_the_article() -> None:
    html = (
        '<aside><div class="card"><span class="byline">By Card Writer</span></div></aside>'
        '<article><h1>S</h1><p class="byline">By Jane Doe</p>' + STORY + "</article>"
    )
    tree = parse_html(html)
    assert read_page(tree, article_scope(tree)).byline == ("By Jane Doe",)
