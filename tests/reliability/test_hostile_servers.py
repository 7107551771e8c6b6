"""One `check --all` pass against every kind of hostile server, beside well-behaved ones.

Each hostile story must end in a clear error in its check log (or, for a wrong or
broken charset, in correctly decoded text), the pass must stay within bounded time
and memory, and the well-behaved stories in the same pass must be captured as usual.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from revtrack.store.store import Store
from tests.fetch.test_limits import gzip_bomb
from tests.loopback import LoopbackServer, Request, Response, drip, endless
from tests.pages import news_page
from tests.reliability.support import ROUNDS, add_stories, make_home, revtrack_env, stop

CONFIG = (
    "[fetch]\nmin_host_gap = 0\nper_host = 16\nconcurrency = 16\nretries = 0\n"
    "timeout = 4\nmax_body_mb = 15\n"
)
BODY = ["Crews worked through the night to restore power.", "Officials said 12 people were hurt."]
# Only a bound on waiting for a hung pass (it takes seconds: a 4 s timeout for every stuck
# server); never asserted as a duration.
PASS_BOUND_S = 600
MAX_RSS_MB = 400


@functools.cache
def _bomb() -> bytes:
    """About 10 MB of gzip that inflates to 10 GB."""
    return gzip_bomb(10)


def _page(headline: str) -> bytes:
    return news_page(headline, BODY).encode()


def _deep(_request: Request) -> Response:
    return Response.html("<div>" * 100_000 + "<p>Deep text.</p>" + "</div>" * 100_000)


HOSTILE: dict[str, tuple[Callable[[Request], Response] | Response, str]] = {
    "/drip": (lambda _r: Response(body=drip(_page("Drip"), interval=1.0)), "timed out"),
    "/endless": (lambda _r: Response(body=endless()), "larger than"),
    "/gzip-bomb": (
        lambda _r: Response(
            200, [("Content-Encoding", "gzip"), ("Content-Type", "text/html")], _bomb()
        ),
        "larger than",
    ),
    "/fifty-mb": (Response.html(b"<p>" + b"x" * (50 * 2**20)), "larger than"),
    "/loop-a": (Response.redirect("/loop-b"), "redirect loop"),
    "/loop-b": (Response.redirect("/loop-a"), "redirect loop"),
    "/to-file": (Response.redirect("file:///etc/passwd"), "file"),
    "/to-ftp": (Response.redirect("ftp://127.0.0.1/x"), "ftp"),
    "/empty": (Response.html(b""), "empty page"),
    "/deep": (_deep, ""),
    "/error-page": (
        Response.html(news_page("Page not found", ["Try the home page."])),
        "error page",
    ),
}
DECODED = {
    # Declared Latin-1, really UTF-8: the meta tag and detection win.
    "/wrong-charset": (
        Response(200, [("Content-Type", "text/html; charset=iso-8859-1")],
                 _page("Café owners protest")),
        "Café owners protest",
    ),
    # UTF-8 with a stray invalid byte: that byte replaced, the rest kept, never a crash.
    "/invalid-utf8": (
        Response(200, [("Content-Type", "text/html; charset=utf-8")],
                 _page("Café owners’ bad byte here").replace(b"bad", b"bad\xff")),
        "Café owners’ bad\ufffd byte here",
    ),
}  # fmt: skip
NORMAL = [f"/normal/{i}" for i in range(10)]


def _peak_rss_mb(pid: int, done: threading.Event, peak: list[float]) -> None:
    """Follow the process's own high-water mark (VmHWM) until it exits.

    ``ru_maxrss`` will not do: Linux keeps it across exec, so a child forked from a
    large test process would report its parent's size.
    """
    status = Path(f"/proc/{pid}/status")
    while not done.is_set():
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            pass
        done.wait(0.02)


def _run_measured(home: Path, *args: str) -> tuple[int, str, str, float, float]:
    """Run revtrack; returns (exit code, stdout, stderr, seconds, peak RSS in MB).

    The seconds are for the report only: on a busy machine they say nothing. That no
    server holds the pass is shown by each stuck server's check ending in its timeout.
    """
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "revtrack", *args], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=revtrack_env(home),
    )  # fmt: skip
    done, peak = threading.Event(), [0.0]
    watcher = threading.Thread(target=_peak_rss_mb, args=(process.pid, done, peak))
    watcher.start()
    try:
        out, err = process.communicate(timeout=PASS_BOUND_S)
    finally:
        done.set()
        watcher.join()
        stop(process)
    return process.returncode, out, err, time.monotonic() - started, max(peak)


@pytest.mark.parametrize("round_", ROUNDS)
def test_hostile_servers_end_in_clear_errors_and_spare_the_rest(
    tmp_path: Path, round_: int
) -> None:
    home = make_home(tmp_path, CONFIG)
    with LoopbackServer() as server:
        for path, (handler, _) in {**HOSTILE, **DECODED}.items():
            server.route(path, handler)
        for path in NORMAL:
            server.route(path, Response.html(_page(f"Normal story {path}")))
        paths = [p for p in [*HOSTILE, *DECODED, *NORMAL] if p != "/loop-b"]
        add_stories(home, [server.url(p) for p in paths])
        code, _out, err, elapsed, peak_mb = _run_measured(home, "check", "--all", "--quiet")
    assert code == 0, err
    assert "Traceback" not in err
    assert peak_mb < MAX_RSS_MB
    with Store.open(home / "revtrack.db") as store:
        for path, (_, message) in HOSTILE.items():
            if path == "/loop-b":
                continue
            story = store.story(server.url(path))
            (check,) = store.checks(story.id)
            if path == "/deep":  # flattened and read, or refused: never a crash or a hang
                assert check.outcome in ("new-version", "error"), check
                continue
            assert check.outcome == "error", (path, check)
            assert message in check.detail, (path, check.detail)
            assert "\n" not in check.detail
            assert store.versions(story.id) == []
        for path, headline in {p: h for p, (_, h) in DECODED.items()}.items():
            (version,) = store.versions(store.story(server.url(path)).id)
            assert version.headline == headline
        for path in NORMAL:
            (version,) = store.versions(store.story(server.url(path)).id)
            assert version.headline == f"Normal story {path}"
    print(f"\nhostile servers: pass took {elapsed:.1f} s, peak RSS {peak_mb:.0f} MB")
