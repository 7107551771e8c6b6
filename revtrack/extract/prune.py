"""A lighter page for trafilatura: the body extractor's cost grows with the
number of elements, and most of a news page's elements are menus, icons,
scripts and teaser cards that can never be body text."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from revtrack.extract.dom import select

_NEVER_TEXT = (
    "script, style, svg, math, noscript, iframe, template, button, select, textarea, "
    "object, embed, video, audio, canvas, picture, source, link, meta"
)
_LAYOUT = "nav, header, footer, aside"
# trafilatura needs ~0.6 s per MB of dense markup; a story never needs more.
MAX_BODY_MARKUP = 1_000_000


def prune_for_body(
    tree: LexborHTMLParser, boxes: list[LexborNode], story: LexborNode | None
) -> str:
    """Detach chrome ``boxes``, page-level layout and non-text elements; return the HTML.

    This mutates ``tree``: read everything else from it first. Layout elements
    inside the ``story`` element, or around it, stay: an article's own footer
    may hold its correction notes.
    """
    story_id = story.mem_id if story is not None else None
    doomed = [*boxes]
    doomed += [node for node in select(tree, _LAYOUT) if not _touches(node, story, story_id)]
    doomed += select(tree, _NEVER_TEXT)
    for node in doomed:
        # Detach only: nodes are freed with the document, so nested picks are safe.
        node.decompose(recursive=False)
    html = tree.html or ""
    if len(html) <= MAX_BODY_MARKUP:
        return html
    story_html = story.html if story is not None and story.tag != "body" else None
    if story_html and len(story_html) <= MAX_BODY_MARKUP:
        return f"<html><body>{story_html}</body></html>"
    return html[:MAX_BODY_MARKUP]


def _touches(node: LexborNode, story: LexborNode | None, story_id: int | None) -> bool:
    """True when ``node`` is the story, lies inside it, or contains it."""
    if story is None or story.tag in (None, "body"):
        return False
    ancestor: LexborNode | None = node
    while ancestor is not None:
        if ancestor.mem_id == story_id:
            return True
        ancestor = ancestor.parent
    return any(child.mem_id == story_id for child in select(node, story.tag or "*"))
