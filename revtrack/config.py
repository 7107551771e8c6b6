"""The TOML configuration file: every key is known, typed and checked on load."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from revtrack.errors import ConfigError
from revtrack.paths import check_store_value, redact_location, store_location


@dataclass(frozen=True, slots=True)
class FetchConfig:
    user_agent: str = ""
    timeout: float = 20.0
    max_body_mb: float = 15.0
    concurrency: int = 16
    per_host: int = 2
    min_host_gap: float = 1.0
    retries: int = 2


@dataclass(frozen=True, slots=True)
class NotifyConfig:
    webhook: str = ""


@dataclass(frozen=True, slots=True)
class ArchiveConfig:
    wayback: str = "https://web.archive.org"  # a Wayback-compatible archive (CDX + id_)
    gap: float = 1.0  # seconds between two requests to an archive


@dataclass(frozen=True, slots=True)
class StoreConfig:
    # A postgresql:// URL, or a SQLite file (relative to the config's folder); "" is the
    # default, revtrack.db in the data folder. --store and $REVTRACK_STORE win over it.
    url: str = ""


@dataclass(frozen=True, slots=True)
class Config:
    fetch: FetchConfig = field(default_factory=FetchConfig)
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    archive: ArchiveConfig = field(default_factory=ArchiveConfig)
    store: StoreConfig = field(default_factory=StoreConfig)


def _section(cls: type[Any], name: str, raw: object, path: Path) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    defaults = cls()
    known = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key {name}.{key} (known: {', '.join(known)})")
        expected = known[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise ConfigError(f"{path}: {name}.{key} must be a {expected.__name__}")
        values[key] = value
    return replace(defaults, **values)


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host (and a usable port), printable, without spaces."""
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
        return valid and url.isprintable() and " " not in url
    except ValueError:  # a bad port or IPv6 literal
        return False


def _check_webhook(url: str, path: Path) -> None:
    """Empty (no webhook), or an http(s) URL with a host: caught on load, not on the first POST."""
    if url and not is_http_url(url):
        raise ConfigError(f"{path}: notify.webhook must be an http(s) URL with a host, not {url!r}")


def _check_archive(archive: ArchiveConfig, path: Path) -> None:
    if archive.gap < 0:
        raise ConfigError(f"{path}: archive.gap must not be negative")
    url = archive.wayback
    if not is_http_url(url):
        raise ConfigError(
            f"{path}: archive.wayback must be an http(s) URL with a host, not {url!r}"
        )


def _check_store(store: StoreConfig, path: Path) -> StoreConfig:
    """A usable location (a relative file made absolute from the config's folder)."""
    why = check_store_value(store.url)
    if why is not None:
        raise ConfigError(f"{path}: store.url {redact_location(store.url)!r} {why}")
    return replace(store, url=store_location(store.url, relative_to=path.parent))


def load_config(path: Path) -> Config:
    """Read the config file; a missing file means the defaults."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    sections = {
        "fetch": FetchConfig, "notify": NotifyConfig, "archive": ArchiveConfig,
        "store": StoreConfig,
    }  # fmt: skip
    unknown = set(raw) - set(sections)
    if unknown:
        raise ConfigError(f"{path}: unknown section [{sorted(unknown)[0]}]")
    parts = {name: _section(cls, name, raw.get(name, {}), path) for name, cls in sections.items()}
    _check_webhook(parts["notify"].webhook, path)
    _check_archive(parts["archive"], path)
    parts["store"] = _check_store(parts["store"], path)
    return Config(**parts)
