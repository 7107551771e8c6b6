"""HTML -> Article: the extractor's one entry point, which never raises."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.article import Article
from revtrack.clock import as_utc
from revtrack.extract import fields
from revtrack.extract.body import Block, trafilatura_blocks
from revtrack.extract.chrome import ChromeContext, remove_chrome
from revtrack.extract.corrections import merge_notes, split_corrections
from revtrack.extract.dates import Dates, DateSources, resolve_dates
from revtrack.extract.dom import article_scope, parse_html
from revtrack.extract.furniture import (
    Furniture,
    chrome_boxes,
    fallback_paragraphs,
    read_furniture,
)
from revtrack.extract.guard import guard_html
from revtrack.extract.highlights import find_highlights
from revtrack.extract.jsonld import LinkedData, read_linked_data
from revtrack.extract.page import PageFacts, read_page
from revtrack.extract.prune import prune_for_body
from revtrack.extract.text import clean_text, match_key

LOGGER = logging.getLogger(__name__)
# Below this, a body from the pruned page is checked against the whole page.
MIN_BODY_WORDS = 50
# A precise body shorter than this, or a JSON-LD articleBody this many times
# longer, is checked against trafilatura's default extraction.
PLAUSIBLE_BODY_WORDS = 100
FRAGMENT_RATIO = 3
# Shortest cut-down lede (match-key characters) still taken for the lede itself.
LEDE_PREFIX = 60
T = TypeVar("T")


def extract_article(html: str, *, url: str, fetched_at: datetime) -> Article:
    """Extract the story from a fetched page.

    Never raises: whatever the input (empty, not HTML, hostile, huge), the
    worst case is an Article with empty fields. Every text field is plain text
    with control characters and ESC sequences removed; markup-looking text such
    as "[/]" is kept literally (see :mod:`revtrack.extract.text`). Relative
    stamps ("Updated 3 sec ago") are resolved against ``fetched_at``.
    """
    try:
        return _extract(html, url, as_utc(fetched_at))
    except Exception:
        LOGGER.warning("extraction failed for %s", url, exc_info=True)
        return Article(url=_safe_url(url), headline="")


@dataclass(frozen=True, slots=True)
class _Markup:
    """What the pre-pass read, before the tree is pruned for the body extractor."""

    tree: LexborHTMLParser
    scope: LexborNode | None
    page: PageFacts
    linked: LinkedData
    furniture: Furniture
    boxes: list[LexborNode]


@dataclass(frozen=True, slots=True)
class _Body:
    highlights: tuple[str, ...]
    paragraphs: tuple[str, ...]
    corrections: tuple[str, ...]


def _extract(html: str, url: str, fetched_at: datetime) -> Article:
    html = guard_html(html if isinstance(html, str) else "")
    url = _safe_url(url)
    markup = _read_markup(html)
    page, linked = markup.page, markup.linked
    headline = fields.headline(linked, page)
    body = _read_body(markup, html, url, headline, fetched_at)
    dates = _attempt(lambda: _dates(markup, fetched_at, html, url), Dates())
    canonical = fields.canonical_url(page, url)
    return Article(
        url=canonical,
        headline=headline,
        dek=_dek_unless_repeat(fields.dek(linked, page), headline, body.paragraphs),
        byline=fields.byline(linked, page),
        published=dates.published,
        updated=dates.updated,
        updated_text=dates.updated_text,
        highlights=body.highlights,
        paragraphs=body.paragraphs,
        corrections=body.corrections,
        language=fields.language(linked, page),
        site=fields.site_name(linked, page, canonical),
        published_offset=dates.published_offset,
        updated_offset=dates.updated_offset,
        updated_resolution=dates.updated_resolution,
    )


def _read_markup(html: str) -> _Markup:
    tree = parse_html(html)
    scope = _attempt(lambda: article_scope(tree), None)
    page = _attempt(lambda: read_page(tree, scope), PageFacts())
    return _Markup(
        tree=tree,
        scope=scope,
        page=page,
        linked=_attempt(lambda: read_linked_data(page.jsonld), LinkedData()),
        furniture=_attempt(lambda: read_furniture(tree, html, scope), Furniture()),
        boxes=_attempt(lambda: chrome_boxes(tree), []),
    )


def _read_body(markup: _Markup, html: str, url: str, headline: str, fetched_at: datetime) -> _Body:
    """Body paragraphs with highlights, correction notes and chrome taken out."""
    page, linked, furniture = markup.page, markup.linked, markup.furniture
    body_html = _attempt(lambda: prune_for_body(markup.tree, markup.boxes, markup.scope), html)
    blocks: list[Block] = _attempt(
        lambda: _body_blocks((body_html, html), url, markup.tree, linked), []
    )
    highlights = find_highlights(furniture.highlights, blocks)
    known_notes = [*furniture.correction_texts, *linked.corrections]
    story, notes = split_corrections((block.text for block in blocks), known_notes)
    titles = (headline, page.heading, fields.meta_title(page))
    subtitle = "" if _is_lede(page.subtitle, story, titles) else page.subtitle
    repeats = (*titles, subtitle, *page.byline, *highlights)
    return _Body(
        highlights=tuple(highlights),
        paragraphs=tuple(remove_chrome(story, ChromeContext(fetched_at, repeats))),
        corrections=tuple(merge_notes(notes, known_notes)),
    )


def _is_lede(text: str, story: list[str], titles: tuple[str, ...]) -> bool:
    """Whether ``text`` is the story's first paragraph (after any repeated title)."""
    key = match_key(text)
    if not key:
        return False
    skipped = {match_key(title) for title in titles}
    first = next((line for line in story if match_key(line) not in skipped), "")
    return _leads_with(match_key(first), key)


def _leads_with(first: str, key: str) -> bool:
    # A meta description is often the lede cut short ("… the council said on…").
    return bool(first) and (first == key or (len(key) >= LEDE_PREFIX and first.startswith(key)))


def _dek_unless_repeat(dek: str, headline: str, paragraphs: tuple[str, ...]) -> str:
    """A dek is only a dek when it is neither the headline nor the first paragraph.

    Otherwise one edit would count twice, once as a dek change.
    """
    key = match_key(dek.rstrip(" .…"))
    first = match_key(paragraphs[0]) if paragraphs else ""
    if key and (key == match_key(headline) or _leads_with(first, key)):
        return ""
    return dek


def _body_blocks(
    pages: tuple[str, str], url: str, tree: LexborHTMLParser, linked: LinkedData
) -> list[Block]:
    """trafilatura's body, else the page's paragraphs, else JSON-LD ``articleBody``.

    ``pages`` are the pruned page and the whole page: should pruning have taken
    the story with the chrome, the whole page is tried too. ``tree`` is already
    pruned, so a fallback reads no menus or teaser cards.
    """
    pruned, whole = pages
    blocks: list[Block] = _attempt(partial(trafilatura_blocks, pruned, url), [])
    if _word_count(blocks) < MIN_BODY_WORDS and whole != pruned:
        retry: list[Block] = _attempt(partial(trafilatura_blocks, whole, url), [])
        blocks = max(blocks, retry, key=_word_count)
    blocks = _unless_implausibly_small(blocks, pruned, url, linked)
    if blocks:
        return blocks
    texts = fallback_paragraphs(tree) or linked.body.splitlines()
    return [Block("p", text) for text in texts if text]


def _unless_implausibly_small(
    blocks: list[Block], page: str, url: str, linked: LinkedData
) -> list[Block]:
    """trafilatura's default body when the precise one is a fragment of the story.

    ``favor_precision`` sometimes keeps only a box (a 24-word reprint notice)
    where the default finds the article: a short body is checked against the
    default extraction and the JSON-LD ``articleBody``.
    """
    words = _word_count(blocks)
    stated = len(linked.body.split())
    if words >= PLAUSIBLE_BODY_WORDS and stated <= FRAGMENT_RATIO * words:
        return blocks
    default: list[Block] = _attempt(partial(trafilatura_blocks, page, url, precise=False), [])
    return default if _word_count(default) > FRAGMENT_RATIO * words else blocks


def _word_count(blocks: list[Block]) -> int:
    return sum(len(block.text.split()) for block in blocks)


def _dates(markup: _Markup, fetched_at: datetime, html: str, url: str) -> Dates:
    page, linked = markup.page, markup.linked
    sources = DateSources(
        fetched_at=fetched_at,
        jsonld_published=linked.published,
        jsonld_modified=linked.modified,
        meta=page.meta,
        published_attr=page.published_attr,
        modified_attr=page.modified_attr,
        stamp_texts=markup.furniture.stamp_texts,
        # Only a page that says it is American gets month-first numeric dates.
        day_first=not page.lang.lower().startswith("en-us"),
        lone_time_attr=_lone_time_attr(markup.tree),
    )
    return resolve_dates(sources, html, url)


def _lone_time_attr(tree: LexborHTMLParser) -> str:
    """The page's only <time datetime>: with no teaser cards around, it dates the story."""
    nodes = tree.css("time[datetime]")
    return (nodes[0].attributes.get("datetime") or "") if len(nodes) == 1 else ""


def _attempt(step: Callable[[], T], fallback: T) -> T:
    """Run one extraction step; a failure costs that step's fields, not the Article."""
    try:
        return step()
    except Exception:
        LOGGER.debug("extraction step failed", exc_info=True)
        return fallback


def _safe_url(url: object) -> str:
    return clean_text(url) if isinstance(url, str) else ""
