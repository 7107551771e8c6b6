import pytest

from revtrack.safe_text import single_line, strip_controls


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("Mayor \x1b[31mresigns\x1b[0m", "Mayor resigns"),
        ("title\x1b]0;pwned\x07 here", "title here"),  # OSC: set window title
        ("link \x1b]8;;http://evil\x1b\\text\x1b]8;;\x1b\\", "link text"),  # OSC 8 hyperlink
        ("8-bit \x9b31mCSI", "8-bit CSI"),
        ("bell\x07 and NUL\x00 and DEL\x7f", "bell and NUL and DEL"),
        ("[/] [@click=app.quit]now[/] [$accent]", "[/] [@click=app.quit]now[/] [$accent]"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_strip_controls_keeps_text_and_drops_sequences(hostile: str, shown: str) -> None:
    assert strip_controls(hostile) == shown
    assert "\x1b" not in strip_controls(hostile)


def test_single_line_folds_whitespace() -> None:
    assert single_line("  a\n\tb \x1b[1m c  ") == "a b c"
