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
# Between a site name and the headline; "|" needs no spaces ("NEWS WEB EASY|...").
_SITE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|｜]\s*|:\s+")
_SEPARATOR_START = re.compile(r"\s*[|\-–—:·•»/｜]")
_WORD = re.compile(r"[^\W_]+")
_SUFFIX_WORDS = frozenset(["info", "news", "online", "blog"])
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
# Shorter shared text is a coincidence ("News", "Page"), not the same headline.
MIN_AGREED_CHARS = 10
MIN_SITE_CHARS = 5


def headline(linked: LinkedData, page: PageFacts) -> str:
    """The headline as the page shows it.

    The <h1> is what readers see, but pages also head logos, menus and kickers
    with one; metadata titles carry site names and are sometimes an SEO
    variant. So a heading that agrees with a metadata title wins, then the
    article's own heading, then the metadata.
    """
    raw = _meta_titles(linked, page)
    sites = _site_keys(linked, page)
    titles = [_strip_site(title, sites) for title in raw]
    linked_title, og_title, twitter_title, page_title = titles
    return (
        _agreed_heading(page.headings, [*titles, *raw])
        or (page.heading if page.heading_scoped else "")
        or _untruncated(linked_title, titles)
        or page.heading
        or _untruncated(og_title or twitter_title, titles)
        or _title_without_site(page_title, sites)
    )


def meta_title(page: PageFacts) -> str:
    return clean_markup_text(page.meta.get("og:title", ""))


def _meta_titles(linked: LinkedData, page: PageFacts) -> list[str]:
    """JSON-LD, og:title, twitter:title and <title>, in that order ("" where missing)."""
    twitter = clean_markup_text(page.meta.get("twitter:title", ""))
    return [linked.headline, meta_title(page), twitter, clean_text(page.title)]


def _agreed_heading(headings: Iterable[str], titles: list[str]) -> str:
    """The first heading that is the same line as a metadata title, in its best form."""
    for heading in headings:
        for title in titles:
            agreed = _same_line(heading, title)
            if agreed:
                return agreed
    return ""


def _same_line(heading: str, title: str) -> str:
    """``heading`` or ``title`` if they are one headline told two ways, else "".

    Beyond spelling: the title may add a site name ("Site: Heading",
    "Heading | Site") or be cut short; the heading may carry a kicker above
    the headline or a site suffix of its own. Half the words must be shared,
    so a short logo or section <h1> does not agree with a long title.
    """
    ours, theirs = _words(heading), _words(title)
    if not ours or not theirs:
        return ""
    if ours == theirs:
        return heading
    short, long = sorted((ours, theirs), key=len)
    if len(short) < MIN_AGREED_CHARS or 2 * len(short) < len(long):
        return ""
    if short == ours:
        return heading if long.startswith(ours + " ") or long.endswith(" " + ours) else ""
    if long.endswith(" " + theirs):
        return title
    if long.startswith(theirs + " "):
        return title if _words(_drop_last_part(heading)) == theirs else heading
    return ""


def _words(text: str) -> str:
    """Case-folded words, one space apart: punctuation and dashes do not tell headlines apart."""
    return " ".join(_WORD.findall(text.casefold()))


def _drop_last_part(text: str) -> str:
    separators = list(_TITLE_SEPARATOR.finditer(text))
    return text[: separators[-1].start()] if separators else text


def _untruncated(title: str, titles: list[str]) -> str:
    """``title``, or a longer title it is the cut-off start of (a quote ended an attribute)."""
    return next((other for other in titles if _cut_short(title, other)), title)


def _cut_short(title: str, other: str) -> bool:
    rest = other[len(title) :]
    # "Headline - Site" is not a longer headline, just a site name added.
    return (
        bool(title)
        and other.startswith(title)
        and rest[:1].isspace()
        and not _SEPARATOR_START.match(rest)
    )


def _site_keys(linked: LinkedData, page: PageFacts) -> frozenset[str]:
    """Match keys of the site's names: og:site_name, publisher, logo, the host and its name."""
    host = _host(page.canonical or page.meta.get("og:url", ""))
    labels = host.split(".")
    # "www3.nhk.or.jp" -> "nhk": the part before the public suffix.
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in _SUFFIX_WORDS):
        labels.pop()
    names = (page.meta.get("og:site_name", ""), page.meta.get("application-name", ""),
             linked.publisher, page.logo, host, labels[-1] if labels else "")  # fmt: skip
    return frozenset(key for key in map(match_key, names) if key)


def _strip_site(title: str, sites: frozenset[str]) -> str:
    """Drop a site name before or after the headline: "Site | Headline", "Headline - Site"."""
    separators = list(_SITE_SEPARATOR.finditer(title))
    if separators and _is_site(title[: separators[0].start()], sites):
        title = title[separators[0].end() :]
        separators = list(_SITE_SEPARATOR.finditer(title))
    if separators and _is_site(title[separators[-1].end() :], sites):
        title = title[: separators[-1].start()]
    return title.strip()


def _is_site(part: str, sites: frozenset[str]) -> bool:
    """Whether ``part`` names the site: in full, or the start of a long og:site_name."""
    key = match_key(part)
    if not key:
        return False
    if key in sites:
        return True
    return len(key) >= MIN_SITE_CHARS and any(site.startswith(key) for site in sites)


def _title_without_site(title: str, sites: frozenset[str]) -> str:
    """Drop a trailing site name or short section label: "Headline | Site" -> "Headline"."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1]
    if match_key(last) in sites or len(last.split()) <= 4:
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
