"""Small helpers over selectolax (lexbor) nodes for the fast pre-pass."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.extract.text import clean_text

# "articleDek", "article__standfirst", "most-read": split into lower-case words.
_CLASS_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def parse_html(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def node_text(node: LexborNode) -> str:
    """The node's visible text, cleaned. Block boundaries become spaces."""
    return clean_text(node.text(deep=True, separator=" ", strip=False) or "")


def attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value.strip() if isinstance(value, str) else ""


def class_words(node: LexborNode) -> frozenset[str]:
    """Words of the node's class and id, plus each adjacent pair run together.

    The pairs let one rule match "most-read", "mostRead" and "mostread" alike.
    """
    return _words_of(f"{attr(node, 'class')} {attr(node, 'id')}")


@lru_cache(maxsize=4096)
def _words_of(names: str) -> frozenset[str]:
    # Cached: a page repeats the same few class strings on hundreds of nodes.
    words: set[str] = set()
    for token in names.split():
        parts = [part.lower() for part in _CLASS_WORD.findall(token)]
        words.update(parts)
        words.update(first + second for first, second in pairwise(parts))
    return frozenset(words)


def has_class_word(node: LexborNode, wanted: frozenset[str]) -> bool:
    return not wanted.isdisjoint(class_words(node))


def select(root: LexborHTMLParser | LexborNode, selector: str) -> list[LexborNode]:
    """Matches in document order; a node matching several selectors of a group once."""
    nodes = list(root.css(selector))
    if "," not in selector:
        return nodes
    seen: set[int] = set()
    unique = []
    for node in nodes:
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            unique.append(node)
    return unique


def first_text(nodes: Iterable[LexborNode]) -> str:
    for node in nodes:
        text = node_text(node)
        if text:
            return text
    return ""


def article_scope(tree: LexborHTMLParser) -> LexborNode | None:
    """The element most likely to hold the story, for scoping searches."""
    # Teaser cards are <article>s too: prefer the one that holds the headline.
    for selector in ("article:has(h1)", "article", "main", "[role=main]"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.body
