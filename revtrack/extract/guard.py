"""Make hostile HTML cheap to parse before any parser sees it.

HTML parsers keep a stack of open elements and walk it for many tags, so a page
nested 100,000 elements deep (or one that opens thousands of elements it never
closes) costs them quadratic time: lexbor needs about 30 s for 100,000 nested
<div>s. No real page comes near :data:`MAX_DEPTH`, so elements opened beyond it
are dropped (their text stays), together with their end tags and with end tags
that close nothing.
"""

from __future__ import annotations

import re

from revtrack.extract.text import strip_terminal_controls

MAX_HTML_CHARS = 20_000_000
MAX_DEPTH = 1000
# With at most this many tags the stack cannot get deep enough to cost lexbor
# more than ~40 ms, so typical pages skip even the quick depth bound.
_SCAN_ABOVE_TAGS = 4000

_ESCAPE_REFERENCE = re.compile(r"&#0*27(?![0-9]);?|&#[xX]0*1[bB](?![0-9A-Fa-f]);?")
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen", "image", "isindex",
        "spacer",
    }
)  # fmt: skip
# A second one of these closes the first, so they never nest by repetition.
_SELF_CLOSING_SIBLINGS = frozenset(["p", "li", "dt", "dd", "option", "tr", "td", "th"])
_NEVER_NESTED = _VOID | _SELF_CLOSING_SIBLINGS
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# Raw-text elements and comments are passed through unread: "<div>" in a script
# is not a tag.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<(script|style|textarea|title|xmp|noscript|iframe|noembed|noframes)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:_-]*)[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def guard_html(html: str) -> str:
    """Cap the page at :data:`MAX_HTML_CHARS`, remove terminal control sequences and
    flatten nesting beyond :data:`MAX_DEPTH`."""
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    return flatten_deep_nesting(remove_terminal_controls(html))


def flatten_deep_nesting(html: str) -> str:
    """``html`` with elements nested beyond :data:`MAX_DEPTH` dropped (text kept)."""
    if html.count("<") <= _SCAN_ABOVE_TAGS or not _may_nest_deeper_than(html, MAX_DEPTH):
        return html
    return _Flattener().flatten(html)


def _may_nest_deeper_than(html: str, limit: int) -> bool:
    """A quick bound on the nesting depth, to spare most pages the flattener.

    Per tag name, count elements opened and not yet closed (a close with none
    open counts for nothing). The parser's stack never holds more of those, plus
    the elements it implies (<tbody>) or that repeat (<li>), which at most
    multiplies the depth by a small constant.
    """
    open_counts: dict[str, int] = {}
    depth = 0
    for closing, name in _TAG_NAME.findall(html):
        name = name.lower()
        if name in _NEVER_NESTED:
            continue
        if not closing:
            open_counts[name] = open_counts.get(name, 0) + 1
            depth += 1
            if depth > limit:
                return True
        elif open_counts.get(name):
            open_counts[name] -= 1
            depth -= 1
    return False


def remove_terminal_controls(html: str) -> str:
    """Drop ESC sequences, raw or written as character references, before parsing.

    lxml silently drops a lone ESC but keeps the "[31m" after it, so cleaning
    parsed text would be too late: the sequence must go as a whole, and the
    same way for both parsers.
    """
    if "&#" in html:
        html = _ESCAPE_REFERENCE.sub("\x1b", html)
    return strip_terminal_controls(html)


class _Flattener:
    def __init__(self) -> None:
        self.stack: list[str] = []
        self.open_counts: dict[str, int] = {}
        self.dropped: dict[str, int] = {}
        self.changed = False

    def flatten(self, html: str) -> str:
        flattened = _TOKEN.sub(self._keep_or_drop, html)
        return flattened if self.changed else html

    def _keep_or_drop(self, match: re.Match[str]) -> str:
        name = match.group(3)
        if name is None:
            return match.group(0)
        name = name.lower()
        keep = self._close(name) if match.group(2) else self._open(name)
        if not keep:
            self.changed = True
            return ""
        return match.group(0)

    def _open(self, name: str) -> bool:
        if name in _VOID or _closes_its_sibling(self.stack, name):
            return True
        if len(self.stack) >= MAX_DEPTH:
            self.dropped[name] = self.dropped.get(name, 0) + 1
            return False
        self.stack.append(name)
        self.open_counts[name] = self.open_counts.get(name, 0) + 1
        return True

    def _close(self, name: str) -> bool:
        if self.dropped.get(name):
            self.dropped[name] -= 1
            return False
        if not self.open_counts.get(name):
            return name in _VOID
        while True:
            closed = self.stack.pop()
            self.open_counts[closed] -= 1
            if closed == name:
                return True


def _closes_its_sibling(stack: list[str], name: str) -> bool:
    """True when opening ``name`` implicitly closes the same element on top of the stack."""
    return name in _SELF_CLOSING_SIBLINGS and bool(stack) and stack[-1] == name
