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

# Query switches that only ask for the AMP rendering of the same article.
_AMP_PARAMS = {"amp": ("", "1", "true", "yes"), "outputtype": ("amp",), "output": ("amp",)}
# Second-level registries under which "amp.example.co.uk" means "www.example.co.uk".
_SECOND_LEVEL = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "com.au", "net.au", "org.au",
        "co.nz", "co.za", "co.in", "co.jp", "com.br", "com.mx", "com.ar", "com.tr",
        "com.sg", "com.hk", "com.cn", "com.tw", "co.kr", "com.my", "com.pk", "com.ng",
    }
)  # fmt: skip


def _is_tracking(name: str, value: str = "") -> bool:
    lowered = name.lower()
    if value.lower() in _AMP_PARAMS.get(lowered, ()):
        return True
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _fold_amp_host(host: str) -> str:
    """``amp.site.com`` -> ``www.site.com``; ``amp.news.site.com`` -> ``news.site.com``."""
    if not host.startswith("amp.") or host.count(".") < 2:
        return host
    rest = host.removeprefix("amp.")
    labels = rest.split(".")
    registered = len(labels) == 2 or (len(labels) == 3 and ".".join(labels[-2:]) in _SECOND_LEVEL)
    return f"www.{rest}" if registered else rest


def _fold_amp_path(path: str) -> str:
    """Drop an ``amp`` path segment and ``.amp`` suffixes: the AMP copy of an article."""
    segments = path.split("/")
    if len([s for s in segments if s]) > 1 and "amp" in segments[1:]:
        kept = [s for i, s in enumerate(segments) if not (i > 0 and s == "amp")]
        path = "/".join(kept).rstrip("/") + ("/" if path.endswith("/") else "")
    last = path.rsplit("/", 1)
    if last[-1].endswith(".amp") and last[-1] != ".amp":
        path = path.removesuffix(".amp")
    elif ".amp." in last[-1]:
        path = path[: -len(last[-1])] + last[-1].replace(".amp.", ".", 1)
    return path


def canonical_url(url: str) -> str:
    """Normalise a URL to identify a story.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters, and sorts the remaining query. AMP variants of an article fold
    to the plain one: an ``amp.`` host, an ``amp`` path segment, a ``.amp``
    suffix and an ``?amp`` / ``?outputType=amp`` switch. Raises InvalidURLError for
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
    host = _fold_amp_host((parts.hostname or "").lower().rstrip("."))
    if not host:
        raise InvalidURLError(f"URL has no host: {text!r}")
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        host = f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, v)
    ]
    path = _fold_amp_path(parts.path or "/")
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def host_of(url: str) -> str:
    """The host a story is fetched from, with its port when the URL names one: what
    politeness counts (``www.`` kept: it may be another server)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # a port out of range: the URL fails at fetch time anyway
        port = None
    return f"{host}:{port}" if port is not None else host


def site_of(url: str) -> str:
    """The host a story lives on, without a leading www."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
