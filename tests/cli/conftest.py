from pathlib import Path

import pytest

from revtrack.paths import resolve_paths
from revtrack.store.store import Store
from tests.check.test_record import Tracker, page


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def three_versions(home: Path) -> Path:
    path = resolve_paths(str(home)).db_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        t = Tracker(store)
        t.feed(page("Strikes kill 1", "One man was killed."))
        t.feed(page("Strikes kill 2", "Two men were killed."))
        t.feed(page("Strikes kill 3", "Three men were killed."))
    return path
