"""What kind of edit a change is: a fact changed, or only its style.

A change is ``fact`` when a fact-bearing token appears, disappears or changes: a number
(digits or a number word), a date word (month, weekday, "yesterday"), a name (a
capitalised word that does not start its sentence), any word inside a quoted passage,
or a quote mark itself. It is ``fact`` too when what the sentence claims changes
without such a token (``claims``): negation, a verb of stance, modality, new or dropped
content words, a clause added or cut. A whole added or deleted sentence is ``fact``
when it has such a token or states something (three content words): new information.

Everything else is ``style``: spelling, punctuation, case, and near-identical rewording
(a synonym, reordered words, "said" -> "told reporters", a contraction, an article or
preposition), including a misspelt name corrected ("Emanuel" -> "Emmanuel"). A change
of whitespace alone is neither.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

from rapidfuzz.distance import OSA

from revtrack.diff.claims import claim_changed, makes_claim
from revtrack.diff.sentences import QUOTE_MARKS
from revtrack.diff.tokens import WORD
from revtrack.diff.words import DELETE, INSERT, Segment, hunks, join_side

__all__ = [
    "CONTEXT_LABELS",
    "Label",
    "Spans",
    "classify_change",
    "has_fact",
    "looks_like_correction",
    "ordered",
    "spans_within",
]


class Label(StrEnum):
    FACT = "fact"
    STYLE = "style"
    HEADLINE = "headline"
    CORRECTION = "correction"
    SILENT = "silent"
    FLIP_FLOP = "flip-flop"
    REMOVED = "removed"
    RESTORED = "restored"


# Labels only the caller knows (from the store's history), passed in as context.
CONTEXT_LABELS = frozenset({Label.FLIP_FLOP, Label.REMOVED, Label.RESTORED})
_ORDER = {label: i for i, label in enumerate(Label)}

Spans = Sequence[tuple[int, int]]

_FACTISH = re.compile(r"\w+|[\"“”«»„]")
_DIGIT_OR_QUOTE = re.compile(r"\d|[\"“”«»„]")
_CAPITALISED = re.compile(r"\b[^\W\d_a-z]\w*")  # filtered with str.isupper afterwards
_NOT_LOOSE = re.compile(r"[^\w\"“”«»„]+")
_QUOTES_TO_ONE = str.maketrans(dict.fromkeys("“”«»„", '"'))
_OPENING = frozenset("\"'“‘«([")
_CLOSING = frozenset("\"'”’»)]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DATE_WORDS = _words(
    """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """
)
_RELATIVE_DAYS = _words("today yesterday tomorrow tonight")
_NUMBER_WORDS = _words(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion billions
    trillion dozen dozens half quarter single double twice thrice first second third
    fourth fifth sixth seventh eighth ninth tenth
    """
)
_NUMBER_AND_DAY_WORDS = _NUMBER_WORDS | _RELATIVE_DAYS

_CORRECTION_WORDS = ("correct", "clarif", "editor", "version of this", "amended")
_CORRECTION = re.compile(
    r"^\W*(?:correction|clarification|editor[’']?s note)s?\b"
    r"|\b(?:an earlier|a previous|the original) version of this (?:article|story|report)"
    r"|\bthis (?:article|story|report) (?:has been|was) (?:corrected|amended)",
    re.IGNORECASE,
)


def ordered(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels without repeats, in the fixed order of ``Label``."""
    return tuple(sorted(set(labels), key=lambda label: _ORDER[Label(label)]))


def looks_like_correction(text: str) -> bool:
    """A correction or clarification notice, as news sites word them."""
    lowered = text.lower()
    if not any(word in lowered for word in _CORRECTION_WORDS):
        return False  # the common case, decided without running the regex
    return _CORRECTION.search(text) is not None


def spans_within(spans: Spans, start: int, end: int) -> list[tuple[int, int]]:
    """``spans`` clipped to ``[start, end)`` and made relative to ``start``."""
    return [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]


def has_fact(text: str, quotes: Spans) -> bool:
    """Whether a whole added or deleted text carries a fact, or states something new."""
    return _has_fact_token(text, quotes) or makes_claim(text)


def _has_fact_token(text: str, quotes: Spans) -> bool:
    if quotes or _DIGIT_OR_QUOTE.search(text):
        return True
    if not _NUMBER_AND_DAY_WORDS.isdisjoint(WORD.findall(text.lower())):
        return True
    for match in _CAPITALISED.finditer(text):
        token = match.group()
        if not token[0].isupper():
            continue  # a lower-case letter outside ASCII
        if token in _DATE_WORDS or (token != "I" and not _starts_sentence(text, match.start())):
            return True
    return False


def classify_change(
    segments: Sequence[Segment], old_quotes: Spans, new_quotes: Spans
) -> Label | None:
    """FACT, STYLE, or None when the segments change nothing but whitespace."""
    old_text, new_text = join_side(segments, DELETE), join_side(segments, INSERT)
    edits: list[tuple[str, str]] = []
    # Fact tokens of all hunks together: a date or name that only moved inside its
    # sentence ("On Friday, officials said" -> "Officials said on Friday") is no news.
    old_facts: list[str] = []
    new_facts: list[str] = []
    for deleted, inserted, old_at, new_at in hunks(list(segments)):
        if not (deleted.strip() or inserted.strip()):
            continue
        edits.append((deleted, inserted))
        if _loose(deleted) != _loose(inserted):
            old_facts += _fact_tokens(old_text, old_at, old_at + len(deleted), old_quotes)
            new_facts += _fact_tokens(new_text, new_at, new_at + len(inserted), new_quotes)
    if not edits:
        return None
    if _facts_differ(old_facts, new_facts):
        return Label.FACT
    # Punctuation and case alone never change a claim; words may (negation, stance...).
    if _loose(old_text) != _loose(new_text) and claim_changed(old_text, new_text, edits):
        return Label.FACT
    return Label.STYLE


def _loose(text: str) -> str:
    """Text with case, spacing and punctuation other than quote marks ignored."""
    return _NOT_LOOSE.sub("", text).translate(_QUOTES_TO_ONE).casefold()


def _facts_differ(old: list[str], new: list[str]) -> bool:
    old_only = list((Counter(old) - Counter(new)).elements())
    new_only = list((Counter(new) - Counter(old)).elements())
    if not old_only and not new_only:
        return False
    if len(old_only) != len(new_only):
        return True
    return not all(_is_spelling_fix(a, b) for a, b in zip(old_only, new_only, strict=True))


def _is_spelling_fix(old: str, new: str) -> bool:
    """A misspelt word corrected: a letter or two, never a number or a date."""
    if not (old.isalpha() and new.isalpha()):
        return False
    if {old, new} & _DATE_WORDS or {old.lower(), new.lower()} & (_NUMBER_WORDS | _RELATIVE_DAYS):
        return False
    allowed = 1 if max(len(old), len(new)) <= 5 else 2
    return OSA.distance(old.casefold(), new.casefold()) <= allowed


def _fact_tokens(text: str, start: int, end: int, quotes: Spans) -> list[str]:
    found: list[str] = []
    for match in _FACTISH.finditer(text, start, end):
        token = match.group()
        if token in QUOTE_MARKS:
            found.append('"')
        elif _is_fact_word(token, text, match.start(), quotes):
            found.append(token)
    return found


def _is_fact_word(token: str, text: str, at: int, quotes: Spans) -> bool:
    if any(c.isdigit() for c in token) or token.lower() in _NUMBER_WORDS:
        return True
    if token in _DATE_WORDS or token.lower() in _RELATIVE_DAYS:
        return True
    if any(s <= at < e for s, e in quotes):
        return True
    return token[0].isupper() and token != "I" and not _starts_sentence(text, at)


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens its sentence (so its capital says nothing)."""
    i = at - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENING):
        i -= 1
    if i < 0:
        return True
    spaced = i < at - 1 and any(c.isspace() for c in text[i + 1 : at])
    while i >= 0 and text[i] in _CLOSING:
        i -= 1
    return spaced and i >= 0 and text[i] in ".!?…"
