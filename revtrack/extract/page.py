"""The fast pre-pass over the page's markup: meta tags, headings, byline, times."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.extract.dom import (
    attr,
    first_text,
    has_class_word,
    node_text,
    select,
)
from revtrack.extract.text import clean_text

_SUBTITLE_WORDS = frozenset(
    {
        "standfirst", "dek", "subtitle", "subtitles", "subheadline", "subhead", "strapline",
        "summary", "lede", "lead", "intro", "excerpt", "teaser", "description", "deck",
    }
)  # fmt: skip
_BYLINE_WORDS = frozenset(
    ["byline", "bylines", "author", "authors", "authorname", "contributor", "writer"]
)
_NOT_BYLINE_WORDS = frozenset(
    ["bio", "avatar", "image", "img", "photo", "picture", "follow", "social", "more"]
)
_PUBLISHED_WORDS = frozenset(["published", "publish", "pubdate", "posted", "created"])
_UPDATED_WORDS = frozenset(["updated", "update", "modified", "modify", "lastmod", "revised"])
_UPDATED_LABEL = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
MAX_BYLINE_CHARS = 160


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the markup says outside the body text; empty strings where it says nothing."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: tuple[str, ...] = ()
    lang: str = ""
    canonical: str = ""
    title: str = ""
    heading: str = ""
    subtitle: str = ""
    byline: tuple[str, ...] = ()
    published_attr: str = ""
    modified_attr: str = ""


def read_page(tree: LexborHTMLParser, scope: LexborNode | None) -> PageFacts:
    """Read the page's facts; ``scope`` is its :func:`~revtrack.extract.dom.article_scope`."""
    heading_node = _main_heading(tree)
    published_attr, modified_attr = _time_attributes(tree, scope)
    return PageFacts(
        meta=_meta_values(tree),
        jsonld=tuple(node.text(deep=True) or "" for node in select(tree, _JSONLD_SELECTOR)),
        lang=attr(tree.root, "lang") if tree.root is not None else "",
        canonical=_canonical_href(tree),
        title=first_text(select(tree, "title")),
        heading=node_text(heading_node) if heading_node is not None else "",
        subtitle=_subtitle(scope, heading_node),
        byline=tuple(_byline_texts(tree, scope)),
        published_attr=published_attr,
        modified_attr=modified_attr,
    )


_JSONLD_SELECTOR = 'script[type*="ld+json" i]'


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    """Meta tags by lower-cased name/property/itemprop; the first one of a name wins."""
    values: dict[str, str] = {}
    for node in select(tree, "meta[content]"):
        content = attr(node, "content")
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attr(node, key_attr).lower()
            if key and content:
                values.setdefault(key, content)
    return values


def _canonical_href(tree: LexborHTMLParser) -> str:
    for node in select(tree, "link[rel][href]"):
        if "canonical" in attr(node, "rel").lower().split():
            return attr(node, "href")
    return ""


def _main_heading(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("article h1", "[itemprop=headline]", "main h1", "h1"):
        for node in select(tree, selector):
            if node.tag != "meta" and node_text(node):
                return node
    return None


def _subtitle(scope: LexborNode | None, heading: LexborNode | None) -> str:
    """A standfirst right under the headline, else one marked as such in the article."""
    if heading is not None:
        sibling = _next_element(heading)
        if sibling is not None and _looks_like_subtitle(sibling, right_under=True):
            return node_text(sibling)
    candidates = select(scope, "p, h2, div, span") if scope is not None else []
    for node in candidates[:400]:
        if has_class_word(node, _SUBTITLE_WORDS) and _looks_like_subtitle(node, False):
            return node_text(node)
    return ""


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return sibling


def _looks_like_subtitle(node: LexborNode, right_under: bool) -> bool:
    if node.tag not in {"p", "h2", "div", "span"}:
        return False
    text = node_text(node)
    if not 20 <= len(text) <= 600:
        return False
    return (right_under and node.tag == "h2") or has_class_word(node, _SUBTITLE_WORDS)


def _byline_texts(tree: LexborHTMLParser, scope: LexborNode | None) -> list[str]:
    """Author names as the page shows them, from the most explicit markup found.

    The article is searched first: teaser cards around it carry bylines too.
    """
    roots: list[LexborHTMLParser | LexborNode] = [tree] if scope is None else [scope, tree]
    for root in roots:
        texts = _marked_authors(root) or _byline_box(root)
        if texts:
            return texts
    return []


def _marked_authors(root: LexborHTMLParser | LexborNode) -> list[str]:
    for selector in ("[rel~=author]", "[itemprop=author] [itemprop=name]", "[itemprop=author]"):
        texts = [text for text in map(node_text, select(root, selector)) if text]
        if texts:
            return texts[:20]
    return []


def _byline_box(root: LexborHTMLParser | LexborNode) -> list[str]:
    for node in select(root, "[class*=byline i], [class*=author i], [class*=contributor i]"):
        if has_class_word(node, _BYLINE_WORDS) and not has_class_word(node, _NOT_BYLINE_WORDS):
            text = node_text(node)
            if 0 < len(text) <= MAX_BYLINE_CHARS:
                return [text]
    return []


def _time_attributes(tree: LexborHTMLParser, scope: LexborNode | None) -> tuple[str, str]:
    """Machine-readable (published, modified) times from <time> and itemprop markup.

    An unmarked <time> counts as the publication time only inside the article:
    elsewhere it is as likely to be today's date in the masthead.
    """
    published = _itemprop_time(tree, "datePublished")
    modified = _itemprop_time(tree, "dateModified")
    in_scope = {node.mem_id for node in select(scope, "time[datetime]")} if scope else set()
    for node in select(tree, "time[datetime]"):
        value = attr(node, "datetime")
        if _is_update_time(node):
            modified = modified or value
        elif has_class_word(node, _PUBLISHED_WORDS) or "pubdate" in node.attributes:
            published = published or value
        elif not published and node.mem_id in in_scope:
            published = value
    return published, modified


def _itemprop_time(tree: LexborHTMLParser, prop: str) -> str:
    for node in select(tree, f"[itemprop={prop}]"):
        value = attr(node, "datetime") or attr(node, "content") or node_text(node)
        if value:
            return value
    return ""


def _is_update_time(node: LexborNode) -> bool:
    if has_class_word(node, _UPDATED_WORDS):
        return True
    parent = node.parent
    context = clean_text(parent.text(deep=True, separator=" ")) if parent is not None else ""
    return bool(_UPDATED_LABEL.match(node_text(node)) or _UPDATED_LABEL.match(context[:80]))
