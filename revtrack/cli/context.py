"""What every command needs: where things live, the config, the clock, the store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from revtrack.clock import Clock, utcnow
from revtrack.config import Config, load_config
from revtrack.errors import ConfigError, RevtrackError, StoreError
from revtrack.history.open import open_store
from revtrack.paths import (
    STORE_ENV,
    Paths,
    check_store_value,
    is_postgres_url,
    redact_location,
    scrub_password,
)
from revtrack.store.store import Store

if TYPE_CHECKING:
    from revtrack.fetch.client import Fetcher


def check_store_option(option: str | None) -> None:
    """A --store or $REVTRACK_STORE value revtrack cannot use is one line (no password)."""
    value, source = (
        (option, "--store") if option is not None else (os.environ.get(STORE_ENV), f"${STORE_ENV}")
    )
    if value:
        why = check_store_value(value)
        if why is not None:
            raise RevtrackError(f"{source} {redact_location(value)!r} {why}")


@contextmanager
def hiding_password(location: str | Path) -> Iterator[None]:
    """Errors raised inside never carry the password of ``location`` (a PostgreSQL URL):
    a user's error stays one line with the password blanked out; anything else from the
    database driver becomes such a line."""
    try:
        yield
    except RevtrackError as exc:
        text = str(exc)
        clean = scrub_password(text, location)
        if clean == text:
            raise
        raise type(exc)(clean) from None
    except Exception as exc:
        if not is_postgres_url(location):
            raise
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = redact_location(location)
        raise StoreError(f"store {where}: {scrub_password(text, location)}") from None


@dataclass
class AppContext:
    """``paths.store`` is the store chosen: --store, then $REVTRACK_STORE (both given to
    ``resolve_paths``), then the config's ``[store] url`` (applied here), else the SQLite
    file in the data folder."""

    paths: Paths
    clock: Clock = utcnow
    creates_home: bool = False  # the command adds stories, so it may make a whole new path
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.paths.store:
            return
        try:
            url = self.config.store.url
        except ConfigError:
            return  # reported by the first command that needs the config or the store
        if url:
            self.paths = replace(self.paths, store=url)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.paths.config_file)
        return self._config

    def store(self) -> Store:
        """The store; the config is checked first, so a bad one stops every command."""
        if self._store is None:
            self.config  # noqa: B018 - a bad config is an error here, not later
            self.ensure_home()
            location = self.paths.store_location
            with hiding_password(location):
                self._store = open_store(location)
        return self._store

    def ensure_home(self) -> None:
        """Make the store's folder if it is missing, and say so on stderr.

        A --home (or a SQLite --store) whose parent folder does not exist is most likely
        a typo: only the commands that add stories make the whole path. A PostgreSQL
        store has no folder.
        """
        if self.paths.is_postgres:
            return
        db = self.paths.db_path
        if db.exists():
            return
        folder = db.parent
        chosen = self.paths.home is not None or bool(self.paths.store)
        if not folder.is_dir():
            if chosen and not folder.parent.is_dir() and not self.creates_home:
                what = f"no folder {folder} for the store" if self.paths.store else (
                    f"no revtrack home at {folder}"
                )  # fmt: skip
                raise RevtrackError(
                    f"{what}, and no folder {folder.parent} to make it in"
                    " (check the path; `revtrack add` or `import` would create it)"
                )
            folder.mkdir(parents=True, exist_ok=True)
            made = "a folder for the store" if self.paths.store else "a new home"
            click.echo(f"revtrack: created {made} in {folder}", err=True)

    def fetcher(self) -> Fetcher:
        from revtrack.fetch.client import Fetcher  # httpx loads only for commands that fetch

        cfg = self.config.fetch
        return Fetcher(
            user_agent=cfg.user_agent or None,
            max_connections=cfg.concurrency,
            per_host=cfg.per_host,
            min_host_gap=cfg.min_host_gap,
            timeout=cfg.timeout,
            max_body=int(cfg.max_body_mb * 2**20),
            retries=cfg.retries,
            clock=self.clock,
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_app = click.make_pass_decorator(AppContext)
