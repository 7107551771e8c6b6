"""schema.org JSON-LD: the article object a page describes itself with."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from revtrack.extract.text import clean_markup_text, dedupe

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
        "AskPublicNewsArticle", "SatiricalArticle", "LiveBlogPosting", "BlogPosting",
        "Report",
    }
)  # fmt: skip
# Bounds for hostile JSON: a page may hold thousands of objects, nested deeply.
MAX_NODES = 5000
MAX_SCRIPT_CHARS = 2_000_000
_WRAPPER = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")


@dataclass(frozen=True, slots=True)
class LinkedData:
    """What the page's JSON-LD article object says; empty strings where it says nothing."""

    headline: str = ""
    description: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    modified: str = ""
    corrections: tuple[str, ...] = ()
    language: str = ""
    publisher: str = ""
    body: str = ""


def read_linked_data(scripts: Iterable[str]) -> LinkedData:
    """Pick the page's main article object from its JSON-LD scripts."""
    roots = [data for data in (_load(script) for script in scripts) if data is not None]
    nodes = list(_walk(roots))
    by_id = _index_by_id(nodes)
    articles = [node for node in nodes if _types(node) & ARTICLE_TYPES]
    if not articles:
        return LinkedData()
    # The main article names itself; teaser articles in lists often do not.
    article = next((node for node in articles if node.get("headline")), articles[0])
    return LinkedData(
        headline=_first_text(article.get("headline") or article.get("name")),
        description=_first_text(article.get("description")),
        authors=tuple(_person_names(article.get("author"), by_id)),
        published=_first_text(article.get("datePublished")),
        modified=_first_text(article.get("dateModified")),
        corrections=tuple(_correction_texts(article.get("correction"))),
        language=_language(article.get("inLanguage")),
        publisher=_publisher_name(article.get("publisher"), by_id),
        body=_body_text(article.get("articleBody")),
    )


def _load(script: str) -> Any:
    if len(script) > MAX_SCRIPT_CHARS:
        return None
    try:
        # strict=False: raw newlines inside strings are common and harmless.
        return json.loads(_WRAPPER.sub("", script), strict=False)
    except (ValueError, RecursionError):
        return None


def _walk(roots: list[Any]) -> Iterator[dict[str, Any]]:
    """Every JSON object, breadth first, so top-level objects come before nested ones."""
    queue: deque[Any] = deque(roots)
    seen = 0
    while queue and seen < MAX_NODES:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            queue.extend(value for value in item.values() if isinstance(value, dict | list))


def _index_by_id(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Full objects by "@id"; bare {"@id": ...} references do not count."""
    by_id: dict[str, dict[str, Any]] = {}
    for node in nodes:
        if isinstance(node.get("@id"), str) and not _is_reference(node):
            by_id.setdefault(node["@id"], node)
    return by_id


def _is_reference(node: dict[str, Any]) -> bool:
    return set(node) <= {"@id", "@type"}


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {name.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names if isinstance(name, str)}


def _first_text(value: Any) -> str:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str) and item.strip()), "")
    return clean_markup_text(value) if isinstance(value, str) else ""


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and _is_reference(value):
        return by_id.get(str(value.get("@id")), value)
    return value


def _person_names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:50]:
        item = _resolve(item, by_id)
        name = item.get("name") if isinstance(item, dict) else item
        text = _first_text(name)
        if text and not text.lower().startswith(("http:", "https:", "www.")):
            names.append(text)
    return dedupe(names)


def _correction_texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items[:50]:
        text = item.get("text") or item.get("description") if isinstance(item, dict) else item
        texts.append(_first_text(text))
    return dedupe(texts)


def _language(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return _first_text(value)


def _publisher_name(value: Any, by_id: dict[str, dict[str, Any]]) -> str:
    value = _resolve(value[0] if isinstance(value, list) and value else value, by_id)
    return _first_text(value.get("name")) if isinstance(value, dict) else _first_text(value)


def _body_text(value: Any) -> str:
    # Paragraph breaks matter here, so only strip what is unsafe, per line.
    if not isinstance(value, str):
        return ""
    lines = (clean_markup_text(line) for line in value.splitlines())
    return "\n".join(line for line in lines if line)
