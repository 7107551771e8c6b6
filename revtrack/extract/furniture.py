"""Page furniture found by the pre-pass: date stamps, highlight bullets, chrome
boxes, captions and correction notes. The body cleanup uses these to tell the
story's text from what surrounds it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.extract.chrome_words import CHROME_SELECTOR, is_chrome
from revtrack.extract.dom import has_class_word, node_text, select
from revtrack.extract.text import clean_text

MAX_STAMP_CHARS = 160
MAX_CHROME_BOX_CHARS = 3000
MAX_CORRECTION_CHARS = 2000
# A story paragraph (see _holds_story_text) cannot fit in fewer characters.
MIN_STORY_CHARS = 200
_STAMP_SELECTOR = (
    "time, [class*=date i], [class*=time i], [class*=updat i], [class*=stamp i], "
    "[class*=modif i], [class*=publish i], [class*=posted i], [id*=date i], [id*=updat i]"
)
# A label at the start of a text node, wherever in the markup it sits; its
# moment may follow in sibling elements ("Updated</span> <span>3 sec ago").
_LABEL_IN_MARKUP = re.compile(
    r">\s*(?=(?:last\s+)?(?:updated|modified|published|posted|first\s+published)\b)",
    re.IGNORECASE,
)
_LABEL_FIRST = re.compile(
    r"\W*(?:last\s+)?(?:updated|modified|published|posted|first\s+published)\b", re.IGNORECASE
)
_TAG = re.compile(r"<[^>]*>")
_MARKUP_WINDOW = 400
MAX_LABELLED_STAMPS = 20
_HIGHLIGHT_WORDS = frozenset(
    {
        "highlights", "highlight", "keypoints", "keypoint", "takeaways", "takeaway", "bullets",
        "bullet", "summary", "tldr", "keyfacts", "glance",
    }
)  # fmt: skip
_HIGHLIGHT_SELECTOR = (
    "[class*=highlight i], [class*=key i], [class*=takeaway i], [class*=bullet i], "
    "[class*=summary i], [class*=tldr i], [class*=glance i]"
)
# Chrome by tag, whatever its class; by class or id word: see chrome_words.
_CHROME_TAGS = frozenset({"nav", "figcaption"})
_CHROME_CANDIDATES = ", ".join([*sorted(_CHROME_TAGS), CHROME_SELECTOR])
_CORRECTION_WORDS = frozenset({"correction", "corrections"})
_CORRECTION_SELECTOR = (
    "[class*=correction i], [id*=correction i], [itemprop~=correction], "
    "[itemtype*=CorrectionComment]"
)


@dataclass(frozen=True, slots=True)
class Furniture:
    stamp_texts: tuple[str, ...] = ()
    highlights: tuple[str, ...] = ()
    correction_texts: tuple[str, ...] = ()


def read_furniture(tree: LexborHTMLParser, html: str, scope: LexborNode | None) -> Furniture:
    """Read the furniture; ``scope`` is the page's :func:`~revtrack.extract.dom.article_scope`."""
    return Furniture(
        stamp_texts=tuple(_stamp_texts(tree, scope, html)),
        highlights=tuple(_hinted_highlights(scope)) if scope is not None else (),
        correction_texts=tuple(_correction_texts(tree)),
    )


def _stamp_texts(tree: LexborHTMLParser, scope: LexborNode | None, html: str) -> list[str]:
    """Short texts that may be date stamps: the article's, then labelled ones anywhere.

    Outside the article an unlabelled "2 hours ago" belongs to a teaser card; an
    "Updated ..." there is most likely the story's header.
    """
    texts: list[str] = []
    if scope is not None:
        texts.extend(text for node in select(scope, _STAMP_SELECTOR) for text in _texts_of(node))
    for node in select(tree, _STAMP_SELECTOR):
        texts.extend(text for text in _texts_of(node) if _LABEL_FIRST.match(text))
    texts.extend(_labelled_texts_in_markup(html))
    return list(dict.fromkeys(text for text in texts if 0 < len(text) <= MAX_STAMP_CHARS))


def _labelled_texts_in_markup(html: str) -> list[str]:
    texts = []
    for match in _LABEL_IN_MARKUP.finditer(html):
        window = html[match.end() : match.end() + _MARKUP_WINDOW]
        texts.append(clean_text(unescape(_TAG.sub(" ", window)))[:MAX_STAMP_CHARS])
        if len(texts) >= MAX_LABELLED_STAMPS:
            break
    return texts


def _texts_of(node: LexborNode) -> list[str]:
    texts = [node_text(node)]
    if node.tag == "time" and node.parent is not None:
        # "Updated <time>3 sec ago</time>": the label sits outside the element.
        texts.append(node_text(node.parent))
    return texts


def _hinted_highlights(scope: LexborNode) -> list[str]:
    for container in select(scope, _HIGHLIGHT_SELECTOR):
        if not has_class_word(container, _HIGHLIGHT_WORDS):
            continue
        items = [node for node in select(container, "li") if not _is_mostly_link(node)]
        texts = [node_text(node) for node in items]
        if 2 <= len(texts) <= 10 and all(4 <= len(text.split()) <= 80 for text in texts):
            return texts
    return []


def _is_mostly_link(node: LexborNode) -> bool:
    text_length = len(node_text(node))
    link_length = sum(len(node_text(link)) for link in select(node, "a"))
    return text_length == 0 or link_length * 2 > text_length


def chrome_boxes(tree: LexborHTMLParser) -> list[LexborNode]:
    """Navigation, share bars, related and most-read boxes, ad slots, captions.

    Correction notes are never chrome, whatever their box is called.
    """
    boxes = []
    for box in select(tree, _CHROME_CANDIDATES):
        if box.tag not in _CHROME_TAGS and not is_chrome(box):
            continue
        if not has_class_word(box, _CORRECTION_WORDS) and not _holds_story_text(box):
            boxes.append(box)
    return boxes


def _holds_story_text(box: LexborNode) -> bool:
    """A "share-enabled" wrapper around the story is not a share bar."""
    if box.css_first("h1, [itemprop=articleBody], [class*=correction i]") is not None:
        return True
    text_length = len(box.text(deep=True) or "")
    if text_length > MAX_CHROME_BOX_CHARS:
        return True
    if text_length < MIN_STORY_CHARS:
        return False
    # Teasers and newsletter blurbs run to 25 words or so; story paragraphs longer.
    lengths = [len(node_text(p).split()) for p in select(box, "p")]
    return any(length > 40 for length in lengths) or sum(length > 25 for length in lengths) >= 2


def _correction_texts(tree: LexborHTMLParser) -> list[str]:
    texts: list[str] = []
    for node in select(tree, _CORRECTION_SELECTOR):
        if len(node_text(node)) > MAX_CORRECTION_CHARS:
            continue
        paragraphs = select(node, "p")
        parts = [node_text(p) for p in paragraphs] if paragraphs else [node_text(node)]
        texts.extend(part for part in parts if len(part.split()) >= 3)
    return list(dict.fromkeys(texts))


def fallback_paragraphs(tree: LexborHTMLParser) -> list[str]:
    """Paragraph texts straight from the markup, for when trafilatura finds no body."""
    for selector in ("article p", "[itemprop=articleBody] p", "main p", "p"):
        texts = [text for text in map(node_text, select(tree, selector)) if text]
        if texts:
            return texts
    return []
