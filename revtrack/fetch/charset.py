"""Bytes to text: trust what the page declares only as far as the bytes agree.

Order: a byte-order mark; the Content-Type charset; a `<meta charset>` (or
`http-equiv`, or an XML declaration) in the first 4 KB; then detection. A declared
charset that fails strict decoding is skipped. Detection first takes valid UTF-8
as UTF-8 (unambiguous and by far the most common), then mostly-valid UTF-8 as
UTF-8 with replacement characters, then asks charset_normalizer; the last resort
is UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_UTF8 = "utf-8"
_SNIFF = 4096
_DETECT_SAMPLE = 256 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, _UTF8),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers read as a superset (WHATWG Encoding Standard): pages labelled
# latin-1 routinely contain Windows-1252 quotes and dashes.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
_WIDE = ("utf-16", "utf-32")

_META = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")

# charset_normalizer often ranks Western text as cp1250, cp1257 or cp775 by a hair;
# when one of these is about as plausible as the winner, it is the better guess.
_PREFERRED = ("cp1252", "cp1251", "gb18030", "cp932", "cp949", "big5")
_CHAOS_SLACK = 0.05


def decode_body(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a page; returns (text, Python codec name). Never raises."""
    try:
        return _decode(body, content_type)
    except Exception:  # a codec or detector bug must not lose the page
        return body.decode(_UTF8, "replace"), _UTF8


def _decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    if not body:
        return "", _UTF8
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace"), name
    for label in (header_charset(content_type), meta_charset(body)):
        declared = _codec(label, body)
        if declared is None:
            continue
        text = _strict(body, declared)
        if text is not None:
            return _prefer_utf8(body, text, declared)
    return _detect(body)


def header_charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").strip() or None
    return None


def meta_charset(body: bytes) -> str | None:
    head = body[:_SNIFF]
    found = _META.search(head) or _XML_DECL.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def _codec(label: str | None, body: bytes) -> str | None:
    """The Python codec for a declared label, or None if unknown or impossible here."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(_WIDE) and b"\x00" not in body[:_SNIFF]:
        # A UTF-16/32 page has NULs all through its ASCII markup; without them the label
        # is wrong (and a <meta> we could read as ASCII cannot be UTF-16 anyway).
        return None
    return _SUPERSETS.get(name, name)


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _prefer_utf8(body: bytes, text: str, declared: str) -> tuple[str, str]:
    # Servers that default to a legacy charset mislabel UTF-8 pages all the time, while
    # legacy text that happens to be valid non-ASCII UTF-8 is vanishingly rare.
    if declared != _UTF8 and not body.isascii():
        as_utf8 = _strict(body, _UTF8)
        if as_utf8 is not None:
            return as_utf8, _UTF8
    return text, declared


def _detect(body: bytes) -> tuple[str, str]:
    as_utf8 = _strict(body, _UTF8)
    if as_utf8 is not None:
        return as_utf8, _UTF8
    sample = _sample(body)
    name = _UTF8 if _mostly_utf8(sample) else _normalizer_guess(sample)
    return body.decode(name or _UTF8, "replace"), name or _UTF8


def _sample(body: bytes) -> bytes:
    """The head of a large body, cut before a '<' or newline so no character is split.

    Guessing from the whole of a 15 MB page would block for seconds; the head says as
    much. Neither byte occurs inside a character of any ASCII-compatible charset.
    """
    if len(body) <= _DETECT_SAMPLE:
        return body
    head = body[:_DETECT_SAMPLE]
    cut = max(head.rfind(b"<"), head.rfind(b"\n"))
    return head[:cut] if cut > _DETECT_SAMPLE // 2 else head


def _mostly_utf8(body: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than stray bytes: UTF-8 with a few errors.

    Text in a legacy charset almost never forms a valid multi-byte sequence, so even a
    handful of them outweighs a stray byte or two.
    """
    text = body.decode(_UTF8, "surrogateescape")
    stray = len(text) - len(_ESCAPED.sub("", text))
    non_ascii = len(text) - len(_NON_ASCII.sub("", text))
    return non_ascii - stray > stray


def _normalizer_guess(sample: bytes) -> str | None:
    # Declarations were tried already (and failed): detect from the bytes alone.
    matches = list(charset_normalizer.from_bytes(sample, preemptive_behaviour=False))
    if not matches:
        return None
    best = matches[0]
    close = {m.encoding: m for m in matches if m.chaos <= best.chaos + _CHAOS_SLACK}
    chosen = next((close[name] for name in _PREFERRED if name in close), best)
    name = codecs.lookup(chosen.encoding).name
    # The same text under the web's most common legacy name reads better in a log.
    if name != "cp1252" and _strict(sample, "cp1252") == str(chosen):
        name = "cp1252"
    return name
