"""Correction and editor's notes, kept apart from the body.

A correction paragraph goes into ``Article.corrections`` and not into
``Article.paragraphs``, so a diff counts it once, as a correction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from revtrack.extract.text import match_key

_CORRECTION_START = re.compile(
    r"^\W*(?:"
    r"(?:corrections?|clarifications?|editor[’'`]?s['’]?\s+notes?|editorial\s+note)"
    r"\s*(?:\([^)\n]{0,40}\)|,[^:\n]{0,40})?\s*[:.\-–—]"
    r"|(?:an?|the)\s+(?:earlier|previous|original|prior)\s+version\s+of\s+this\s+"
    r"(?:article|story|report|post|piece|headline|photo|caption|video|graphic)\b"
    r"|this\s+(?:article|story|report|post|piece)\s+(?:has\s+been|was|is\s+being)\s+"
    r"(?:updated|amended|corrected|changed|edited|revised)\s+to\s+"
    r"(?:correct|reflect|clarify|remove|include|fix|note|add|update)\b"
    r")",
    re.IGNORECASE,
)
# Label-only keys ("Correction", "Clarification:") say nothing on their own.
_LABEL_ONLY = re.compile(r"^(?:corrections?|clarifications?|editorsnotes?|editorialnote)$")


def is_correction(text: str) -> bool:
    """True for a paragraph that is a correction, clarification or editor's note."""
    return bool(_CORRECTION_START.match(text))


def split_corrections(
    lines: Iterable[str], known: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Split body lines into (story lines, correction notes).

    ``known`` are notes found elsewhere (marked-up boxes, JSON-LD): a body line
    equal to one of them is a correction too, whatever its wording.
    """
    known_keys = {match_key(text) for text in known}
    story: list[str] = []
    notes: list[str] = []
    for line in lines:
        if is_correction(line) or match_key(line) in known_keys:
            notes.append(line)
        else:
            story.append(line)
    return story, notes


def merge_notes(*sources: Iterable[str]) -> list[str]:
    """One list of distinct notes, in source order.

    The same note often appears twice, once labelled ("Correction: An earlier
    version...") and once not (JSON-LD ``correction``); the labelled one is kept.
    """
    notes: list[str] = []
    keys: list[str] = []
    for text in (text for source in sources for text in source):
        key = match_key(text)
        if not key or _LABEL_ONLY.match(key):
            continue
        duplicate = next((i for i, seen in enumerate(keys) if key in seen or seen in key), None)
        if duplicate is None:
            notes.append(text)
            keys.append(key)
        elif len(key) > len(keys[duplicate]):
            notes[duplicate], keys[duplicate] = text, key
    return notes
