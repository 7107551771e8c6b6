"""A cheap digest of a page's readable text, to skip extraction on pure noise.

Full extraction costs ~20 ms a page; most re-checks of a story find the same
article wrapped in fresh noise (relative stamps, rotating link boxes, tokens
in scripts and attributes). The digest hashes the page's visible text outside
chrome boxes (named by :mod:`revtrack.extract.chrome_words`), with its title,
content meta tags and JSON-LD strings.

Equal digests may only skip extraction when the digest covers everything the
last extraction returned, so the shortcut is guarded twice:

- a chrome box is never dropped when it holds the article (a ``<body
  class="has-sidebar">``, a ``<main class="share-enabled">``): it is only
  dropped when it contains no ``<article>``, ``<main>``, ``<h1>`` or
  ``articleBody``;
- after every extraction, :func:`digest_covers` proves that each paragraph,
  the headline, dek, highlights, correction notices and byline of the
  Article are text the digest compared. Only then is the digest kept for the
  next check; otherwise the story is always extracted (slower, never blind).

So one word changed in anything extraction returned changes the digest.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.article import Article
from revtrack.extract.chrome_words import DIGEST_SELECTOR, is_digest_chrome
from revtrack.extract.dom import select
from revtrack.extract.guard import flatten_deep_nesting

# Never article text in any extractor's eyes: stripped outright.
_CODE_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "button", "select"]
# Layout that is usually chrome, but a whole page may sit in one (ASP.NET wraps
# <body> in a <form>): dropped like the chrome-word boxes, only when not the article.
_LAYOUT_TAGS = frozenset({"nav", "footer", "form", "aside"})
_CANDIDATES = ", ".join([*sorted(_LAYOUT_TAGS), DIGEST_SELECTOR])
# A box matched by a chrome word is kept when it is, or holds, the article.
_ARTICLE_TAGS = frozenset({"html", "body", "main", "article"})
_ARTICLE_INSIDE = "article, main, h1, [itemprop=articleBody], [role=main]"
# ... or when it holds this share of the page's text: teaser boxes and tickers are small.
_ARTICLE_SHARE = 0.3
_CONTENT_META = re.compile(
    r"(?:^|[:.])(?:title|description|headline|author|byline|creator|correction|subtitle)$",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"\b(?:\d+|an?|one)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago\b",
    re.IGNORECASE,
)
_AGO = re.compile(r"ago\b", re.IGNORECASE)
FLATTEN_ABOVE_TAGS = 10_000
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")


@dataclass(frozen=True, slots=True)
class PageDigest:
    """The digest of a page, and the text it was computed from."""

    value: str = ""  # sha256 hex; "" when the page could not be read
    text: str = ""


def page_digest(html: str) -> PageDigest:
    """sha256 of the page's title, content meta, JSON-LD strings and non-chrome text."""
    try:
        text = _compared_text(html)
    except Exception:
        return PageDigest()
    text = " ".join(_mask_relative_times(text).split())
    return PageDigest(hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(), text)


def _mask_relative_times(text: str) -> str:
    # The pattern tries every word boundary; most pages have no "ago" at all.
    return _RELATIVE_TIME.sub("", text) if _AGO.search(text) else text


def digest_covers(digest: PageDigest, article: Article) -> bool:
    """Whether every text field of ``article`` is text that ``digest`` compared."""
    if not digest.value:
        return False
    compared = _squeeze(digest.text)
    fields = (article.headline, article.dek, *article.highlights, *article.corrections)
    if not all(_squeeze(field) in compared for field in fields):
        return False
    # Table rows come as "cell | cell": each cell is page text, the joins are not.
    cells = (cell for paragraph in article.paragraphs for cell in paragraph.split(" | "))
    if not all(_squeeze(cell) in compared for cell in cells):
        return False
    # A byline may be assembled from several authors ("A, B"): its words suffice.
    return all(word in compared for word in _WORD.findall(article.byline))


def _compared_text(html: str) -> str:
    # Deep nesting costs lexbor quadratic time (44 s for 100,000 <div>s, 60 ms for
    # 10,000); counting depth costs ~0.5 ms on a real page, so only big pages pay it.
    if html.count("<") > FLATTEN_ABOVE_TAGS:
        html = flatten_deep_nesting(html)
    tree = LexborHTMLParser(html)
    head = [*_content_meta(tree), *_linked_data_strings(tree)]
    title = tree.css_first("title")
    if title is not None:
        head.insert(0, title.text())
    tree.strip_tags(_CODE_TAGS)
    root = tree.body or tree.root
    if root is None:
        return "\n".join(head)
    whole = len(root.text())
    doomed = [node for node in select(tree, _CANDIDATES) if _is_dropped(node, whole)]
    for node in doomed:
        # Detach only: nodes are freed with the document, so nested picks are safe.
        node.decompose(recursive=False)
    return "\n".join([*head, root.text(separator=" ")])


def _is_dropped(node: LexborNode, page_length: int) -> bool:
    if node.tag not in _LAYOUT_TAGS and not is_digest_chrome(node):
        return False
    return not _holds_article(node, page_length)


def _holds_article(node: LexborNode, page_length: int) -> bool:
    if node.tag in _ARTICLE_TAGS or node.css_first(_ARTICLE_INSIDE) is not None:
        return True
    return len(node.text()) > _ARTICLE_SHARE * page_length


def _content_meta(tree: LexborHTMLParser) -> Iterator[str]:
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or ""
        if _CONTENT_META.search(key):
            yield f"{key}={attrs.get('content') or ''}"


def _linked_data_strings(tree: LexborHTMLParser) -> Iterator[str]:
    for node in tree.css('script[type="application/ld+json"]'):
        source = node.text(deep=True) or ""
        try:
            yield from _strings(json.loads(source))
        except ValueError:
            yield source  # unreadable JSON is compared as it is written


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _squeeze(text: str) -> str:
    """Text as the digest compares it, without whitespace or invisibles (so text split
    by inline tags compares equal)."""
    text = _mask_relative_times(unicodedata.normalize("NFC", text))
    return _SPACE.sub("", _INVISIBLE.sub("", text))
