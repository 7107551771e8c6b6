"""What a receiver's error answer said, as a few words for one error line.

Receivers behind a proxy answer errors with whole HTML pages; the error line keeps
the page's title (or its first words), never its markup.
"""

from __future__ import annotations

import html
import re

from revtrack.safe_text import single_line

READ_BYTES = 4096  # enough of an answer to find an HTML page's <title>
WORDS_CHARS = 80  # how much of the answer an error line keeps

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|head)\b.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>?")


def looks_like_html(body: str, content_type: str) -> bool:
    start = body.lstrip()[:100].lower()
    return "html" in content_type.lower() or start.startswith(("<!doctype", "<html", "<"))


def answer_words(body: bytes, content_type: str = "") -> str:
    """The answer as one short line: an HTML page's title or text, else the body."""
    text = body[:READ_BYTES].decode("utf-8", "replace")
    if looks_like_html(text, content_type):
        title = _TITLE.search(text)
        if title and title.group(1).strip():
            text = title.group(1)
        else:
            text = _TAG.sub(" ", _INVISIBLE.sub(" ", text))
        text = html.unescape(text)
    return clip(single_line(text).strip(), WORDS_CHARS)


def clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
