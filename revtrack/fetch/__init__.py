"""Fetching pages politely with httpx."""

from revtrack.fetch.charset import decode_body
from revtrack.fetch.client import DEFAULT_USER_AGENT, Fetcher
from revtrack.fetch.politeness import HostGate
from revtrack.fetch.result import FetchOutcome, FetchRequest, FetchResult
from revtrack.fetch.retry import parse_retry_after

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchOutcome",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "HostGate",
    "decode_body",
    "parse_retry_after",
]
