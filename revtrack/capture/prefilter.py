"""A cheap digest of a page's readable text, to skip extraction on pure noise.

Full extraction costs ~20 ms a page; most re-checks of a story find the same
article wrapped in fresh noise (relative stamps, rotating link boxes, tokens
in scripts and attributes). This digest covers every visible text outside
obvious chrome, so any edit of the article changes it; equal digests mean
the extracted article cannot have changed. Unequal ones fall through to full
extraction, which makes the real decision.
"""

from __future__ import annotations

import hashlib
import re

from selectolax.lexbor import LexborHTMLParser

from revtrack.extract.guard import flatten_deep_nesting

_CHROME_TAGS = [
    "script", "style", "noscript", "template", "iframe", "svg", "nav", "footer", "form",
    "button", "select", "aside",
]  # fmt: skip
_CHROME_WORDS = (
    "most-read", "mostread", "most-popular", "trending", "related", "recommend",
    "newsletter", "share", "social", "promo", "advert", "sponsor", "outbrain",
    "taboola", "cookie", "breadcrumb", "sidebar", "comments", "weather", "ticker",
)  # fmt: skip
_CHROME_SELECTOR = ", ".join(
    ["[class~=ad]", "[class~=ads]"] + [f"[class*={word}], [id*={word}]" for word in _CHROME_WORDS]
)
_RELATIVE_TIME = re.compile(
    r"\b(?:\d+|an?|one)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def page_digest(html: str) -> str:
    """sha256 of the page's visible non-chrome text with relative times masked."""
    try:
        # Deep nesting costs lexbor quadratic time (44 s for 100,000 <div>s).
        tree = LexborHTMLParser(flatten_deep_nesting(html))
        tree.strip_tags(_CHROME_TAGS)
        for node in tree.css(_CHROME_SELECTOR):
            node.decompose()
        root = tree.body or tree.root
        text = root.text(separator=" ") if root is not None else ""
        title = tree.css_first("title")
        if title is not None:
            text = title.text() + "\n" + text
    except Exception:
        return ""
    text = _SPACE.sub(" ", _RELATIVE_TIME.sub("", text)).strip()
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
