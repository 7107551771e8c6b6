"""The Wayback CDX API: the query that lists a URL's captures, and reading its answer."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlencode

from revtrack.backfill.captures import ArchivedCapture, BackfillError, wayback_capture


def cdx_query(
    base: str,
    url: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> str:
    """The CDX search URL: 200s only, one row per distinct payload, oldest first."""
    params: list[tuple[str, str]] = [
        ("url", url),
        ("output", "json"),
        ("fl", "timestamp,original,statuscode,digest"),
        ("filter", "statuscode:200"),
        ("collapse", "digest"),
    ]
    if since is not None:
        params.append(("from", since.strftime("%Y%m%d%H%M%S")))
    if until is not None:
        params.append(("to", until.strftime("%Y%m%d%H%M%S")))
    if limit is not None:
        params.append(("limit", str(limit)))
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


def parse_cdx(base: str, text: str) -> list[ArchivedCapture]:
    """The captures of a CDX ``output=json`` answer (a header row, then one row a
    capture), oldest first. An empty answer is no captures."""
    if not text.strip():
        return []
    try:
        rows = json.loads(text)
    except ValueError:
        raise BackfillError("the archive's CDX answer is not JSON") from None
    if not isinstance(rows, list) or not rows:
        return []
    header = rows[0]
    if not isinstance(header, list) or not {"timestamp", "original"} <= set(header):
        raise BackfillError("the archive's CDX answer has no timestamp/original columns")
    index = {name: header.index(name) for name in header}
    captures = []
    for row in rows[1:]:
        if not isinstance(row, list) or len(row) != len(header):
            continue
        status = row[index["statuscode"]] if "statuscode" in index else "200"
        if not str(status).isdigit() or int(status) != 200:
            continue  # "-" for revisits and the like; only pages as served count
        digest = str(row[index["digest"]]) if "digest" in index else ""
        try:
            captures.append(
                wayback_capture(base, str(row[index["timestamp"]]), str(row[index["original"]]),
                                status=200, digest=digest)
            )  # fmt: skip
        except BackfillError:
            continue  # a malformed row: skip it rather than the whole answer
    return sorted(captures, key=lambda c: c.at)
