"""Plain-text hygiene shared by every extracted field.

Page text is hostile input. Every string the extractor returns goes through
:func:`clean_text`, which keeps the text *literal*: markup-looking brackets such as
``[/]`` or ``[@click=app.quit]`` are left exactly as written (escaping is the job
of whoever displays the text), while bytes that could act on a terminal are
removed: ESC sequences (CSI, OSC and two-byte escapes), C0 control characters,
DEL and C1 control characters. Zero-width and other invisible characters are
dropped too, because sites insert them inconsistently and they would show up as
edits that nobody can see.
"""

from __future__ import annotations

import html
import re
import unicodedata

# CSI ("ESC [" ... final byte), terminated OSC/DCS/PM/APC strings, and nF/Fp/Fe
# escapes ("ESC ( B", "ESC 7"). An unterminated string keeps its text: only its
# ESC goes (via _CONTROL_CHARS), so a stray "ESC ]" cannot swallow a whole field.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C1 controls matter too: U+009B is a one-character CSI on some terminals.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Zero-width spaces/joiners, directional marks, word joiner and friends, BOM,
# soft hyphen, Mongolian vowel separator; lone surrogates cannot be encoded.
_INVISIBLE_CHARS = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\ud800-\udfff]")
# Any character the two patterns above would touch: most text has none.
_UNSAFE_CHAR = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\ud800-\udfff]"
)
# Only real tags: "3 < 5" or "a<b" in a headline is text, not markup.
_NON_WORD = re.compile(r"[\W_]+")
_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>")
# Inline tags vanish without a trace ("<em>April 1</em>;"); others separate words.
_INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "mark", "q", "s", "small",
        "span", "strong", "sub", "sup", "time", "u",
    }
)  # fmt: skip


def strip_terminal_controls(text: str) -> str:
    """Remove ESC sequences and C0/C1 control characters; newline and tab stay."""
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL_CHARS.sub("", text)


def clean_text(text: str) -> str:
    """Return ``text`` as one safe, NFC-normalised line with collapsed whitespace.

    Markup-looking text is kept literally; only control characters, ESC
    sequences and invisible characters are removed (see the module docstring).
    """
    if not text:
        return ""
    if _UNSAFE_CHAR.search(text):
        text = _INVISIBLE_CHARS.sub("", strip_terminal_controls(text))
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_markup_text(text: str) -> str:
    """Clean text that came from a JSON or attribute value holding HTML.

    JSON-LD values are not entity-decoded by the HTML parser and sometimes carry
    tags (``<p>``, ``<em>``), so decode entities and drop real tags first.
    """
    if not text:
        return ""
    return clean_text(_HTML_TAG.sub(_tag_replacement, html.unescape(text)))


def _tag_replacement(tag: re.Match[str]) -> str:
    return "" if tag.group(1).lower() in _INLINE_TAGS else " "


def match_key(text: str) -> str:
    """A key for "same text?" across sources: case-folded word characters only.

    Spacing, punctuation and bullets differ between the pre-pass, trafilatura
    and JSON-LD renderings of the same line, so they are left out.
    """
    return _NON_WORD.sub("", text.casefold())


def dedupe(items: list[str]) -> list[str]:
    """Drop empty and repeated (same :func:`match_key`) strings, keeping order."""
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        key = match_key(item)
        if key and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
