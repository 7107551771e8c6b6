"""The bullet summary near the top of a story ("• US Secretary of State to ...")."""

from __future__ import annotations

from collections.abc import Sequence

from revtrack.extract.body import Block
from revtrack.extract.chrome import strip_bullet

# A paragraph this long is the story itself: a list after it is body, not summary.
SUBSTANTIAL_WORDS = 25
MIN_ITEMS, MAX_ITEMS = 2, 10
MIN_ITEM_WORDS, MAX_ITEM_WORDS = 4, 80
_BULLETS = ("•", "·", "▪", "●", "◦", "‣", "∙")


def find_highlights(marked: Sequence[str], blocks: Sequence[Block]) -> list[str]:
    """Highlights from a list marked up as such, else from the top of the body.

    trafilatura keeps the summary bullets as a list (or "•" paragraphs) ahead of
    the first real paragraph; a list further down is part of the story.
    """
    if marked:
        return [strip_bullet(text) for text in marked]
    return _leading_list(blocks) or _leading_bullets(blocks)


def _leading_list(blocks: Sequence[Block]) -> list[str]:
    for index, block in enumerate(blocks):
        if block.kind == "item":
            items = [other.text for other in blocks if other.group == block.group]
            after = [other for other in blocks[index:] if other.group != block.group]
            return items if _look_like_highlights(items) and _story_follows(after) else []
        if _is_substantial(block):
            return []
    return []


def _leading_bullets(blocks: Sequence[Block]) -> list[str]:
    items: list[str] = []
    rest: Sequence[Block] = ()
    for index, block in enumerate(blocks):
        if block.text.startswith(_BULLETS):
            items.append(strip_bullet(block.text))
        elif items or _is_substantial(block):
            rest = blocks[index:]
            break
    return items if _look_like_highlights(items) and _story_follows(rest) else []


def _story_follows(blocks: Sequence[Block]) -> bool:
    """A summary heads a story; a list with no story after it is the article itself."""
    return any(_is_substantial(block) for block in blocks)


def _is_substantial(block: Block) -> bool:
    return block.kind == "p" and len(block.text.split()) >= SUBSTANTIAL_WORDS


def _look_like_highlights(items: Sequence[str]) -> bool:
    if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
        return False
    return all(MIN_ITEM_WORDS <= len(item.split()) <= MAX_ITEM_WORDS for item in items)
