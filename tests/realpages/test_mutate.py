"""The page mutations the real-page judge relies on, on small hand-made HTML."""

import re

import pytest

from revtrack.check.prefilter import page_digest
from tests.realpages.judge import sample
from tests.realpages.mutate import add_noise, edit_headline, edit_word

PAGE = """<!doctype html><html><head>
<title>Strikes kill 12 in city | Daily Example</title>
<meta name="description" content="A man was killed in a drone attack, officials said.">
<meta property="og:description" content="A man was killed in a drone attack, officials said.">
<meta property="og:title" content="Strikes kill 12 in city">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Strikes kill 12 in city",
"articleBody": "A man was killed in a drone attack, officials said.\\nThey don\\u2019t know more."}
</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<article><h1>Strikes kill 12 in city</h1>
<p>A man was <em>killed</em> in a drone
attack, officials said.</p>
<p>They don&#8217;t know more.</p>
<p>The &quot;mayor&quot; asked for calm &amp; patience.</p>
</article></body></html>"""

FIRST = "A man was killed in a drone attack, officials said."


def _words(html: str) -> list[str]:
    return re.findall(r"\w+", html)


def _changed_words(before: str, after: str) -> set[tuple[str, str]]:
    """The (old, new) word pairs between two texts that differ only in words."""
    old, new = _words(before), _words(after)
    assert len(old) == len(new)
    return {(a, b) for a, b in zip(old, new, strict=True) if a != b}


def test_noise_is_deterministic_per_index_and_differs_between_indices() -> None:
    assert add_noise(PAGE, 1) == add_noise(PAGE, 1)
    assert add_noise(PAGE, 1) != add_noise(PAGE, 2)
    assert add_noise(PAGE, 2, visible_clock=True) != add_noise(PAGE, 3, visible_clock=True)


def test_noise_has_a_clock_tokens_and_teasers_and_keeps_the_page() -> None:
    noisy = add_noise(PAGE, 7)
    assert re.search(r"Updated \d+ sec ago", noisy)
    assert 'data-token="' in noisy
    assert re.search(r'<link rel="stylesheet" href="[^"]*\?v=\w+"', noisy)
    assert re.search(r"<script>[^<]*__cacheToken", noisy)
    assert noisy.count('class="most-read"') == 1
    assert noisy.count('class="trending"') == 1
    # The teaser box opens the body, the trending box closes it; the page itself is intact.
    body = noisy.index("<body>") + len("<body>")
    assert noisy[body:].startswith('<header class="site-header"')
    assert noisy.index('class="trending"') > noisy.index("</article>")
    stripped = re.sub(r"<link[^>]*\?v=[^>]*><script>[^<]*</script>", "", noisy, count=1)
    stripped = re.sub(r'<header class="site-header".*?</aside>', "", stripped, count=1)
    stripped = re.sub(r'<div class="trending">.*?</div>', "", stripped, count=1)
    assert stripped == PAGE


def test_teaser_headlines_rotate() -> None:
    def teasers(index: int) -> list[str]:
        return re.findall(r"ref=most-read\">([^<]+)<", add_noise(PAGE, index))

    assert teasers(1) != teasers(2)


def test_visible_clock_ticks_in_the_text() -> None:
    one, two = add_noise(PAGE, 1, visible_clock=True), add_noise(PAGE, 2, visible_clock=True)
    assert re.search(r'<span class="clock">\d\d:\d\d:\d\d</span>', one)
    assert page_digest(one) != page_digest(two)


def test_noise_on_a_page_without_head_or_body() -> None:
    noisy = add_noise("<p>Just a paragraph.</p>", 3)
    assert "<p>Just a paragraph.</p>" in noisy
    assert noisy.index("most-read") < noisy.index("Just a paragraph")


def test_edit_word_changes_one_word_in_every_copy() -> None:
    edited = edit_word(PAGE, FIRST, seed=0)
    assert edited is not None
    changes = _changed_words(PAGE, edited)
    assert len(changes) == 1
    (old, new), *_ = changes
    assert len(old) == len(new) >= 4
    assert old in FIRST
    # Every copy of the sentence: body, meta description, og:description, JSON-LD.
    assert _words(PAGE).count(old) - _words(edited).count(old) == 4
    assert _words(edited).count(new) == 4


def test_edit_word_seeds_pick_different_words() -> None:
    picked = set()
    for seed in range(8):
        edited = edit_word(PAGE, FIRST, seed=seed)
        assert edited is not None
        picked |= _changed_words(PAGE, edited)
    assert len({old for old, _ in picked}) >= 3


def test_edit_word_is_deterministic() -> None:
    assert edit_word(PAGE, FIRST, seed=3) == edit_word(PAGE, FIRST, seed=3)


def test_edit_word_reaches_through_inline_tags_and_line_breaks() -> None:
    # "killed" sits in <em>, "drone attack" spans a line break: every seed still maps.
    for seed in range(10):
        edited = edit_word(PAGE, FIRST, seed=seed)
        assert edited is not None
        body = edited[edited.index("<article>") :]
        assert body != PAGE[PAGE.index("<article>") :], seed


def test_edit_word_keeps_entities_and_json_escapes() -> None:
    edited = edit_word(PAGE, "They don’t know more.", seed=0)
    assert edited is not None
    assert "don&#8217;t" in edited
    assert "don\\u2019t" in edited
    changes = _changed_words(PAGE, edited)
    # (The JSON copy follows a "\\n", so \w+ reads "nThey" there.)
    olds = {old.removeprefix("n") for old, _ in changes}
    assert olds in ({"know"}, {"They"}, {"more"})
    (_, new), *_ = changes
    assert edited.count(new.removeprefix("n")) == 2  # the body and the JSON-LD copy


def test_edit_word_through_html_escaped_quotes_and_ampersands() -> None:
    paragraph = 'The "mayor" asked for calm & patience.'
    for seed in range(6):
        edited = edit_word(PAGE, paragraph, seed=seed)
        assert edited is not None
        assert "&quot;" in edited
        assert "&amp;" in edited
        assert len(_changed_words(PAGE, edited)) == 1


def test_edit_word_never_edits_inside_a_longer_word() -> None:
    page = "<p>Sunday: the days are longer on Sundays than on weekdays</p>"
    for seed in range(10):
        edited = edit_word(page, "Sunday: the days are longer", seed=seed)
        assert edited is not None
        assert "Sundays than on weekdays" in edited


def test_edit_word_on_cyrillic_and_cjk_text() -> None:
    page = (
        "<p>Москва объявила новые меры</p>"
        "<p><ruby>法律<rt>ほうりつ</rt></ruby>ができて、体罰を禁止</p>"
    )
    edited = edit_word(page, "Москва объявила новые меры", seed=1)
    assert edited is not None
    assert edited != page
    assert "<p>Москва объявила новые меры</p>" not in edited
    edited = edit_word(page, "法律ができて、体罰を禁止", seed=0)
    assert edited is not None
    assert "<rt>ほうりつ</rt>" in edited
    assert edited.count("<") == page.count("<")
    assert edited != page


def test_edit_word_single_word_paragraph() -> None:
    edited = edit_word("<h2>Fazit</h2><p>Gut.</p>", "Fazit", seed=0)
    assert edited == "<h2>Fozit</h2><p>Gut.</p>"


@pytest.mark.parametrize(
    "paragraph",
    ["Nothing like this is on the page at all.", "1234 5678", "a b c", ""],
)
def test_edit_word_returns_none_when_the_paragraph_is_not_in_the_page(paragraph: str) -> None:
    assert edit_word(PAGE, paragraph, seed=0) is None


def test_edit_word_prefers_the_visible_copy() -> None:
    # The body copy breaks the sentence with a tag and an entity: it is still the one edited.
    page = (
        '<head><meta name="description" content="Flood waters rose overnight in the valley.">'
        "</head><body><p>Flood <b>waters</b>&nbsp;rose overnight in the valley.</p></body>"
    )
    for seed in range(5):
        edited = edit_word(page, "Flood waters rose overnight in the valley.", seed=seed)
        assert edited is not None
        body = edited[edited.index("<body>") :]
        assert body != page[page.index("<body>") :]
        assert len(_changed_words(page, edited)) == 1


def test_edit_headline_changes_title_og_title_h1_and_json_ld() -> None:
    edited = edit_headline(PAGE, "Strikes kill 12 in city", seed=0)
    assert edited is not None
    changes = _changed_words(PAGE, edited)
    assert len(changes) == 1
    (old, new), *_ = changes
    assert _words(edited).count(new) == 4  # title, og:title, JSON-LD headline, h1
    assert _words(edited).count(old) == _words(PAGE).count(old) - 4


def test_sample_spreads_evenly() -> None:
    assert sample(3, 6) == [0, 1, 2]
    assert sample(11, 6) == [0, 2, 4, 6, 8, 10]
    assert sample(10, None) == list(range(10))
    assert sample(10, 1) == [0]


def test_edit_headline_reaches_json_ld_with_entity_encoded_spaces() -> None:
    # selbermachen.de writes its JSON-LD strings with every space as "&#x20;".
    page = (
        '<script type="application/ld+json">{"headline": "Wohngew&#x00E4;chshaus&#x20;selber'
        '&#x20;bauen"}</script><h1>Wohngewächshaus selber bauen</h1>'
    )
    edited = edit_headline(page, "Wohngewächshaus selber bauen", seed=0)
    assert edited is not None
    assert "Wohngew" not in edited
    assert edited.count("Wuhngew") == 2
    assert "&#x00E4;" in edited


def test_edit_word_reaches_entity_obfuscated_ascii() -> None:
    # bsi.de writes its press address as numeric entities, letter by letter.
    address = "".join(f"&#{ord(c)};" for c in "presse@bsi.bund.de")
    page = f"<p>E-Mail: <a href='mailto:x'><span>{address}</span></a></p>"
    edited = edit_word(page, "E-Mail: presse@bsi.bund.de", seed=0)
    assert edited is not None
    assert edited != page
    assert edited.count("&#") == page.count("&#")
