"""Mutations of real pages: request noise, and one-word edits of the article.

Pure functions, shared by ``tests/realpages`` and ``bench/edits.py``:

- ``add_noise(html, index)``: what a real site changes on every request (a
  ticking "Updated N sec ago" clock over a ``<time datetime=...>`` stamp,
  cache-busting tokens in a script, an attribute and a stylesheet URL,
  rotating "Most read" / "Trending" teaser boxes near the start and the end of
  the body). Same index, same bytes; another index, other bytes. Never touches
  the article. ``visible_clock=True`` also shows an absolute "08:00:01" clock.
- ``edit_word(html, paragraph, seed)``: one word of an extracted paragraph
  changed in the raw HTML, in every copy of its sentence (body, meta
  description, og:description, JSON-LD articleBody, inline JSON state).
- ``edit_headline(html, headline, seed)``: the same for the headline (title,
  og:title, h1, JSON-LD headline).

How an edit finds the text: the paragraph is plain text as the extractor
returns it, the HTML is what the site served. A word (letters only, at least
4 of them; the seed picks which; in paragraphs without one, "25 Min.",
"21%", any run of letters or digits) is taken with its neighbours, a window
of 4, 3 or 2 words of the paragraph, and the window is searched for with a
loose pattern: any run of whitespace may be whitespace, a space entity
(``&nbsp;``, ``&emsp;``, ``&#x20;``), a JSON ``\\n`` or tags; table cells
joined as "a | b" may be any tags; tags (``<em>``, ``<a href=...>``), ruby
readings (``<rt>``) and soft hyphens may sit between any two characters;
every character may be written literally, as a numeric or named entity (also
double-escaped, ``&amp;quot;``) or as a JSON escape (``\\u2019``, ``\\"``);
ASCII letters only literally, unless nothing maps that way (e-mail addresses
obfuscated as ``&#112;&#114;``). Every occurrence of the window is edited,
changing only the chosen word, and each character keeps its own encoding:
the edit swaps in another ASCII vowel (``killed`` -> ``kolled``), or in words
without one (Cyrillic, Greek, CJK) swaps two neighbouring letters, or moves a
digit on by one. A window must occur in the visible body at least once
(outside tags and scripts); failing that, any occurrence (pages whose text
lives only in JSON). Last resort: the single word, when each of its
occurrences has the paragraph's neighbouring words within a short distance
(it only occurs in that sentence). None when nothing maps: callers count
those, never skip them silently.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# -- noise ---------------------------------------------------------------

_TEASERS = (
    "Markets slide as oil jumps", "Storm warning for the coast", "Cup final goes to penalties",
    "New rail line opens in the north", "Museum returns looted bronzes", "Heatwave breaks records",
    "Minister quits over expenses row", "Scientists map the deep ocean floor",
    "Strike shuts three airports", "City council approves new budget",
    "Singer announces farewell tour", "Flood defences tested by spring tides",
    "Police appeal after bank raid", "Tech firm cuts a tenth of jobs",
    "Election date set for autumn", "Rare bird spotted in city park",
)  # fmt: skip
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_HEAD_OPEN = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def _token(index: int, salt: str) -> str:
    return hashlib.sha256(f"{salt}/{index}".encode()).hexdigest()[:16]


def _teasers(index: int, salt: str, count: int = 5) -> list[str]:
    rng = random.Random(f"{salt}/{index}")
    return rng.sample(_TEASERS, count)


def _teaser_box(tag: str, cls: str, title: str, index: int) -> str:
    items = "".join(
        f'<li><a href="/news/{_token(index, h)[:8]}?ref={cls}">{html_lib.escape(h)}</a></li>'
        for h in _teasers(index, cls)
    )
    return f'<{tag} class="{cls}"><h2>{title}</h2><ol>{items}</ol></{tag}>'


def add_noise(html: str, index: int, *, visible_clock: bool = False) -> str:
    """``html`` wrapped in the noise of request number ``index``; the article is untouched.

    The clock ticks as "Updated N sec ago" text over a ``<time datetime=...>`` stamp;
    with ``visible_clock`` an absolute "08:00:01" is shown beside it as well, which
    changes the page's readable text on every request (so no digest can call it noise
    and every check goes through extraction).
    """
    seconds = 3 + index * 7 % 57
    clock = f"{(8 + index // 3600) % 24:02d}:{index // 60 % 60:02d}:{index % 60:02d}"
    token = _token(index, "token")
    shown = f' <span class="clock">{clock}</span>' if visible_clock else ""
    head = (
        f'<link rel="stylesheet" href="/static/site.css?v={_token(index, "css")}">'
        f'<script>window.__cacheToken = "{token}"; window.__renderedAt = {1_700_000_000 + index};'
        "</script>"
    )
    top = (
        f'<header class="site-header" data-token="{token}">'
        f'<time class="live-stamp" datetime="2026-12-05T{clock}Z">Updated {seconds} sec ago</time>'
        f"{shown}</header>" + _teaser_box("aside", "most-read", "Most read", index)
    )
    bottom = _teaser_box("div", "trending", "Trending now", index)
    opened = _HEAD_OPEN.search(html)
    if opened:
        html = html[: opened.end()] + head + html[opened.end() :]
        top_extra = ""
    else:
        top_extra = head
    opened = _BODY_OPEN.search(html)
    at = opened.end() if opened else 0
    html = html[:at] + top_extra + top + html[at:]
    closes = list(_BODY_CLOSE.finditer(html))
    end = closes[-1].start() if closes else len(html)
    return html[:end] + bottom + html[end:]


# -- edits ---------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}")
# Paragraphs without such a word ("25 Min.", "SNF", "21%"): any run of letters or digits.
_SHORT = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"\S+")
_TAG = r"<[^<>]*>"
# Between any two characters: inline tags, soft hyphens, zero-width characters.
# Ruby annotations (<rt>) are not text the extractor returns.
_RUBY = r"<r[tp]\b[^>]*>[^<]*</r[tp]\s*>"
_FILL = rf"(?:{_RUBY}|{_TAG}|&shy;|&#173;|&#xad;|\u00ad|\u200b|\u2060|&#8203;)*"
# A run of whitespace in the extracted text.
_SPACE_ENTITY = (
    r"&(?:amp;)?(?:nbsp|ensp|emsp|emsp13|emsp14|thinsp|hairsp|numsp|puncsp|MediumSpace|NoBreak);"
    r"|&(?:amp;)?#0*(?:9|10|13|32|160|8194|8195|8196|8197|8201|8202|8239|8287|12288);"
    r"|&(?:amp;)?#[xX]0*(?:9|[aAdD]|20|[aA]0|200[2-5]|2009|200[aA]|202[fF]|205[fF]|3000);"
    r"|&(?:Tab|NewLine);"
)
_SPACE = rf"(?:\s|{_TAG}|{_SPACE_ENTITY}|\\[nrt]|\\u00a0)+"
_CELLS = rf"(?:\s|{_TAG}|{_SPACE_ENTITY}|\|)+"
# One encoded character of the HTML, for mapping a matched word back to its letters.
_UNIT = re.compile(
    rf"(?P<skip>{_RUBY}|{_TAG}|&shy;|&#173;|&#xad;|\u00ad|\u200b|\u2060|&#8203;)"
    r"|&amp;#?\w+;|&#?\w+;|\\u[0-9a-fA-F]{4}|\\.|.",
    re.DOTALL,
)
_VOWELS = "aeiou"
_NEXT_VOWEL = {"a": "o", "e": "a", "i": "e", "o": "u", "u": "i"}
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=8192)
def _char_pattern(char: str, every: bool = False) -> str:
    """The ways ``char`` may be written; ASCII letters and digits only literally,
    unless ``every`` (pages that obfuscate e-mail addresses as ``&#112;&#114;``)."""
    if char.isascii() and char.isalnum() and not every:
        return char
    forms = {re.escape(char)}
    code = ord(char)
    numeric = [f"#0*{code};", f"#[xX]0*{code:x};", f"#[xX]0*{code:X};"]
    names = [
        re.escape(name if name.endswith(";") else name + ";")
        for name, value in html_lib.entities.html5.items()
        if value == char and name.endswith(";")
    ]
    for entity in numeric + names:
        forms.add("&" + entity)
        forms.add("&amp;" + entity)
    if code > 0x7F:
        forms.add(rf"\\u{code:04x}")
        forms.add(rf"\\u{code:04X}")
    if char in "\"'/\\":
        forms.add(re.escape("\\" + char))
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


def _text_pattern(text: str, every: bool = False) -> str:
    """A loose pattern for ``text`` as it may be written in raw HTML, JSON or attributes."""
    parts: list[str] = []
    for i, chunk in enumerate(re.split(r"(\s+(?:\|\s+)?)", text)):
        if not chunk:
            continue
        if i % 2:
            # Table cells come joined as "cell | cell": the cells' tags stand for the bar.
            parts.append(_CELLS if "|" in chunk else _SPACE)
        else:
            parts.append(_FILL.join(_char_pattern(c, every) for c in chunk))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # the word's span in the text
    end: int

    def word(self, text: str) -> str:
        return text[self.start : self.end]


def _mutation(word: str) -> tuple[str, int, str] | None:
    """How to change ``word``: ("set", i, char) or ("swap", i, "") for characters i, i+1.

    Another ASCII vowel after the first letter, else two neighbouring letters
    swapped, else (short tokens) a digit moved on by one or a lone ASCII letter
    replaced by the next one."""
    for i in range(1, len(word)):
        char = word[i]
        if char in _VOWELS:
            return ("set", i, _NEXT_VOWEL[char])
    first = 0 if not word[0].isupper() else 1  # a capital stays first
    for i in sorted(range(first, len(word) - 1), key=lambda i: i == 0):
        a, b = word[i], word[i + 1]
        if a != b and a.isalpha() and b.isalpha() and a.islower() == b.islower():
            return ("swap", i, "")
    for i, char in enumerate(word):
        if char.isascii() and char.isdigit():
            return ("set", i, str((int(char) + 1) % 10))
    if len(word) == 1 and word.isascii() and word.isalpha():
        return ("set", 0, "b" if word in "zZ" else chr(ord(word) + 1))
    return None


def _apply(raw: str, word: str, change: tuple[str, int, str]) -> str | None:
    """``raw`` (the HTML of ``word``) with ``change`` applied, every character's encoding kept."""
    units: list[tuple[str, bool]] = [
        (m.group(0), m.group("skip") is not None) for m in _UNIT.finditer(raw)
    ]
    letters = [i for i, (_, skip) in enumerate(units) if not skip]
    if len(letters) != len(word):
        return None
    kind, at, letter = change
    out = [u for u, _ in units]
    if kind == "set":
        old = out[letters[at]]
        if old.startswith("&#x"):
            letter = f"&#x{ord(letter):x};"
        elif old.startswith("&#"):
            letter = f"&#{ord(letter)};"
        out[letters[at]] = letter
    else:
        out[letters[at]], out[letters[at + 1]] = out[letters[at + 1]], out[letters[at]]
    return "".join(out)


def _windows(text: str, cand: _Candidate) -> Iterator[tuple[int, int]]:
    """Spans of 4, 3, then 2 whitespace-separated tokens of ``text`` around the word
    (the whole text when it is one token)."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    k = next(i for i, (s, e) in enumerate(tokens) if s <= cand.start < e)
    for size in (4, 3, 2) if len(tokens) > 1 else (1,):
        if size > len(tokens):
            continue
        # Windows centred on the word first.
        firsts = sorted(
            range(max(0, k - size + 1), min(k, len(tokens) - size) + 1),
            key=lambda a: abs(a + (size - 1) / 2 - k),
        )
        for a in firsts:
            yield tokens[a][0], tokens[a + size - 1][1]


def _hidden_ranges(html: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SCRIPT.finditer(html)]


def _visible(html: str, pos: int, hidden: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` is in text content (not in a tag, script or style)."""
    if any(s <= pos < e for s, e in hidden):
        return False
    return html.rfind("<", 0, pos) <= html.rfind(">", 0, pos)


def _edit_matches(
    html: str, matches: list[re.Match[str]], word: str, change: tuple[str, int, str]
) -> str | None:
    out: list[str] = []
    last = 0
    for m in matches:
        new = _apply(m.group("w"), word, change)
        if new is None:
            return None
        out.append(html[last : m.start("w")])
        out.append(new)
        last = m.end("w")
    out.append(html[last:])
    return "".join(out)


def _boundary(pattern: str, text: str, start: int, end: int) -> str:
    """``pattern`` kept from matching inside longer words."""
    if text[start].isalnum():
        pattern = r"(?:(?<![^\W_])|(?<=\\[nrt])|(?<=\\u[0-9a-fA-F]{4}))" + pattern
    if text[end - 1].isalnum():
        pattern += r"(?![^\W_])"
    return pattern


def _window_regex(
    text: str, span: tuple[int, int], cand: _Candidate, every: bool
) -> re.Pattern[str]:
    start, end = span
    before = _text_pattern(text[start : cand.start], every)
    word = _FILL.join(_char_pattern(c, every) for c in cand.word(text))
    after = _text_pattern(text[cand.end : end], every)
    join_before = _FILL if before and not text[cand.start - 1].isspace() else ""
    join_after = _FILL if after and not text[cand.end].isspace() else ""
    pattern = f"{before}{join_before}(?P<w>{word}){join_after}{after}"
    return re.compile(_boundary(pattern, text, start, end))


def _near(html: str, pos: int, end: int, text: str, cand: _Candidate, reach: int = 250) -> bool:
    """Whether the words next to the candidate in ``text`` occur near ``html[pos:end]``."""
    words = _WORD.findall(text[: cand.start])[-1:] + _WORD.findall(text[cand.end :])[:1]
    if not words:
        return False
    region = html[max(0, pos - reach) : end + reach]
    return all(re.search(_text_pattern(w), region) for w in words)


def edit_text(html: str, text: str, seed: int) -> str | None:
    """``html`` with one word of ``text`` changed wherever that passage occurs; None if unmapped."""
    edited = _edit_text(html, text, seed, every=False)
    if edited is None:  # slower: ASCII letters written as entities too
        edited = _edit_text(html, text, seed, every=True)
    return edited


def _edit_text(html: str, text: str, seed: int, every: bool) -> str | None:
    cands = [_Candidate(m.start(), m.end()) for m in _WORD.finditer(text)]
    cands = [c for c in cands if _mutation(c.word(text)) is not None]
    if not cands:
        cands = [_Candidate(m.start(), m.end()) for m in _SHORT.finditer(text)]
        cands = [c for c in cands if _mutation(c.word(text)) is not None]
    random.Random(seed).shuffle(cands)
    if not cands:
        return None
    hidden = _hidden_ranges(html)
    fallback: str | None = None
    for cand in cands:
        word = cand.word(text)
        change = _mutation(word)
        assert change is not None
        for span in _windows(text, cand):
            matches = list(_window_regex(text, span, cand, every).finditer(html))
            if not matches:
                continue
            edited = _edit_matches(html, matches, word, change)
            if edited is None or edited == html:
                continue
            if any(_visible(html, m.start(), hidden) for m in matches):
                return edited
            if fallback is None:
                fallback = edited
    if fallback is not None:
        return fallback
    for cand in cands:
        word = cand.word(text)
        change = _mutation(word)
        assert change is not None
        single = _boundary(
            f"(?P<w>{_FILL.join(_char_pattern(c, every) for c in word)})", word, 0, len(word)
        )
        matches = list(re.finditer(single, html))
        if matches and all(_near(html, m.start(), m.end(), text, cand) for m in matches):
            edited = _edit_matches(html, matches, word, change)
            if edited is not None and edited != html:
                return edited
    return None


def edit_word(html: str, paragraph: str, seed: int) -> str | None:
    """One word of the extracted ``paragraph`` changed in every copy of it; None if unmapped."""
    return edit_text(html, paragraph, seed)


def edit_headline(html: str, headline: str, seed: int) -> str | None:
    """One word of ``headline`` changed in its every copy (title, og:title, h1, JSON-LD)."""
    return edit_text(html, headline, seed)
