"""The fast pre-pass over the page's markup: meta tags, headings, byline, times."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.extract.dom import (
    attr,
    first_text,
    has_class_word,
    node_text,
    select,
)
from revtrack.extract.text import clean_text, match_key

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
    # Every heading that could be the headline, the main one first; whether
    # the main one sits inside the article (not a page-wide <h1>).
    headings: tuple[str, ...] = ()
    heading_scoped: bool = False
    logo: str = ""
    subtitle: str = ""
    byline: tuple[str, ...] = ()
    published_attr: str = ""
    modified_attr: str = ""


def read_page(tree: LexborHTMLParser, scope: LexborNode | None) -> PageFacts:
    """Read the page's facts; ``scope`` is its :func:`~revtrack.extract.dom.article_scope`."""
    found, logo = _headings(tree)
    heading_node = found[0][0] if found else None
    published_attr, modified_attr = _time_attributes(tree, scope)
    return PageFacts(
        meta=_meta_values(tree),
        jsonld=tuple(node.text(deep=True) or "" for node in select(tree, _JSONLD_SELECTOR)),
        lang=attr(tree.root, "lang") if tree.root is not None else "",
        canonical=_canonical_href(tree),
        title=first_text(select(tree, "title")),
        heading=found[0][1] if found else "",
        headings=tuple(text for _, text, _ in found),
        heading_scoped=found[0][2] if found else False,
        logo=logo,
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


# In order of trust: the first three are the article's own heading.
_HEADING_SELECTORS = ("article h1", "[itemprop=headline]", "main h1", "h1")
_SCOPED_SELECTORS = 3
MAX_HEADINGS = 12
MAX_DEPTH = 8
# Screen-reader-only text: "Headline:" labels, "Navigation" headings.
_HIDDEN_WORDS = frozenset(
    ["visuallyhidden", "aural", "sronly", "screenreader", "navskip", "invisible", "offscreen"]
)
# Lines inside an <h1> that are not the headline: the kicker above it.
_KICKER_WORDS = frozenset(
    ["kicker", "overline", "topline", "toptitle", "dachzeile", "roofline", "eyebrow",
     "supertitle", "pretitle", "subtitle"]
)  # fmt: skip
# A part of the <h1> marked as the headline proper, beside a kicker; not
# "headline-kicker" or "sub-headline".
_HEADLINE_WORDS = frozenset(["headline"])
_NOT_HEADLINE_WORDS = _KICKER_WORDS | {"sub", "pre", "top", "over", "super"}
_LOGO_WORDS = frozenset(["logo", "branding", "sitetitle", "sitename", "sitelogo"])
_BREADCRUMB_WORDS = frozenset(["breadcrumb", "breadcrumbs"])
_LIST_TAGS = frozenset(["nav", "ol", "ul", "li"])
# Ruby readings (furigana) are small print above the text, not part of it.
_NOT_SHOWN_TAGS = frozenset(["rt", "rp", "script", "style", "template"])
# Inline elements join their text without a space, as a browser shows it.
_INLINE_TAGS = frozenset(
    ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "mark", "q", "rb", "ruby",
     "s", "small", "span", "strong", "sub", "sup", "time", "u", "wbr", "-text"]
)  # fmt: skip
# A link to the site's front page ("/", "../index.html"), archived or not.
_HOME_PATH = re.compile(r"^(?:\.\./|\./)*(?:index\.\w+)?$")
_WAYBACK_PREFIX = re.compile(r"^/web/\d+[a-z_]*/")


def _headings(tree: LexborHTMLParser) -> tuple[list[tuple[LexborNode, str, bool]], str]:
    """Candidate headline elements (text, whether in the article) and the logo's text.

    Logo and breadcrumb headings are left out: pages mark their site name and
    path with <h1>s too. Screen-reader-only headings come last: they are as
    often "Navigation" as the page's title.
    """
    shown: list[tuple[LexborNode, str, bool]] = []
    hidden: list[tuple[LexborNode, str, bool]] = []
    logo = ""
    seen: set[int] = set()
    for rank, selector in enumerate(_HEADING_SELECTORS):
        for node in select(tree, selector)[:MAX_HEADINGS]:
            if node.mem_id in seen or node.tag == "meta":
                continue
            seen.add(node.mem_id)
            text = _heading_text(node)
            if not text or _in_breadcrumb(node):
                continue
            if _is_logo(node, text):
                logo = logo or text
            elif _is_hidden(node):
                hidden.append((node, text, False))
            else:
                shown.append((node, text, rank < _SCOPED_SELECTORS))
    return shown + hidden, logo


def _heading_text(node: LexborNode) -> str:
    """The headline part of a heading: kickers, hidden labels and ruby readings left out."""
    for part in select(node, "[class*=headline i]"):
        if part.mem_id != node.mem_id and _is_headline_part(part):
            return node_text(part) or clean_text(_shown_text(node, depth=0))
    return clean_text(_shown_text(node, depth=0))


def _is_headline_part(node: LexborNode) -> bool:
    return has_class_word(node, _HEADLINE_WORDS) and not has_class_word(node, _NOT_HEADLINE_WORDS)


def _shown_text(node: LexborNode, depth: int) -> str:
    parts: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.is_element_node and not _is_aside(child):
            # Past a sane depth, plain text: a hostile page may nest thousands deep.
            text = _shown_text(child, depth + 1) if depth < MAX_DEPTH else node_text(child)
            parts.append(text if child.tag in _INLINE_TAGS else f" {text} ")
    return "".join(parts)


def _is_aside(node: LexborNode) -> bool:
    if node.tag in _NOT_SHOWN_TAGS:
        return True
    return _is_hidden(node) or has_class_word(node, _KICKER_WORDS)


def _is_hidden(node: LexborNode) -> bool:
    if "hidden" in node.attributes or attr(node, "aria-hidden") == "true":
        return True
    classes = attr(node, "class").lower().split()
    return "hidden" in classes or has_class_word(node, _HIDDEN_WORDS)


def _is_logo(node: LexborNode, text: str) -> bool:
    """The site's name in an <h1>: marked as the logo, or a link to the front page."""
    parent = node.parent
    if has_class_word(node, _LOGO_WORDS):
        return True
    if parent is not None and has_class_word(parent, _LOGO_WORDS):
        return True
    key = match_key(text)
    return any(
        match_key(node_text(link)) == key and _links_home(link)
        for link in select(node, "a[href], a[rel]")
    )


def _links_home(link: LexborNode) -> bool:
    if "home" in attr(link, "rel").lower().split():
        return True
    href = attr(link, "href")
    # "", "#top", "?p=5": the page itself, as headlines link to their story.
    if not href or href.startswith(("#", "?")):
        return False
    try:
        path = urlsplit(href).path
        archived = _WAYBACK_PREFIX.sub("", path)
        if archived != path:
            path = urlsplit(archived).path
    except ValueError:
        return False
    return bool(_HOME_PATH.match(path.lstrip("/")))


def _in_breadcrumb(node: LexborNode) -> bool:
    """Inside a breadcrumb trail, whose last step often repeats the headline in an <h1>."""
    ancestor = node.parent
    for _ in range(6):
        if ancestor is None:
            return False
        kind = f"{attr(ancestor, 'itemtype')} {attr(ancestor, 'typeof')}"
        if "ListItem" in kind or "Breadcrumb" in kind:
            return True
        # A class alone is weaker: "article-teaser-breadcrumb" boxes hold headlines.
        if ancestor.tag in _LIST_TAGS and has_class_word(ancestor, _BREADCRUMB_WORDS):
            return True
        ancestor = ancestor.parent
    return False


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
