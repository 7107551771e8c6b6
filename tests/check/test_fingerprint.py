from dataclasses import replace
from datetime import UTC, datetime

from revtrack.article import Article
from revtrack.check.fingerprint import fingerprint_article, normalise_text

BASE = Article(
    url="https://example.com/a",
    headline="Russian strikes kill 1",
    byline="Reuters",
    updated=datetime(2025, 12, 1, 9, 0, tzinfo=UTC),
    updated_text="Updated 3 sec ago",
    highlights=("Talks continue",),
    paragraphs=("KYIV: Russian attacks killed at least one person.", "A man was killed."),
)


def test_stamps_and_url_do_not_change_the_fingerprint() -> None:
    moved = replace(
        BASE,
        updated=datetime(2025, 12, 1, 9, 5, tzinfo=UTC),
        updated_text="Updated 8 min ago",
        url="https://example.com/a?x=1",
    )
    assert fingerprint_article(moved) == fingerprint_article(BASE)


def test_whitespace_invisible_chars_and_relative_times_are_noise() -> None:
    noisy = replace(
        BASE,
        paragraphs=(
            "KYIV:  Russian attacks\u200b killed at least one person. ",
            "A man was killed. 5 mins ago",
        ),
    )
    assert fingerprint_article(noisy) == fingerprint_article(BASE)


def test_a_changed_number_is_an_edit() -> None:
    edited = replace(BASE, headline="Russian strikes kill 3")
    assert fingerprint_article(edited) != fingerprint_article(BASE)


def test_moving_text_between_fields_is_an_edit() -> None:
    moved = replace(BASE, highlights=(), paragraphs=("Talks continue", *BASE.paragraphs))
    assert fingerprint_article(moved) != fingerprint_article(BASE)


def test_correction_appended_is_an_edit() -> None:
    corrected = replace(BASE, corrections=("An earlier version misstated the toll.",))
    assert fingerprint_article(corrected) != fingerprint_article(BASE)


def test_normalise_text_composes_unicode() -> None:
    assert normalise_text("Cafe\u0301  now") == "Café now"
