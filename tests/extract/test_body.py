"""trafilatura's body tree -> blocks: every piece of text it returned is kept."""

from __future__ import annotations

from lxml import etree

from revtrack.extract.body import Block, _blocks_of


def blocks(xml: str) -> list[Block]:
    return _blocks_of(etree.fromstring(xml))


def test_loose_text_after_a_block_is_kept() -> None:
    # trafilatura leaves text that follows a heading or inline element as its tail.
    got = blocks("<body><head>Heading</head>Loose text after it.<p>Para.</p>Tail two.</body>")
    assert [b.text for b in got] == ["Heading", "Loose text after it.", "Para.", "Tail two."]
    assert [b.kind for b in got] == ["head", "p", "p", "p"]


def test_inline_children_keep_their_tails() -> None:
    got = blocks("<body><p>Before <hi>bold</hi> after.</p></body>")
    assert [b.text for b in got] == ["Before bold after."]


def test_text_between_a_quotes_paragraphs_is_kept() -> None:
    got = blocks("<body><quote>Intro<p>First.</p>between<p>Second.</p>end</quote></body>")
    assert [b.text for b in got] == ["Intro", "First.", "between", "Second.", "end"]
    assert {b.kind for b in got} == {"quote"}


def test_line_breaks_split_loose_text_too() -> None:
    got = blocks("<body><p>One<lb/>Two</p>Three</body>")
    assert [b.text for b in got] == ["One", "Two", "Three"]


def _fake_trafilatura(precise_words: int, default_words: int):  # type: ignore[no-untyped-def]
    def blocks(html: str, url: str, *, precise: bool = True) -> list[Block]:
        words = precise_words if precise else default_words
        return [Block("p", " ".join(["word"] * words))]

    return blocks


def test_a_precise_fragment_falls_back_to_the_default_body(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from revtrack.extract import core
    from revtrack.extract.jsonld import LinkedData

    monkeypatch.setattr(core, "trafilatura_blocks", _fake_trafilatura(24, 600))
    got = core._body_blocks(("<p>x</p>", "<p>x</p>"), "https://x.com/a", None, LinkedData())  # type: ignore[arg-type]
    assert core._word_count(got) == 600
    # A default body not much longer than the precise one is no better.
    monkeypatch.setattr(core, "trafilatura_blocks", _fake_trafilatura(120, 200))
    got = core._body_blocks(("<p>x</p>", "<p>x</p>"), "https://x.com/a", None, LinkedData())  # type: ignore[arg-type]
    assert core._word_count(got) == 120


def test_a_long_articlebody_makes_a_long_precise_body_get_checked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from revtrack.extract import core
    from revtrack.extract.jsonld import LinkedData

    stated = LinkedData(body=" ".join(["word"] * 3000))
    monkeypatch.setattr(core, "trafilatura_blocks", _fake_trafilatura(400, 2900))
    got = core._body_blocks(("<p>x</p>", "<p>x</p>"), "https://x.com/a", None, stated)  # type: ignore[arg-type]
    assert core._word_count(got) == 2900
    got = core._body_blocks(("<p>x</p>", "<p>x</p>"), "https://x.com/a", None, LinkedData())  # type: ignore[arg-type]
    assert core._word_count(got) == 400
