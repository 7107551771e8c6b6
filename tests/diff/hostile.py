"""Article text that tries to run, style or hide things in a terminal or a page."""

from __future__ import annotations

from dataclasses import replace

from revtrack.article import Article
from tests.diff.scenarios import kyiv_update

MARKUP = "[/] [bold]loud[/bold] [@click=app.quit] [link=https://evil.example]x[/link] :smile:"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x9b5m \x1b[2J"
HTML = "<script>alert(1)</script>"
HOSTILE = f"Officials said {MARKUP} {ESCAPES} {HTML} on Monday."


def hostile_update() -> Article:
    """The live story's update, with hostile text in a paragraph, the headline and a note."""
    update = kyiv_update()
    paragraphs = list(update.paragraphs)
    paragraphs[1] = f"{paragraphs[1]} {HOSTILE}"
    return replace(
        update,
        headline=f"{update.headline} {MARKUP}",
        paragraphs=tuple(paragraphs),
        corrections=(*update.corrections, HOSTILE),
    )


def assert_safe(output: str, *, plain: bool) -> None:
    """Printed literally; none of the article's own escape sequences got through."""
    assert "[/]" in output
    assert "[@click=app.quit]" in output
    assert "[bold]loud[/bold]" in output
    assert ":smile:" in output
    assert "<script>" in output
    for sequence in ("\x1b]0;", "\x07", "\x9b", "\x1b[2J"):
        assert sequence not in output
    if plain:
        assert "\x1b" not in output
