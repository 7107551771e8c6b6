"""Content decoding with bounded output pieces."""

from __future__ import annotations

import gzip
import zlib

import pytest

from revtrack.fetch.body import PIECE, make_decoder
from revtrack.fetch.errors import FetchFailure

TEXT = b"<p>A story that keeps changing.</p>\n" * 500


def run(encoding: str | None, data: bytes, chunk: int = 1000) -> list[bytes]:
    decoder = make_decoder(encoding)
    pieces: list[bytes] = []
    for start in range(0, len(data), chunk):
        pieces.extend(decoder.feed(data[start : start + chunk]))
    pieces.extend(decoder.flush())
    return pieces


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def _gzip(data: bytes) -> bytes:
    # mtime=0: the same bytes in every process, so xdist workers collect the same test ids.
    return gzip.compress(data, mtime=0)


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        (None, TEXT),
        ("identity", TEXT),
        ("gzip", _gzip(TEXT)),
        ("x-gzip", _gzip(TEXT)),
        ("GZIP ", _gzip(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),  # the common server bug
        ("deflate, gzip", _gzip(zlib.compress(TEXT))),
    ],
    ids=["none", "identity", "gzip", "x-gzip", "GZIP-space", "zlib", "raw-deflate", "both"],
)
def test_round_trip(encoding: str | None, encoded: bytes) -> None:
    for chunk in (1, 7, 100_000):
        assert b"".join(run(encoding, encoded, chunk)) == TEXT


def test_gzip_members_are_concatenated() -> None:
    data = gzip.compress(b"first ") + gzip.compress(b"second")
    assert b"".join(run("gzip", data, 3)) == b"first second"


def test_trailing_garbage_after_gzip_is_ignored() -> None:
    assert b"".join(run("gzip", gzip.compress(TEXT) + b"\n\x00junk")) == TEXT


def test_output_comes_in_bounded_pieces() -> None:
    zeros = bytes(8 * 2**20)
    pieces = run("gzip", gzip.compress(zeros), chunk=len(zeros))  # all input at once
    assert sum(map(len, pieces)) == len(zeros)
    assert max(map(len, pieces)) <= PIECE


def test_corrupt_gzip_is_a_failure() -> None:
    broken = bytearray(gzip.compress(TEXT))
    broken[20:30] = b"\xff" * 10
    with pytest.raises(FetchFailure, match="corrupt gzip body"):
        run("gzip", bytes(broken))


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, compress"])
def test_unsupported_encoding(encoding: str) -> None:
    with pytest.raises(FetchFailure, match="unsupported content-encoding"):
        make_decoder(encoding)


def test_absurd_encoding_stack() -> None:
    with pytest.raises(FetchFailure, match="too many content-encodings"):
        make_decoder("gzip, gzip, gzip, gzip")
