"""Every output format, with hostile text, in colour and in plain mode."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from revtrack.cli.render import Look, render
from revtrack.diff import ChangeSet, diff_articles
from tests.diff.hostile import assert_safe, hostile_update
from tests.diff.scenarios import kyiv_update
from tests.diff.seed import KYIV


def _printed(changes: ChangeSet, fmt: str, *, plain: bool, context: int = 1) -> str:
    out = io.StringIO()
    console = Console(
        file=out, width=120, force_terminal=not plain, color_system=None if plain else "truecolor",
        highlight=False, markup=False, emoji=False, soft_wrap=True,
    )  # fmt: skip
    for renderable in render(changes, fmt, Look(plain=plain, context=context)):
        console.print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["inline", "side", "unified"])
@pytest.mark.parametrize("plain", [True, False])
def test_hostile_text_prints_literally(fmt: str, plain: bool) -> None:
    output = _printed(diff_articles(KYIV, hostile_update()), fmt, plain=plain)
    assert_safe(output, plain=plain)


def test_inline_plain_marks_words() -> None:
    output = _printed(diff_articles(KYIV, kyiv_update()), "inline", plain=True)
    assert "headline: Russian strikes kill [-1-]{+3+} as US" in output
    assert "killed at least [-one person-]{+three people+} in Ukraine" in output
    assert "(moved from ¶9) Kellogg is due to leave" in output
    assert "¶9  (moved to ¶7)" in output
    assert "labels: fact, headline, correction" in output
    assert "⋯ 3 unchanged paragraphs" in output


def test_inline_colour_uses_styles_not_markers() -> None:
    output = _printed(diff_articles(KYIV, kyiv_update()), "inline", plain=False)
    assert "[-" not in output
    assert "{+" not in output
    assert "\x1b[" in output


def test_unified_is_paragraph_lines() -> None:
    output = _printed(diff_articles(KYIV, kyiv_update()), "unified", plain=True, context=0)
    lines = output.splitlines()
    assert "@@ ¶1 → ¶1 @@  [fact]" in lines
    assert any(line.startswith("-KYIV: Russian missile") for line in lines)
    assert any(line.startswith("+KYIV: Russian missile") for line in lines)
    assert any(line.startswith("-“There are statements") for line in lines)
    assert not any(line.startswith(" ") for line in lines)  # context 0: no equal lines


def test_side_has_both_versions() -> None:
    output = _printed(diff_articles(KYIV, kyiv_update()), "side", plain=True)
    assert "[-one person-]" in output
    assert "{+three people+}" in output


def test_no_changes_says_so() -> None:
    output = _printed(diff_articles(KYIV, KYIV), "inline", plain=True)
    assert "no changes" in output
