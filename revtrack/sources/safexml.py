"""Parsing XML from the network without expanding entities or touching the network.

The standard library's expat parser, hardened the way defusedxml does it: any
entity declaration (the start of "billion laughs" and external-entity attacks)
and any external reference aborts the parse. Feeds and sitemaps never need them.
"""

from __future__ import annotations

import re
import zlib
from typing import NoReturn
from xml.etree import ElementTree as ET
from xml.parsers import expat
from xml.parsers.expat import XMLParserType

from revtrack.sources.errors import SourceError

MAX_XML_BYTES = 50 * 2**20  # the sitemap protocol's own limit, uncompressed
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


class _Refused(Exception):
    pass


def refuse_entities(body: bytes) -> None:
    """Refuse a document that declares entities, before any parser sees it.

    Declarations can only sit in a DOCTYPE's internal subset, so text after one is
    searched; a feed that merely quotes "<!ENTITY" in an article passes."""
    subset = _INTERNAL_SUBSET.search(body)
    if subset and _ENTITY_DECL.search(body, subset.end()):
        raise SourceError("refusing XML that declares entities (possible entity bomb)")


def gunzip(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Undo a .xml.gz file (not Content-Encoding) with a bounded output."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise SourceError(f"broken gzip file: {exc}") from None
    if len(data) > limit:
        raise SourceError(f"gzipped document inflates past {limit // 2**20} MB")
    return data


def _refuse(*_args: object) -> NoReturn:
    raise _Refused


def _qname(name: str) -> str:
    """expat's "uri}local" -> ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


def _expat(builder: ET.TreeBuilder) -> XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _qname(name), {_qname(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_qname(name))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    return parser


def parse_xml(body: bytes) -> ET.Element:
    """The root element of ``body``; SourceError for malformed or hostile XML."""
    if len(body) > MAX_XML_BYTES:
        raise SourceError(f"XML document larger than {MAX_XML_BYTES // 2**20} MB")
    refuse_entities(body)
    builder = ET.TreeBuilder()
    try:
        _expat(builder).Parse(body, True)
    except _Refused:
        raise SourceError("refusing XML that declares entities (possible entity bomb)") from None
    except expat.ExpatError as exc:
        raise SourceError(f"malformed XML: {exc}") from None
    return builder.close()


def local_name(element: ET.Element) -> str:
    """The tag without its {namespace} ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
