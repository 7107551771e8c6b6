"""`revtrack notify status | send | test` against a real receiver."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from revtrack.clock import utcnow
from revtrack.errors import RevtrackError
from revtrack.notify.answer import answer_words
from revtrack.store.store import Store
from tests.notify.cli_helpers import make_home, runner
from tests.notify.conftest import add_rows
from tests.notify.receiver import Answer, Receiver


def test_without_a_webhook_each_command_says_so_in_one_line(tmp_path: Path) -> None:
    run = runner(make_home(tmp_path))
    status = run("notify", "status").output
    assert status.splitlines()[0] == (
        "no webhook configured (set [notify] webhook in the config file)"
    )
    assert "waiting: 0" in status
    for command in ("send", "test"):
        with pytest.raises(RevtrackError, match=r"^no webhook configured \(set \[notify\]"):
            run("notify", command, code=1)  # main() prints it as "revtrack: error: …"


def test_test_posts_a_ping_and_reports_the_status(tmp_path: Path, receiver: Receiver) -> None:
    run = runner(make_home(tmp_path, receiver.url()))
    assert run("notify", "test").output == f"webhook test: {receiver.url()} answered HTTP 204\n"
    (ping,) = receiver.deliveries
    assert ping.json()["schema"] == "revtrack.ping/1"
    assert ping.headers["User-Agent"].startswith("revtrack/")
    receiver.script(Answer(404, body=b"no such hook"))
    failed = run("notify", "test", code=1).output
    assert failed == f"webhook test: {receiver.url()} failed: HTTP 404 Not Found: no such hook\n"
    receiver.stop()
    assert "failed: connection refused" in run("notify", "test", code=1).output


def test_status_and_send(tmp_path: Path, receiver: Receiver) -> None:
    home = make_home(tmp_path, receiver.url())
    run = runner(home)
    run("notify", "status")  # creates the store
    with Store.open(home / "revtrack.db") as store:
        add_rows(store, 3)
    receiver.script(Answer(500, body=b"oops"), Answer(200))
    sent = run("notify", "send").output
    assert (
        sent
        == "webhook: delivered 2, 1 waiting (last error: HTTP 500 Internal Server Error: oops)\n"
    )
    status = run("notify", "status").output.splitlines()
    assert status[0] == f"webhook: {receiver.url()}"
    assert status[1] == "delivered: 2"
    assert re.fullmatch(
        r"waiting: 1 \(oldest captured 2026-03-01 08:00Z, next try in (1\d|2\d|30)s,"
        r" up to 1 failed attempts\)",
        status[2],
    ), status[2]
    assert status[3] == "last error: HTTP 500 Internal Server Error: oops"
    assert run("notify", "send").output == "webhook: nothing due, 1 waiting\n"
    assert run("notify", "send", "--all").output == "webhook: delivered 1, 0 waiting\n"
    assert [b["version"] for b in receiver.bodies()] == [2, 3, 4, 2]


ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Gateway &amp; proxy trouble</title>"
    b"<style>body { color: red }</style></head>\n<body><h1>Sorry</h1>"
    + b"<p>"
    + b"lorem ipsum " * 400
    + b"</p></body></html>"
)


def test_an_html_error_page_is_its_title_on_one_line(tmp_path: Path, receiver: Receiver) -> None:
    home = make_home(tmp_path, receiver.url())
    run = runner(home)
    run("notify", "status")  # creates the store
    with Store.open(home / "revtrack.db") as store:
        add_rows(store, 1)
    receiver.script(Answer(500, headers={"Content-Type": "text/html"}, body=ERROR_PAGE))
    sent = run("notify", "send").output
    assert sent == (
        "webhook: delivered 0, 1 waiting"
        " (last error: HTTP 500 Internal Server Error: Gateway & proxy trouble)\n"
    )
    status = run("notify", "status").output.splitlines()
    assert status[-1] == "last error: HTTP 500 Internal Server Error: Gateway & proxy trouble"


def test_answer_words_keep_a_few_words_of_any_answer() -> None:
    assert answer_words(b"<html><body><p>Bad   token</p></body></html>") == "Bad token"
    assert answer_words(b"<html><title>502 Bad Gateway</title></html>") == "502 Bad Gateway"
    long = answer_words(b'{"error": "' + b"x" * 500 + b'"}', "application/json")
    assert len(long) == 80
    assert long.endswith("…")


def test_status_names_the_worker_delivering_now(tmp_path: Path) -> None:
    home = make_home(tmp_path, "http://127.0.0.1:9/hook")
    run = runner(home)
    run("notify", "status")  # creates the store
    now = utcnow()
    with Store.open(home / "revtrack.db") as store:
        add_rows(store, 2)
        claimed = store.claim_outbox("desk-2:77", now, until=now + timedelta(minutes=15))
        assert len(claimed) == 2
    status = run("notify", "status").output.splitlines()
    assert status[3].startswith("delivering: worker desk-2:77 (lease ends in ")
    with Store.open(home / "revtrack.db") as store:
        store.release_outbox("desk-2:77")
    assert not any(
        line.startswith("delivering") for line in run("notify", "status").output.splitlines()
    )
