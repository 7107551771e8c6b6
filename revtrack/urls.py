"""URL validation and canonicalisation: one story per canonical URL."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from revtrack.errors import InvalidURLError

# Query parameters that only track the reader; they never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid",
        "cmpid", "ocid", "smid", "smtyp", "ito", "ns_mchannel", "ns_source",
        "ns_campaign", "ns_linkname", "ns_fee", "_ga", "guccounter", "at_medium",
        "at_campaign", "share", "ref", "ref_src", "src",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "__twitter", "mkt_")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Normalise a URL to identify a story.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters, and sorts the remaining query. Raises InvalidURLError for
    anything that is not an absolute http(s) URL.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"not a valid URL: {text!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidURLError(f"only http(s) URLs can be tracked, not {text!r}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise InvalidURLError(f"URL has no host: {text!r}")
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        host = f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def site_of(url: str) -> str:
    """The host a story lives on, without a leading www."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
