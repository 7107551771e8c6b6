"""Where revtrack keeps its data, configuration and cache, and which store it uses."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import platformdirs

HOME_ENV = "REVTRACK_HOME"
STORE_ENV = "REVTRACK_STORE"
APP_NAME = "revtrack"
POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres_url(location: str | os.PathLike[str]) -> bool:
    """Whether a store location names a PostgreSQL database (``postgresql://``, ``postgres://``)."""
    text = str(location)
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in POSTGRES_SCHEMES


def url_password(url: str) -> str | None:
    """The password a URL carries (decoded), in its user part or as ``?password=``."""
    try:
        parts = urlsplit(url)
        found = parts.password
    except ValueError:
        found = None
    if found:
        return unquote(found)
    for pair in url.partition("?")[2].split("&"):
        key, _, value = pair.partition("=")
        if key.lower() == "password" and value:
            return unquote(value)
    return None


def redact_location(location: str | os.PathLike[str]) -> str:
    """A store location fit to print: a URL's password (user part or ``?password=``) is ``***``.

    A file path is returned as it is; a URL that does not parse keeps only its scheme.
    """
    text = str(location)
    if "://" not in text:
        return text
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            if ":" in user:
                user = user.split(":", 1)[0] + ":***"
            netloc = f"{user}@{host}"
        query = "&".join(
            f"{key}=***" if key.lower() == "password" else pair
            for pair in parts.query.split("&")
            for key in [pair.partition("=")[0]]
        )
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return f"{text.partition('://')[0]}://…"


def scrub_password(text: str, location: str | os.PathLike[str]) -> str:
    """``text`` with the password of ``location`` (as given, decoded or encoded) blanked out."""
    if not is_postgres_url(location):
        return text
    password = url_password(str(location))
    if not password:
        return text
    raw = str(location)
    text = text.replace(raw, redact_location(raw))
    for secret in sorted({password, quote(password, safe=""), quote(password)}, key=len)[::-1]:
        text = text.replace(secret, "***")
    return text


@dataclass(frozen=True, slots=True)
class Paths:
    """Every location revtrack touches; one override (--home) moves them all.

    ``store`` is the chosen store (--store, $REVTRACK_STORE or ``[store] url``): a
    PostgreSQL URL, a SQLite file, or "" for ``revtrack.db`` in the data folder.
    """

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    home: Path | None = None
    store: str = ""

    @property
    def is_postgres(self) -> bool:
        return is_postgres_url(self.store)

    @property
    def db_path(self) -> Path:
        """The SQLite store's file (for a PostgreSQL store, where a SQLite one would be)."""
        if self.store and not self.is_postgres:
            return Path(self.store)
        return self.data_dir / "revtrack.db"

    @property
    def store_location(self) -> str | Path:
        """What opens the store: the PostgreSQL URL, or the SQLite file."""
        return self.store if self.is_postgres else self.db_path

    @property
    def store_display(self) -> str:
        """The store's location fit to print: never a password."""
        return redact_location(self.store_location)

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def lock_file(self) -> Path | None:
        """The file a capture pass locks, beside a SQLite store (``revtrack.lock`` in the
        data folder); None on PostgreSQL, where passes take no file lock."""
        if self.is_postgres:
            return None
        db = self.db_path
        return db.with_name(db.name + ".lock") if db.suffix == ".lock" else db.with_suffix(".lock")


def store_location(value: str, relative_to: Path | None = None) -> str:
    """A --store / $REVTRACK_STORE / ``[store] url`` value as Paths keeps it: a PostgreSQL
    URL unchanged, a file path made absolute (``~`` expanded; a relative one from
    ``relative_to``, else the working folder); "" stays "" (the default store)."""
    if not value or is_postgres_url(value):
        return value
    path = Path(value).expanduser()
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return str(path.absolute())


def check_store_value(value: str) -> str | None:
    """Why a store location is unusable (None: it is fine). Printable: never the password."""
    if not value.isprintable():
        return "has control characters"
    if is_postgres_url(value):
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - a bad port raises here
        except ValueError as exc:
            return f"is not a valid PostgreSQL URL ({exc})"
        if " " in value:
            return "is not a valid PostgreSQL URL (it has a space)"
        return None
    if "://" in value:
        scheme = value.partition("://")[0]
        return f"is a {scheme}:// URL; a store is a postgresql:// URL or a SQLite file path"
    return None


def resolve_paths(home: str | os.PathLike[str] | None = None, store: str | None = None) -> Paths:
    """``home`` (from --home) wins over $REVTRACK_HOME, which wins over platformdirs;
    ``store`` (from --store) over $REVTRACK_STORE (the config's ``[store] url`` is
    applied later, by whoever reads the config)."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    where = store_location(store if store is not None else os.environ.get(STORE_ENV) or "")
    if chosen is not None:
        root = Path(chosen).expanduser().absolute()
        return Paths(
            data_dir=root, config_dir=root, cache_dir=root / "cache", home=root, store=where
        )
    return Paths(
        data_dir=platformdirs.user_data_path(APP_NAME),
        config_dir=platformdirs.user_config_path(APP_NAME),
        cache_dir=platformdirs.user_cache_path(APP_NAME),
        store=where,
    )
