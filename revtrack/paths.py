"""Where revtrack keeps its data, configuration and cache."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

HOME_ENV = "REVTRACK_HOME"
APP_NAME = "revtrack"


@dataclass(frozen=True, slots=True)
class Paths:
    """Every location revtrack touches; one override (--home) moves them all."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    home: Path | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "revtrack.db"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "revtrack.lock"


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """``home`` (from --home) wins over $REVTRACK_HOME, which wins over platformdirs."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().absolute()
        return Paths(data_dir=root, config_dir=root, cache_dir=root / "cache", home=root)
    return Paths(
        data_dir=platformdirs.user_data_path(APP_NAME),
        config_dir=platformdirs.user_config_path(APP_NAME),
        cache_dir=platformdirs.user_cache_path(APP_NAME),
    )
