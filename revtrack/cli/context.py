"""What every command needs: where things live, the config, the clock, the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from revtrack.clock import Clock, utcnow
from revtrack.config import Config, load_config
from revtrack.errors import RevtrackError
from revtrack.history.open import open_store
from revtrack.paths import Paths
from revtrack.store.store import Store

if TYPE_CHECKING:
    from revtrack.fetch.client import Fetcher


@dataclass
class AppContext:
    paths: Paths
    clock: Clock = utcnow
    creates_home: bool = False  # the command adds stories, so it may make a whole new path
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

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
            self._store = open_store(self.paths.db_path)
        return self._store

    def ensure_home(self) -> None:
        """Make the store's folder if it is missing, and say so on stderr.

        A --home whose parent folder does not exist is most likely a typo: only the
        commands that add stories make the whole path.
        """
        db = self.paths.db_path
        if db.exists():
            return
        folder = db.parent
        if not folder.is_dir():
            if self.paths.home is not None and not folder.parent.is_dir() and not self.creates_home:
                raise RevtrackError(
                    f"no revtrack home at {folder}, and no folder {folder.parent} to make it in"
                    " (check the path; `revtrack add` or `import` would create it)"
                )
            folder.mkdir(parents=True, exist_ok=True)
            click.echo(f"revtrack: created a new home in {folder}", err=True)

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
