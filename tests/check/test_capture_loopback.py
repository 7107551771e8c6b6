"""The whole capture pipeline, through the CLI, against a real server on 127.0.0.1."""

import functools
import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from revtrack.cli import cli
from revtrack.clock import utcnow
from revtrack.fetch import client
from tests.fetch.conftest import Starts, VirtualClock
from tests.loopback import LoopbackServer, Request, Response
from tests.pages import news_page

P1 = "KYIV: Russian missile and drone attacks overnight killed at least one person in Ukraine."
P2 = "A man was killed in a drone attack on the northern Chernihiv region, local officials said."
P3 = "Kremenchuk is home to one of Ukraine's biggest oil refineries and is an industrial hub."
P2_TOLL = P2.replace("A man was killed", "Three people were killed")
QUOTE = "“Ukraine is determined to keep working in good faith,” Zelensky wrote."


def scripted(states: list[tuple[str, list[str]]]) -> Callable[[Request], Response]:
    """The n-th request gets the n-th state (the last repeats), in fresh noise."""

    def handler(request: Request) -> Response:
        headline, paragraphs = states[min(request.hit, len(states)) - 1]
        return Response.html(news_page(headline, paragraphs, hit=request.hit))

    return handler


def etag_handler(request: Request) -> Response:
    if request.headers["If-None-Match"] == '"v1-abc"':
        return Response(304, [("ETag", '"v1-abc"')])
    page = news_page("Blinken heads to Beijing", [P1, P3], hit=1)
    return Response.html(
        page, headers={"ETag": '"v1-abc"', "Last-Modified": "Fri, 16 Jun 2023 10:00:00 GMT"}
    )


def gone_handler(request: Request) -> Response:
    if request.hit in (2, 3):
        return Response(404 if request.hit == 2 else 410, body=b"not here")
    return Response.html(news_page("Ceasefire talks resume", [P1, P3], hit=request.hit))


def rate_limited(request: Request) -> Response:
    if request.hit == 1:
        return Response(429, [("Retry-After", "1")], b"slow down")
    return Response.html(news_page("Storm warning issued", [P1], hit=request.hit))


@functools.cache
def bomb_payload() -> bytes:
    return gzip.compress(b"<p>" + b"a" * (40 * 2**20), compresslevel=9)


def bomb(request: Request) -> Response:
    payload = bomb_payload()
    return Response(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], payload)


def wrong_charset(request: Request) -> Response:
    page = news_page(
        "Café owners protest new rules", [P1, "Prices at the café rose by 12 per cent."]
    )
    return Response(
        200,
        [("Content-Type", "text/html; charset=utf-8")],
        page.replace('<meta charset="utf-8">', "").encode("cp1252"),
    )


HOSTILE = "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x"

ROUTES: dict[str, Callable[[Request], Response] | Response] = {
    "/live": scripted(
        [
            ("Russian strikes kill 1", [P1, P2]),
            ("Russian strikes kill 1", [P1, P2]),
            ("Russian strikes kill 3", [P1, P2_TOLL]),
            ("Russian strikes kill 3", [P1, P2_TOLL]),
            ("Russian strikes kill 3", [P1, P2_TOLL, QUOTE]),
            ("Russian strikes kill 3", [P1, P2_TOLL]),  # the quote vanished: a revert
            ("Russian strikes kill 3", [P1, P2_TOLL]),
        ]
    ),
    "/etag": etag_handler,
    "/gone": gone_handler,
    "/ratelimited": rate_limited,
    "/chain": Response.redirect("/chain2", 301),
    "/chain2": Response.redirect("/chain3", 302),
    "/chain3": scripted([("Chain story lands", [P1, P3])]),
    "/loop": Response.redirect("/loop2"),
    "/loop2": Response.redirect("/loop"),
    "/huge": Response.html("<p>" + "x" * (3 * 2**20) + "</p>"),
    "/bomb": bomb,
    "/charset": wrong_charset,
    "/hostile": scripted([(HOSTILE + " \x1b[31mred\x1b[0m", [P1, P3])]),
}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        for path, handler in ROUTES.items():
            running.route(path, handler)
        yield running


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        "[fetch]\nmin_host_gap = 0\nper_host = 4\ntimeout = 30\nmax_body_mb = 1\nretries = 1\n"
    )
    return home


def revtrack(home: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def log_of(home: Path, url: str) -> dict:
    return json.loads(revtrack(home, "log", url, "--json"))


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[Starts]:
    """Every Fetcher the CLI makes waits on a virtual clock (started at the real time)
    and notes that clock's time as each request is sent: one `Starts` per command."""
    real = client.Fetcher
    made: list[Starts] = []

    def fetcher(**options: Any) -> client.Fetcher:
        clock = VirtualClock(utcnow())
        made.append(Starts(clock))
        return real(**options | {"clock": clock, "sleep": clock.sleep, "transport": made[-1]})

    monkeypatch.setattr(client, "Fetcher", fetcher)
    return made


def test_capture_passes_record_exactly_the_real_versions(
    server: LoopbackServer, home: Path, sent: list[Starts]
) -> None:
    urls = {
        path: server.url(path) for path in ROUTES if path not in ("/chain2", "/chain3", "/loop2")
    }
    revtrack(home, "add", *urls.values())
    outputs = [revtrack(home, "check", "--all") for _ in range(7)]

    live = log_of(home, urls["/live"])
    assert [(v["seq"], v["kind"]) for v in live["versions"]] == [
        (1, "version"), (2, "version"), (3, "version"), (4, "flip-flop")
    ]  # fmt: skip
    assert [v["headline"] for v in live["versions"]] == ["Russian strikes kill 1"] + [
        "Russian strikes kill 3"
    ] * 3
    assert live["versions"][3]["same_as"] == 2
    labels = [set(v["labels"]) for v in live["versions"]]
    assert labels[0] == {"first"}
    assert {"headline", "fact"} <= labels[1]  # the toll moved in the headline and body
    assert "flip-flop" in labels[3]
    assert live["versions"][2]["counts"]["sentences_added"] == 1  # the quote
    assert live["versions"][3]["counts"]["sentences_deleted"] == 1  # ... and it vanished
    quiet = [e for e in live["events"] if e["kind"] == "quiet-checks"]
    assert sum(e["count"] for e in quiet) == 3  # 7 checks, 4 versions: the rest was noise

    etag = log_of(home, urls["/etag"])
    assert len(etag["versions"]) == 1
    conditional = server.requests("/etag")[1:]
    assert len(conditional) == 6
    assert all(r.headers["If-None-Match"] == '"v1-abc"' for r in conditional)
    assert all(
        r.headers["If-Modified-Since"] == "Fri, 16 Jun 2023 10:00:00 GMT" for r in conditional
    )

    gone = log_of(home, urls["/gone"])
    assert [e["kind"] for e in gone["events"] if e["kind"] != "quiet-checks"] == [
        "gone",
        "restored",
    ]
    assert len(gone["versions"]) == 1
    assert gone["story"]["status"] == "live"

    # Retry-After: 1 was honoured: the retry went out a second later on the fetcher's clock.
    first, second = sent[0].seconds(f"127.0.0.1:{server.port}", "/ratelimited")
    assert second - first >= 1.0 - 1e-6
    assert len(log_of(home, urls["/ratelimited"])["versions"]) == 1

    chain = log_of(home, urls["/chain"])
    assert chain["versions"][0]["url"] == server.url("/chain3")

    for path, message in [
        ("/loop", "redirect loop"),
        ("/huge", "larger than"),
        ("/bomb", "larger than"),
    ]:
        story = log_of(home, urls[path])
        assert story["versions"] == []
        assert len(story["errors"]) == 7
        assert message in story["errors"][0]["detail"], story["errors"][0]
    assert "error" in outputs[0]

    charset = json.loads(revtrack(home, "show", urls["/charset"], "--json"))
    assert charset["headline"] == "Café owners protest new rules"
    assert "café rose by 12 per cent" in charset["paragraphs"][-1]

    hostile = json.loads(revtrack(home, "show", urls["/hostile"], "--json"))
    assert hostile["headline"].startswith(HOSTILE)
    assert "\x1b" not in revtrack(home, "log", urls["/hostile"])
    assert HOSTILE in revtrack(home, "list")


def test_check_runs_only_due_stories(server: LoopbackServer, home: Path) -> None:
    revtrack(home, "add", server.url("/live"))
    assert "checked 1" in revtrack(home, "check")
    assert "nothing to check" in revtrack(home, "check")
    assert server.hits("/live") == 1
