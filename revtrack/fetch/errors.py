"""Failures of one fetch attempt, each told in one line for the check log."""

from __future__ import annotations

import errno
import socket
import ssl

import httpx

_MAX_MESSAGE = 300


class FetchFailure(Exception):
    """Ends one attempt; `retryable` says whether trying again could help."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(one_line(message))
        self.message = one_line(message)
        self.retryable = retryable
        # Where it happened, when known: the hop's URL and the status of its response.
        self.url: str = ""
        self.status: int | None = None


def one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_MESSAGE else flat[: _MAX_MESSAGE - 3] + "..."


def seconds(value: float) -> str:
    return f"{value:g} s"


def size(n_bytes: int) -> str:
    """Binary units, as the limits are written (15 * 2**20 -> "15 MB")."""
    if n_bytes >= 2**20:
        return f"{n_bytes / 2**20:.4g} MB"
    if n_bytes >= 2**10:
        return f"{n_bytes / 2**10:.4g} KB"
    return f"{n_bytes} bytes"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps: httpx hides the OSError a few levels down."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connect_failure(exc: httpx.ConnectError, host: str) -> FetchFailure:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            # A bad certificate does not heal within seconds; retrying only adds load.
            return FetchFailure(f"TLS certificate rejected: {cause.verify_message}")
        if isinstance(cause, ssl.SSLError):
            return FetchFailure(f"TLS error: {cause.reason or cause}", retryable=True)
        if isinstance(cause, socket.gaierror):
            return FetchFailure(f"cannot resolve host {host}", retryable=True)
        code = getattr(cause, "errno", None)
        if isinstance(cause, ConnectionRefusedError) or code == errno.ECONNREFUSED:
            return FetchFailure("connection refused", retryable=True)
        if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return FetchFailure(f"host {host} unreachable", retryable=True)
    return FetchFailure(f"connection failed: {exc}", retryable=True)


def describe(exc: httpx.HTTPError, *, host: str, timeout: float) -> FetchFailure:
    """Turn an httpx error into a one-line failure."""
    limit = seconds(timeout)
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchFailure(f"connect timed out after {limit}", retryable=True)
    if isinstance(exc, httpx.ReadTimeout):
        return FetchFailure(f"read timed out (no data for {limit})", retryable=True)
    if isinstance(exc, httpx.WriteTimeout):
        return FetchFailure(f"write timed out after {limit}", retryable=True)
    if isinstance(exc, httpx.PoolTimeout):
        return FetchFailure(f"no free connection after {limit}", retryable=True)
    if isinstance(exc, httpx.ConnectError):
        return _connect_failure(exc, host)
    if isinstance(exc, httpx.LocalProtocolError):
        return FetchFailure(f"invalid request: {exc}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return FetchFailure(f"protocol error: {exc}", retryable=True)
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return FetchFailure(f"connection lost: {str(exc) or type(exc).__name__}", retryable=True)
    if isinstance(exc, httpx.TransportError):
        return FetchFailure(f"{type(exc).__name__}: {exc}", retryable=True)
    return FetchFailure(f"{type(exc).__name__}: {exc}")
