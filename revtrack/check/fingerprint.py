"""A noise-free identity of an Article: equal fingerprints mean no real edit."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from revtrack.article import Article

# Relative stamps that a page re-renders on every request ("3 sec ago").
_RELATIVE_TIME = re.compile(
    r"\b(?:updated\s+)?(?:\d+|an?|one)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise_text(text: str) -> str:
    """The form in which two texts that read the same compare equal."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _RELATIVE_TIME.sub("", text)
    return _SPACE.sub(" ", text).strip()


def _content_fields(article: Article) -> list[str]:
    # The page stamps (published, updated) and the URL are left out on
    # purpose: a moved "Updated" stamp alone is not an edit.
    parts = [normalise_text(f) for f in (article.headline, article.dek, article.byline)]
    for name, items in (
        ("highlights", article.highlights),
        ("paragraphs", article.paragraphs),
        ("corrections", article.corrections),
    ):
        parts.append(f"\x00{name}")
        parts.extend(filter(None, map(normalise_text, items)))
    return parts


def fingerprint_article(article: Article) -> str:
    """sha256 over the normalised content fields, hex."""
    digest = hashlib.sha256()
    for part in _content_fields(article):
        if part:
            digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
