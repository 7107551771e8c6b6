"""Correction and editor's notes are told apart from story paragraphs."""

from __future__ import annotations

import pytest

from revtrack.extract.corrections import is_correction, merge_notes, split_corrections


@pytest.mark.parametrize(
    "text",
    [
        "Correction: An earlier version of this article misstated the toll.",
        "CORRECTION: The minister's name was misspelled.",
        "Corrections: Two dates were wrong.",
        "Correction, June 17, 2023: The vote was 7 to 2.",
        "Correction (June 17): The vote was 7 to 2.",
        "Clarification: The report was published by the ministry.",
        "Editor's note: This story has been updated with new figures.",
        "Editor’s Note — names have been changed.",
        "An earlier version of this article misstated the number of people injured.",
        "An earlier version of this story gave the wrong date.",
        "A previous version of this report said 12 people were hurt.",
        "This article has been updated to correct the spelling of a name.",
        "This story was updated to reflect a statement from the ministry.",
        "*Correction: the figure was 14, not 41.",
    ],
)
def test_correction_notes(text: str) -> None:
    assert is_correction(text)


@pytest.mark.parametrize(
    "text",
    [
        "Corrections officers said the inmate was found in his cell.",
        "The correction in markets continued on Friday.",
        "The ministry issued a clarification later that day.",
        "This article is part of a series on energy.",
        "Update: Officials now say 14 people died.",
        "An earlier version of the bill was rejected by parliament.",
    ],
)
def test_story_paragraphs(text: str) -> None:
    assert not is_correction(text)


def test_split_moves_notes_out_of_the_body() -> None:
    lines = ["First.", "Correction: The toll was 14.", "Last.", "The toll was revised."]
    story, notes = split_corrections(lines, known=["The toll was revised."])
    assert story == ["First.", "Last."]
    assert notes == ["Correction: The toll was 14.", "The toll was revised."]


def test_merge_keeps_the_labelled_note_once() -> None:
    notes = merge_notes(
        ["An earlier version of this article misstated the toll."],
        ["Correction: An earlier version of this article misstated the toll."],
        ["Correction", "This article has been updated to reflect new figures."],
    )
    assert notes == [
        "Correction: An earlier version of this article misstated the toll.",
        "This article has been updated to reflect new figures.",
    ]
