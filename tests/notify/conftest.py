from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from revtrack.store.store import Store
from tests.notify.receiver import Receiver

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
UNUSED = "http://127.0.0.1:9/unused"  # tests pass the receiver as the target


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "revtrack.db") as opened:
        yield opened


def add_rows(store: Store, count: int, *, at: datetime = T0) -> list[int]:
    """``count`` waiting rows for one story, versions 2, 3 ...; returns their ids."""
    story, _ = store.add_story("https://news.example/world/story-1", now=at)
    with store.transaction():
        for seq in range(2, count + 2):
            payload = f'{{"schema":"revtrack.change/1","version":{seq}}}'
            store.add_outbox(story.id, seq, target=UNUSED, payload=payload, at=at)
    return [item.id for item in store.outbox()]
