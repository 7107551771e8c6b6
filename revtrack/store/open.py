"""Opening a store by location: a ``postgresql://`` URL, or else a SQLite file path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from revtrack.paths import is_postgres_url
from revtrack.paths import redact_location as redact_url
from revtrack.store.store import Store

__all__ = ["hide_password", "is_postgres_url", "open_store_at", "redact_url"]


def _passwords(url: str) -> set[str]:
    """The secrets in ``url``: the userinfo's password and any ``password=`` parameter,
    as written and decoded (read by hand: the URL may be too broken to parse)."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    before_query, _, query = rest.partition("?")
    userinfo = before_query.rpartition("@")[0].split("/", 1)[0]  # "" when there is none
    found = {userinfo.partition(":")[2]}
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name.lower() == "password":
            found.add(value)
    return {p for secret in found for p in (secret, unquote(secret)) if p}


def hide_password(text: str, url: str) -> str:
    """``text`` (a driver's message, which may quote the URL) with every password
    ``url`` holds replaced by ``***``."""
    for secret in sorted(_passwords(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def open_store_at(location: str | Path) -> Store:
    """The store at ``location``, opened and migrated to the latest schema.

    A ``postgresql://`` (or ``postgres://``) URL opens that database (psycopg 3;
    credentials from the URL, libpq's environment or ``.pgpass``); anything else is the
    path of a SQLite file, opened as ``Store.open`` always did. Errors are one-line
    ``StoreError``s that never show a password.
    """
    if is_postgres_url(location):
        from revtrack.store.postgres import PgStore  # psycopg loads only for PostgreSQL

        return PgStore.open_url(str(location))
    return Store.open(Path(location))
