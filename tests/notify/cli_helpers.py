"""Running the real CLI on a tmp home, with a news page on loopback and a movable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revtrack.cli import cli
from revtrack.cli.context import AppContext
from revtrack.clock import utcnow
from tests.loopback import Request, Response
from tests.pages import news_page

P1 = "KYIV: Russian missile and drone attacks overnight killed at least one person in Ukraine."
P2 = "A man was killed in a drone attack on the northern Chernihiv region, local officials said."
P2_TOLL = P2.replace("A man was killed", "Three people were killed")
QUOTE = "“Ukraine is determined to keep working in good faith,” Zelensky wrote."

# The n-th fetch sees the n-th edition (the last repeats), each in fresh page noise.
EDITIONS = [
    ("Russian strikes kill 1", [P1, P2]),
    ("Russian strikes kill 3", [P1, P2_TOLL]),
    ("Russian strikes kill 3", [P1, P2_TOLL, QUOTE]),
]


def live_story(request: Request) -> Response:
    headline, paragraphs = EDITIONS[min(request.hit, len(EDITIONS)) - 1]
    return Response.html(news_page(headline, paragraphs, hit=request.hit))


class Clock:
    """Real time plus an offset the test moves forward (back-off waits pass at once)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def use_clock(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    def make(**kw: object) -> AppContext:
        return AppContext(clock=clock, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("revtrack.cli.AppContext", make)


def make_home(root: Path, webhook: str = "") -> Path:
    home = root / "home"
    home.mkdir()
    notify = f'\n[notify]\nwebhook = "{webhook}"\n' if webhook else ""
    (home / "config.toml").write_text(
        "[fetch]\nmin_host_gap = 0\ntimeout = 30\nretries = 0\n" + notify
    )
    return home


def runner(home: Path) -> Callable[..., Result]:
    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return run
