"""The one vocabulary of page chrome by class and id name.

A box whose class or id names one of these words is page chrome: share bars,
newsletter sign-ups, most-read and related boxes, ad slots, cookie banners.
Two readers use it, each with its own tolerance for a wrong guess:

- the extractor strips chrome boxes that hold no story text
  (:func:`revtrack.extract.furniture.chrome_boxes`). A wrong guess loses story
  text, so a name must hold the word *whole*, split the way
  :func:`revtrack.extract.dom.class_words` splits names: ``most-read``,
  ``mostRead`` and ``mostread`` hold ``mostread``; ``headline`` does not hold
  ``ad``, ``shareable`` does not hold ``share``.
- the noise digest drops chrome boxes that do not hold the article
  (:mod:`revtrack.check.prefilter`). A wrong guess only costs speed (the digest
  is kept only when it covers everything extraction returned), and a missed
  box re-extracts the page whenever its teasers rotate, so a word of five
  letters or more may sit *anywhere* in a name (``recentcomments``,
  ``cookielawinfo``, ``promotional-tile``); shorter words (``ad``, ``tags``)
  must still be whole.

Most words serve both; a few serve one reader only, each for a stated reason.
Whole *lines* of text that are chrome ("Share this article") are another list:
:mod:`revtrack.extract.chrome` (and foreign ones in ``chrome_phrases``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from selectolax.lexbor import LexborNode

from revtrack.extract.dom import attr, class_words

# A hyphen marks a compound: it matches joined ("mostread" in "most-read",
# "mostRead", "most_read"), and the candidate selector looks for its first part.
_BOTH = (
    "share", "share-bar", "social", "newsletter", "newsletters", "most-read", "most-popular",
    "popular", "related", "trending", "recommend", "recommended", "recommendation",
    "recommendations", "promo", "promotion", "advert", "advertisement", "advertising", "ad",
    "ads", "ad-slot", "ad-unit", "sponsor", "sponsors", "sponsored", "read-more", "also-read",
    "read-also", "follow", "subscribe", "subscription", "sign-up", "cookie", "cookies",
    "consent", "outbrain", "taboola", "caption", "breadcrumb", "breadcrumbs", "tags", "topics",
)  # fmt: skip
# The extractor strips these, the digest compares them: a "sharing" container
# may wrap the whole story text, and the byline may sit in a "credits" box;
# neither changes between requests.
_EXTRACTOR_ONLY = ("sharing", "credit", "credits")
# The digest drops these, the extractor keeps them: their text changes between
# requests (new comments, the weather, a news ticker), but trafilatura leaves them
# out of the body by itself, and a newsroom's "sidebar" may be a fact box of the story.
_DIGEST_ONLY = ("sidebar", "comments", "weather", "ticker")
# Shorter words match inside a name by accident ("ad" in "header", "tags" in "hashtags").
MIN_INSIDE_LETTERS = 5


def _words(names: Iterable[str]) -> frozenset[str]:
    return frozenset(name.replace("-", "") for name in names)


def _outermost(texts: Iterable[str]) -> list[str]:
    """The texts that hold no other one: finding "ad" finds every "advert" too."""
    unique = set(texts)
    return sorted(text for text in unique if not any(o in text for o in unique - {text}))


def _candidate_selector(names: Iterable[str]) -> str:
    """CSS that finds every node whose class or id may hold one of ``names``.

    It finds more (``[class*=ad i]`` finds "header"), to be filtered by word.
    """
    parts = _outermost(name.split("-")[0] for name in names)
    return ", ".join(f"[{at}*={part} i]" for part in parts for at in ("class", "id"))


# The extractor's chrome: whole class or id words.
CHROME_WORDS = _words((*_BOTH, *_EXTRACTOR_ONLY))
CHROME_SELECTOR = _candidate_selector((*_BOTH, *_EXTRACTOR_ONLY))

# The digest's chrome: short words whole, long words anywhere in a name.
_DIGEST = _words((*_BOTH, *_DIGEST_ONLY))
DIGEST_WHOLE_WORDS = frozenset(word for word in _DIGEST if len(word) < MIN_INSIDE_LETTERS)
DIGEST_INSIDE = re.compile(
    "|".join(_outermost(word for word in _DIGEST if len(word) >= MIN_INSIDE_LETTERS))
)
DIGEST_SELECTOR = _candidate_selector((*_BOTH, *_DIGEST_ONLY))
_SEPARATORS = re.compile(r"[-_]+")


def is_chrome(node: LexborNode) -> bool:
    """Whether the node's class or id holds a chrome word whole (the extractor's test)."""
    return not CHROME_WORDS.isdisjoint(class_words(node))


def is_digest_chrome(node: LexborNode) -> bool:
    """Whether the node's class or id names a chrome word (the digest's test)."""
    names = f"{attr(node, 'class')} {attr(node, 'id')}"
    return _names_inside(names) or not DIGEST_WHOLE_WORDS.isdisjoint(class_words(node))


@lru_cache(maxsize=4096)
def _names_inside(names: str) -> bool:
    # Cached: a page repeats the same few class strings on hundreds of nodes.
    return DIGEST_INSIDE.search(_SEPARATORS.sub("", names.lower())) is not None
