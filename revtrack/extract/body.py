"""The story's body text, block by block, via trafilatura."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

import trafilatura

from revtrack.extract.text import clean_text

BlockKind = Literal["p", "head", "item", "quote", "row"]

# trafilatura logs "discarding data" and the like at WARNING/ERROR for every page
# it cannot use; without a handler of its own, Python would print those to stderr.
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

# The readability/justext cross-check is part of the configuration whose body F1
# was measured (PERF-NOTES); on pruned pages it adds ~3 ms (~25%). Set True if
# throughput ever matters more than recall on odd layouts.
FAST_MODE = False

# <lb/> (a <br> in the page) splits a paragraph; this marks it through itertext().
_LINE_BREAK = "\u2029"


@dataclass(frozen=True, slots=True)
class Block:
    """One line of body text; ``group`` numbers the list an item belongs to."""

    kind: BlockKind
    text: str
    group: int = -1


def trafilatura_blocks(html: str, url: str, *, precise: bool = True) -> list[Block]:
    """Body blocks as trafilatura sees them; empty when it finds no body.

    ``precise`` is trafilatura's ``favor_precision``: fewer teasers and
    comments, but on some pages only a fragment of the story.
    """
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        # "xml" skips the plain-text rendering we do not use.
        output_format="xml",
        fast=FAST_MODE,
        favor_precision=precise,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    return list(_blocks_of(body))


def _blocks_of(body: Any) -> list[Block]:
    # Elements are lxml's (no type stubs): trafilatura's output vocabulary is
    # <p>, <head>, <list>/<item>, <quote>, <table>/<row>/<cell> and inline tags.
    blocks: list[Block] = []
    for group, element in enumerate(body):
        tag = element.tag
        if tag == "list":
            blocks.extend(Block("item", text, group) for text in _item_texts(element))
        elif tag == "table":
            blocks.extend(Block("row", text) for text in _row_texts(element))
        elif tag == "quote" and element.find("p") is not None:
            blocks.extend(Block("quote", text) for text in _quote_lines(element))
        else:
            kind: BlockKind = "head" if tag == "head" else "quote" if tag == "quote" else "p"
            blocks.extend(Block(kind, text) for text in _lines(element))
        # Loose text after a block (trafilatura leaves it as the element's tail)
        # is body text too: 899 of 1,602 words on one real page.
        blocks.extend(Block("p", text) for text in _loose_lines(element.tail))
    return blocks


def _loose_lines(text: str | None) -> list[str]:
    return [line for line in map(clean_text, (text or "").split(_LINE_BREAK)) if line]


def _lines(element: Any) -> list[str]:
    for line_break in element.iter("lb"):
        line_break.tail = _LINE_BREAK + (line_break.tail or "")
    joined = "".join(element.itertext())
    return [text for text in map(clean_text, joined.split(_LINE_BREAK)) if text]


def _quote_lines(quote: Any) -> list[str]:
    """A quote's paragraphs, with any text between them."""
    lines = _loose_lines(quote.text)
    for child in quote:
        lines.extend(_lines(child))
        lines.extend(_loose_lines(child.tail))
    return lines


def _item_texts(list_element: Any) -> list[str]:
    """Each item's own text; a nested list's items follow as items of their own."""
    texts: list[str] = []
    for item in list_element.iter("item"):
        parts = [item.text or ""]
        for child in item:
            if child.tag != "list":
                parts.extend(child.itertext())
            parts.append(child.tail or "")
        text = clean_text("".join(parts))
        if text:
            texts.append(text)
    return texts


def _row_texts(table: Any) -> list[str]:
    rows = []
    for row in table.iter("row"):
        cells = [clean_text("".join(cell.itertext())) for cell in row]
        text = " | ".join(cell for cell in cells if cell)
        if text:
            rows.append(text)
    return rows
