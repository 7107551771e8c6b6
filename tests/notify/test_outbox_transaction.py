"""The outbox row is part of its version's transaction: a version exists iff its row does."""

from datetime import timedelta

import pytest

from revtrack.check import record_fetch
from revtrack.notify.payload import PAYLOAD_SCHEMA
from revtrack.store.store import Store
from tests.check.test_record import URL, JsonExtractor, fetched, page
from tests.notify.conftest import T0

HOOK = "http://127.0.0.1:9/hook"
EDITIONS = [
    page("Strikes kill 1", "A man was killed."),
    page("Strikes kill 3", "Three people were killed."),
    page("Strikes kill 3", "Three people were killed.", "The mayor spoke."),
]


def feed(store: Store, body: bytes, minutes: int, webhook: str = HOOK) -> None:
    result = fetched(body, T0 + timedelta(minutes=minutes))
    record_fetch(store, store.story(URL), result, extract=JsonExtractor(), webhook=webhook)


def changed_versions(store: Store) -> list[int]:
    story = store.story(URL)
    return [v.seq for v in store.versions(story.id) if v.seq > 1]


def test_a_failure_after_the_version_insert_keeps_neither(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_story(URL, now=T0)
    feed(store, EDITIONS[0], 15)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    # add_check runs after the version, its change row and its outbox row are written.
    monkeypatch.setattr(Store, "add_check", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        feed(store, EDITIONS[1], 30)
    assert changed_versions(store) == []
    assert store.outbox() == []

    monkeypatch.undo()
    feed(store, EDITIONS[1], 45)
    feed(store, EDITIONS[2], 60)
    assert changed_versions(store) == [2, 3]
    rows = store.outbox()
    assert [(r.seq, r.target, r.attempts) for r in rows] == [(2, HOOK, 0), (3, HOOK, 0)]
    assert all(f'"schema":"{PAYLOAD_SCHEMA}"' in r.payload for r in rows)


def test_no_webhook_no_rows(store: Store) -> None:
    store.add_story(URL, now=T0)
    for minutes, body in enumerate(EDITIONS):
        feed(store, body, 15 * (minutes + 1), webhook="")
    assert changed_versions(store) == [2, 3]
    assert store.outbox() == []
