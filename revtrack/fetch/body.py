"""Reading a response body with a hard cap on its decoded size.

httpx undoes gzip one network chunk at a time with no output limit: a single 64 KB
chunk of a gzip bomb inflates to ~64 MB before anyone can count it. So the raw bytes
are read here and inflated with `max_length`, in pieces of at most PIECE bytes, and
the cap is checked after every piece: memory stays near `max_body` whatever arrives.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import AsyncGenerator, Iterator
from contextlib import aclosing
from typing import Protocol, cast

import httpx

from revtrack.fetch.errors import FetchFailure, size

PIECE = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_ENCODINGS = 3  # nobody stacks more; a longer list is an attack or a bug


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), PIECE):
            yield data[start : start + PIECE]

    def flush(self) -> Iterator[bytes]:
        yield from ()


class _Inflater:
    """gzip (several members allowed) or deflate (zlib-wrapped or raw), bounded output."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._gzip = name == "gzip"
        self._z: zlib._Decompress | None = None
        self._held = b""  # too few bytes yet to start a stream (or the next member)
        self._backlog = False  # the last piece was full: zlib may hold more output
        self._done = False  # trailing bytes after the stream end are ignored

    def _new(self, start: bytes) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        # RFC 9110 deflate is zlib-wrapped, but some servers send raw deflate: tell them
        # apart by the zlib header's check bits instead of by a failed first try.
        cmf, flg = start[0], start[1]
        wrapped = cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def _begin(self, pending: bytes) -> zlib._Decompress | None:
        """A decompressor for the stream (or next gzip member) at `pending`, or None."""
        if len(pending) < 2:
            self._held = pending
            return None
        if self._z is not None and not (self._gzip and pending.startswith(_GZIP_MAGIC)):
            self._done = True
            return None
        self._z = self._new(pending)
        return self._z

    def _inflate(self, z: zlib._Decompress, data: bytes) -> bytes:
        try:
            return z.decompress(data, PIECE)
        except zlib.error as exc:
            raise FetchFailure(f"corrupt {self._name} body: {exc}") from None

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending, self._held = self._held + data, b""
        while not self._done:
            z = self._z
            if z is None or z.eof:
                z = self._begin(pending) if pending else None
                if z is None:
                    return
            elif not pending and not self._backlog:
                return
            out = self._inflate(z, pending)
            self._backlog = len(out) >= PIECE
            pending = z.unused_data if z.eof else z.unconsumed_tail
            if out:
                yield out

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")
        if self._z is not None and not self._z.eof and not self._done:
            tail = self._z.flush()
            if tail:
                yield tail


class _Chain:
    """Encodings are listed in the order applied, so they are undone last to first."""

    def __init__(self, decoders: list[Decoder]) -> None:
        self._decoders = decoders

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._decoders):
            yield data
            return
        for piece in self._decoders[index].feed(data):
            yield from self._through(index + 1, piece)

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def flush(self) -> Iterator[bytes]:
        for index, decoder in enumerate(self._decoders):
            for piece in decoder.flush():
                yield from self._through(index + 1, piece)


def make_decoder(content_encoding: str | None) -> Decoder:
    names = [n.strip().lower() for n in (content_encoding or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    if len(names) > _MAX_ENCODINGS:
        raise FetchFailure(f"too many content-encodings: {content_encoding}")
    decoders: list[Decoder] = []
    for name in reversed(names):
        if name in ("gzip", "x-gzip"):
            decoders.append(_Inflater("gzip"))
        elif name == "deflate":
            decoders.append(_Inflater("deflate"))
        else:
            # We only send Accept-Encoding: gzip, deflate; anything else is the server's bug.
            raise FetchFailure(f"unsupported content-encoding: {name}")
    return _Chain(decoders) if decoders else _Identity()


class _Sink:
    def __init__(self, max_body: int) -> None:
        self._max = max_body
        self._buffer = io.BytesIO()
        self._size = 0

    def add(self, piece: bytes) -> None:
        self._size += len(piece)
        if self._size > self._max:
            raise FetchFailure(f"body larger than {size(self._max)}")
        self._buffer.write(piece)

    def value(self) -> bytes:
        # BytesIO hands over its buffer without a copy when it is exactly full.
        return self._buffer.getvalue()


def _capped(body: bytes, max_body: int) -> bytes:
    if len(body) > max_body:
        raise FetchFailure(f"body larger than {size(max_body)}")
    return body


def _declared_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers.get("content-length", ""))
    except ValueError:
        return None


async def read_body(response: httpx.Response, max_body: int) -> bytes:
    """The decoded body of a streamed response; FetchFailure past `max_body` bytes."""
    if response.is_stream_consumed:
        # Built from bytes (MockTransport, custom transports): httpx already read and
        # decoded it, so only the cap is left to apply.
        return _capped(response.content, max_body)
    decoder = make_decoder(response.headers.get("content-encoding"))
    declared = _declared_length(response)
    if isinstance(decoder, _Identity) and declared is not None and declared > max_body:
        raise FetchFailure(f"body larger than {size(max_body)} (Content-Length {declared})")
    sink = _Sink(max_body)
    # Close the iterator even when the cap cuts it short, not whenever GC gets to it.
    raw = cast(AsyncGenerator[bytes, None], response.aiter_raw())
    async with aclosing(raw) as chunks:
        async for chunk in chunks:
            for piece in decoder.feed(chunk):
                sink.add(piece)
    for piece in decoder.flush():
        sink.add(piece)
    return sink.value()
