"""Choosing each metadata field from the sources the pre-pass found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from revtrack.extract.jsonld import LinkedData
from revtrack.extract.page import PageFacts
from revtrack.extract.text import clean_markup_text, clean_text, dedupe, match_key
from revtrack.urls import site_of

AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»]\s+")
_BY_PREFIX = re.compile(
    r"^\W*(?:(?:written|reported|reporting|words|story|text)\s+)?by\b[:\s]*", re.IGNORECASE
)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
# Where a byline element runs on into a date or a role, the names have ended.
_BYLINE_END = re.compile(
    r"\s+[|•·/]\s+|\s+(?:updated|published|posted|last\s+updated)\b|\s+\d{1,2}[:./]\d",
    re.IGNORECASE,
)
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
MAX_NAME_WORDS = 6
MAX_NAMES = 12


def headline(linked: LinkedData, page: PageFacts) -> str:
    return (
        linked.headline
        or page.heading
        or meta_title(page)
        or _title_without_site(page.title, site_name(linked, page, ""))
    )


def meta_title(page: PageFacts) -> str:
    return clean_markup_text(page.meta.get("og:title", ""))


def _title_without_site(title: str, site: str) -> str:
    """Drop a trailing site name or short section label: "Headline | Site" -> "Headline"."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1]
    if match_key(last) == match_key(site) or len(last.split()) <= 4:
        separator = list(_TITLE_SEPARATOR.finditer(title))[-1]
        return title[: separator.start()].strip()
    return title


def dek(linked: LinkedData, page: PageFacts) -> str:
    meta = page.meta
    return (
        linked.description
        or clean_markup_text(meta.get("og:description", ""))
        or clean_markup_text(meta.get("description", ""))
        or clean_markup_text(meta.get("twitter:description", ""))
        or page.subtitle
    )


def byline(linked: LinkedData, page: PageFacts) -> str:
    """Author names as one string, "Jane Doe, John Roe"."""
    meta_names = [clean_markup_text(page.meta.get(key, "")) for key in AUTHOR_META]
    for source in (list(linked.authors), meta_names, list(page.byline)):
        names = _names(source)
        if names:
            return ", ".join(names[:MAX_NAMES])
    return ""


def _names(texts: Iterable[str]) -> list[str]:
    names: list[str] = []
    for text in texts:
        if not text or text.lower().startswith(("http:", "https:", "www.")):
            continue
        text = _BYLINE_END.split(_BY_PREFIX.sub("", text), maxsplit=1)[0]
        parts = (part.strip(" .:-–—") for part in _NAME_SEPARATOR.split(text))
        names.extend(part for part in parts if _is_name(part))
    return dedupe(names)


def _is_name(text: str) -> bool:
    return bool(text) and len(text.split()) <= MAX_NAME_WORDS and "@" not in text


def canonical_url(page: PageFacts, url: str) -> str:
    """<link rel=canonical> resolved against the page URL, else og:url, else the URL."""
    for candidate in (page.canonical, page.meta.get("og:url", "")):
        resolved = _absolute_http_url(candidate, url)
        if resolved:
            return resolved
    return clean_text(url)


def _absolute_http_url(candidate: str, base: str) -> str:
    candidate = clean_text(candidate)
    if not candidate:
        return ""
    try:
        resolved = urljoin(base, candidate)
        parts = urlsplit(resolved)
    except ValueError:
        return ""
    return resolved if parts.scheme in ("http", "https") and parts.netloc else ""


def language(linked: LinkedData, page: PageFacts) -> str:
    """The primary language subtag, lower case: "en" for "en-GB", "en_US" or "EN"."""
    meta = page.meta
    for candidate in (page.lang, linked.language, meta.get("og:locale", ""),
                      meta.get("content-language", ""), meta.get("language", "")):  # fmt: skip
        match = _LANGUAGE.match(candidate.strip())
        if match:
            return match.group(1).lower()
    return ""


def site_name(linked: LinkedData, page: PageFacts, url: str) -> str:
    return clean_markup_text(page.meta.get("og:site_name", "")) or linked.publisher or _host(url)


def _host(url: str) -> str:
    try:
        return clean_text(site_of(url))
    except ValueError:
        return ""
