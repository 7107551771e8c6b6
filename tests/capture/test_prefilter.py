from revtrack.capture.prefilter import page_digest

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
    assert page_digest(noisy) == page_digest(PAGE)


def test_any_article_edit_changes_the_digest() -> None:
    for old, new in [
        ("kill 1</h1>", "kill 2</h1>"),
        ("drone attack", "missile attack"),
        ("</article>", "<p>Correction: an earlier version misstated the toll.</p></article>"),
        ("<title>Strikes kill 1", "<title>Strikes kill 3"),
    ]:
        assert page_digest(PAGE.replace(old, new)) != page_digest(PAGE), old


def test_class_names_that_merely_contain_ad_are_not_chrome() -> None:
    page = '<html><body><div class="headline">Mayor resigns</div></body></html>'
    other = page.replace("Mayor resigns", "Mayor stays")
    assert page_digest(page) != page_digest(other)


def test_deeply_nested_pages_are_digested_by_their_text() -> None:
    def deep(text: str) -> str:
        return "<div>" * 100_000 + f"<p>{text}</p>" + "</div>" * 100_000

    assert page_digest(deep("Deep text.")) == page_digest(deep("Deep text."))
    assert page_digest(deep("Deep text.")) != page_digest(deep("Deep text, edited."))
