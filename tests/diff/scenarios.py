"""Edited versions of the seed articles, each edit one a real newsroom makes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from revtrack.article import Article
from tests.diff.seed import BLINKEN, KYIV

CORRECTION = (
    "An earlier version of this article misstated the number of people killed in the "
    "overnight attacks."
)


def _replaced(paragraphs: tuple[str, ...], index: int, old: str, new: str) -> tuple[str, ...]:
    assert old in paragraphs[index], old
    edited = list(paragraphs)
    edited[index] = edited[index].replace(old, new)
    return tuple(edited)


def kyiv_update() -> Article:
    """The live story, minutes later: toll 1 -> 3, a quote gone, a paragraph moved up,
    a correction appended and the "Updated" stamp moved on."""
    paragraphs = _replaced(
        KYIV.paragraphs, 0, "killed at least one person", "killed at least three people"
    )
    paragraphs = tuple(p for p in paragraphs if not p.startswith("“There are statements"))
    kellogg = paragraphs[8]
    assert kellogg.startswith("Kellogg is due")
    moved = [*paragraphs[:6], kellogg, *paragraphs[6:8], *paragraphs[9:]]
    return replace(
        KYIV,
        headline=KYIV.headline.replace("kill 1", "kill 3"),
        paragraphs=tuple(moved),
        corrections=(CORRECTION,),
        updated=KYIV.updated + timedelta(minutes=20) if KYIV.updated else None,
    )


def blinken_silent_edit() -> Article:
    """The finished article, edited without a new stamp: headline rewritten, a name's
    typo fixed, and a date changed in the body and the highlights."""
    paragraphs = _replaced(BLINKEN.paragraphs, 1, "June 18-19", "June 18-20")
    paragraphs = _replaced(paragraphs, 11, "Emanuel Macron", "Emmanuel Macron")
    highlights = (BLINKEN.highlights[0].replace("18-19", "18-20"), *BLINKEN.highlights[1:])
    return replace(
        BLINKEN,
        headline="Blinken arrives in Beijing on a mission to calm fears of a US-China break",
        paragraphs=paragraphs,
        highlights=highlights,
    )


def blinken_body_correction() -> Article:
    """A correction notice printed as the last body paragraph, with a fact fixed."""
    paragraphs = _replaced(BLINKEN.paragraphs, 14, "September G20", "September G20 summit")
    notice = "Correction: An earlier version of this story gave the wrong month for the G20."
    return replace(BLINKEN, paragraphs=(*paragraphs, notice))
