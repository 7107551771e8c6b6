"""`revtrack check` with a webhook: one POST per change; nothing lost while the receiver is down."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.notify.payload import PAYLOAD_SCHEMA
from revtrack.store.store import Store
from tests.loopback import LoopbackServer
from tests.notify.cli_helpers import Clock, live_story, make_home, runner, use_clock
from tests.notify.receiver import Receiver


@pytest.fixture
def news() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        server.route("/story", live_story)
        yield server


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moving = Clock()
    use_clock(monkeypatch, moving)
    return moving


def outbox_of(home: Path) -> list[tuple[int, bool]]:
    with Store.open(home / "revtrack.db") as store:
        return [(i.seq, i.delivered_at is not None) for i in store.outbox()]


def test_each_change_is_posted_once_with_its_changeset(
    news: LoopbackServer, receiver: Receiver, tmp_path: Path, clock: Clock
) -> None:
    home = make_home(tmp_path, receiver.url())
    run = runner(home)
    url = news.url("/story")
    run("add", url)
    first = run("check", "--all").output
    assert "webhook:" not in first  # the first version is not a change
    assert receiver.deliveries == []
    assert "webhook: delivered 1, 0 waiting" in run("check", "--all").output
    run("check", "--all")
    run("check", "--all")  # unchanged: nothing new to send

    bodies = receiver.bodies()
    assert [(b["version"], b["base_version"]) for b in bodies] == [(2, 1), (3, 2)]
    for body in bodies:
        assert body["schema"] == PAYLOAD_SCHEMA == "revtrack.change/1"
        assert body["changeset"]["schema"] == "revtrack.changeset/1"
        assert body["story"]["url"] == url
        assert body["event"] == "new-version"
    assert {"headline", "fact"} <= set(bodies[0]["labels"])
    assert bodies[0]["headline"] == "Russian strikes kill 3"
    story_id = bodies[0]["story"]["id"]
    assert [k.split("-", 1)[1] for k in receiver.delivery_keys()] == [
        f"{story_id}-v2",
        f"{story_id}-v3",
    ]
    assert all(d.headers["User-Agent"].startswith("revtrack/") for d in receiver.deliveries)
    assert outbox_of(home) == [(2, True), (3, True)]


def test_changes_wait_while_the_receiver_is_down_and_go_out_in_order_when_it_is_back(
    news: LoopbackServer, receiver: Receiver, tmp_path: Path, clock: Clock
) -> None:
    home = make_home(tmp_path, receiver.url())
    run = runner(home)
    run("add", news.url("/story"))
    run("check", "--all")
    receiver.stop()

    down = run("check", "--all").output  # the check itself still succeeds
    assert "new-version v2" in down
    assert "webhook: delivered 0, 1 waiting (last error: connection refused)" in down
    status = run("notify", "status").output
    assert "waiting: 1" in status
    assert "last error: connection refused" in status

    clock.advance(10)  # the failed row backs off, but a new change pulls it along, first
    assert "delivered 0, 2 waiting" in run("check", "--all").output
    assert outbox_of(home) == [(2, False), (3, False)]

    receiver.start()  # back, on the same port
    assert "nothing due, 2 waiting" in run("notify", "send").output  # back-off respected
    assert receiver.deliveries == []

    clock.advance(120)
    assert "webhook: delivered 2, 0 waiting" in run("check", "--all").output
    assert [b["version"] for b in receiver.bodies()] == [2, 3]
    assert outbox_of(home) == [(2, True), (3, True)]
    run("notify", "send", "--all")
    assert len(receiver.deliveries) == 2  # delivered rows are never sent again
    assert "delivered: 2" in run("notify", "status").output


def test_without_a_webhook_no_outbox_rows_are_written(
    news: LoopbackServer, tmp_path: Path, clock: Clock
) -> None:
    home = make_home(tmp_path)
    run = runner(home)
    run("add", news.url("/story"))
    outputs = [run("check", "--all").output for _ in range(3)]
    assert "new-version v3" in outputs[2]
    assert not any("webhook" in out for out in outputs)
    assert outbox_of(home) == []
