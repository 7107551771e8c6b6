"""Text hygiene: literal markup, no terminal controls, no invisible characters."""

from __future__ import annotations

import pytest

from revtrack.extract.text import clean_markup_text, clean_text, dedupe, match_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x",
            "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x",
        ),
        ("\x1b[31mRed\x1b[0m alert", "Red alert"),
        ("a\x1b]0;window title\x07b", "ab"),
        ("a\x1b(Bb", "ab"),
        ("a\x9b31mb", "ab"),
        ("a\x1b]unterminated", "aunterminated"),
        ("tab\tand\nnewline", "tab and newline"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        (
            "zero\u200bwidth\u200d joiner\ufeff and soft\u00adhyphen",
            "zerowidth joiner and softhyphen",
        ),
        ("non\u00a0breaking\u2009thin   spaces", "non breaking thin spaces"),
        ("cafe\u0301", "café"),
        ("lone \ud800 surrogate", "lone surrogate"),
        ("  ", ""),
        ("3 < 5 and a<b", "3 < 5 and a<b"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("City&#8217;s bridge", "City’s bridge"),
        ("<p>From <em>April 1</em>; one lane.</p><p>Next</p>", "From April 1; one lane. Next"),
        ("3 &lt; 5", "3 < 5"),
        ("[b]bold[/b] &amp; more", "[b]bold[/b] & more"),
    ],
)
def test_clean_markup_text(raw: str, expected: str) -> None:
    assert clean_markup_text(raw) == expected


def test_match_key_ignores_case_spacing_and_punctuation() -> None:
    assert match_key("• Follow") == match_key("follow") == "follow"
    assert match_key("Read more:  China") == match_key("read more: china")
    assert match_key("…") == ""


def test_dedupe_keeps_the_first_spelling() -> None:
    assert dedupe(["Jane Doe", "jane doe", "", "John Roe", "JANE DOE."]) == ["Jane Doe", "John Roe"]
