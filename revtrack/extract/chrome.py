"""UI chrome that extractors leave in the body: stamps, "Follow", share prompts.

A line that is chrome changes with every render ("Updated 3 sec ago") or says
nothing about the story ("Share this article"), so it must never reach the
body, where every change would look like an edit.

These are the lines of *text* that are chrome, whatever box they sit in; the
boxes named as chrome by their class or id are stripped before the body is read
(:mod:`revtrack.extract.chrome_words`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from revtrack.extract.chrome_phrases import is_foreign_chrome
from revtrack.extract.stamps import find_stamps, parse_stamp
from revtrack.extract.text import match_key

# Whole lines (compared by match_key) that are never story text.
_CHROME_LINES = frozenset(
    match_key(line)
    for line in (
        "Follow", "Follow us", "Following", "Unfollow", "Share", "Share this", "Share this article",
        "Share this story", "Share this page", "Share on Facebook", "Share on Twitter",
        "Share on X", "Share on WhatsApp", "Share on LinkedIn", "Share via email", "Copy link",
        "Link copied", "Email", "Print", "Save", "Save article", "Comments", "Comment",
        "Sign up for our newsletter", "Sign up to our newsletter", "Subscribe",
        "Subscribe now", "Subscribe to our newsletter", "Newsletter", "Advertisement",
        "Advertisment", "Sponsored", "Sponsored content", "Scroll to continue",
        "Scroll to continue with content", "Continue reading", "Read more", "Read More",
        "Show more", "Load more", "See more", "Most read", "Most popular", "Most viewed",
        "Trending", "Trending now", "Related", "Related articles", "Related stories",
        "Related content", "Related topics", "More on this story", "More from this section",
        "Recommended", "Recommended for you", "Listen to this article", "Listen",
        "Skip to main content", "Skip Advertisement", "Back to top", "Top of page",
        "Image", "Video", "Photo", "Gallery", "Topics", "Tags", "Loading", "Loading...",
        "Live", "Live updates", "Live blog",
    )
)  # fmt: skip
_CHROME_PREFIX = re.compile(
    r"^\W*(?:read\s+more|also\s+read|read\s+also|see\s+also|related|recommended|watch|"
    r"listen|more\s+on\s+this|more\s+from|sign\s+up|subscribe\s+to|follow\s+us|"
    r"click\s+here\s+to|download\s+the|get\s+the\s+\w+\s+app)\b\s*[:»›>|\-–—]",
    re.IGNORECASE,
)
_CHROME_SENTENCE = re.compile(
    r"^\W*(?:(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\b.{0,80}newsletters?"
    r"|share\s+this\s+(?:article|story|page|post)\b.{0,40}"
    r"|(?:photo|picture|image|photograph|video|illustration)\s*(?:credit)?\s*:\s*.{1,60}"
    r"|(?:image|photo)\s+(?:source|caption)\s*,.{0,80}"
    r"|©\s*.{1,60}"
    r"|\(?(?:reuters|ap|afp|getty images|epa|shutterstock)\)?"
    r")\W*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[•·▪●◦‣∙*\-–]\s*")
MAX_CHROME_WORDS = 14
# A short line printed this often in one body is a template's ("Bild anzeigen",
# an affiliate disclaimer under every product box), not the story's.
TEMPLATE_REPEATS = 3
MAX_TEMPLATE_WORDS = 40


@dataclass(frozen=True, slots=True)
class ChromeContext:
    """What the rest of the page tells us about lines that are not body text.

    ``repeats`` are texts shown elsewhere on the page (headline, standfirst,
    byline, highlights) that must not be counted again as body paragraphs.
    """

    fetched_at: datetime
    repeats: tuple[str, ...] = ()


def is_chrome_line(text: str, fetched_at: datetime) -> bool:
    """True for lines that are page furniture by their wording alone."""
    if is_foreign_chrome(text):
        return True
    if len(text.split()) > MAX_CHROME_WORDS:
        return False
    key = match_key(text)
    if not key or key in _CHROME_LINES:
        return True
    if _CHROME_PREFIX.match(text) or _CHROME_SENTENCE.match(text):
        return True
    return parse_stamp(text, fetched_at) is not None or _is_stamp_line(text, fetched_at)


def _is_stamp_line(text: str, fetched_at: datetime) -> bool:
    """A line made of stamps and separators only ("Published 2h ago | Updated 5m ago")."""
    stamps = find_stamps(text, fetched_at)
    if not stamps:
        return False
    rest = match_key(text)
    for stamp in stamps:
        rest = rest.replace(match_key(stamp.text), "", 1)
    return not rest


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1)


def remove_chrome(lines: Iterable[str], context: ChromeContext) -> list[str]:
    """The body without chrome lines and without texts repeated from elsewhere."""
    repeated = {match_key(strip_bullet(text)) for text in context.repeats}
    repeated.discard("")
    lines = list(lines)
    counts = Counter(match_key(line) for line in lines)
    kept = []
    for line in lines:
        key = match_key(line)
        if key in repeated:
            continue
        if counts[key] >= TEMPLATE_REPEATS and len(line.split()) <= MAX_TEMPLATE_WORDS:
            continue
        if is_chrome_line(line, context.fetched_at):
            continue
        kept.append(line)
    return kept
