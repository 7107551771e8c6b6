"""VersionScreen: the extracted article, the raw HTML (line API), toggling with r."""

from __future__ import annotations

from pathlib import Path

from textual.strip import Strip

from revtrack.store.history import NewVersion
from revtrack.tui.screens.version import VersionScreen
from revtrack.tui.widgets.article_view import ArticleView
from revtrack.tui.widgets.raw_view import WRAP, RawView, split_lines
from tests.tui.test_diff_fixtures import (
    NOW,
    URL,
    HostApp,
    make_store,
    plain,
    settle,
    versions,
)

SIZE = (120, 36)


async def test_article_fields_are_shown(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path)
    app = HostApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(VersionScreen(story_id, 4))
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        shown = "\n".join(plain(child) for child in view.children)
        for expected in (
            "Strike kills 3",
            "Rescue teams search the rubble",
            "By Ana Reporter",
            "published 2026-03-14 06:00 UTC",
            "Updated 09:00",
            "Rescue under way",
            "Strikes killed 3 people overnight",
            "Corrections",
            "An earlier version misstated the toll.",
        ):
            assert expected in shown
        assert not app.screen.query_one(RawView).display
        assert "v4" in plain(app.screen.query_one("#version-title"))


async def test_raw_view_and_toggle(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path)
    app = HostApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = VersionScreen(story_id, 1, raw=True)
        await app.push_screen(screen)
        await settle(app, pilot)
        raw = app.screen.query_one(RawView)
        assert raw.display
        assert raw.lines[0] == "<html><head><title>Strike kills 1</title></head>"
        assert raw.render_line(0).text.startswith("<html><head><title>Strike kills 1")
        assert "raw HTML" in plain(app.screen.query_one("#version-title"))
        await pilot.press("r")
        await settle(app, pilot)
        assert not raw.display
        assert not screen.raw
        assert app.screen.query_one(ArticleView).display
        await pilot.press("r")
        await settle(app, pilot)
        assert raw.display


async def test_raw_loads_lazily_on_first_toggle(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path)
    app = HostApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = VersionScreen(story_id, 2)
        await app.push_screen(screen)
        await settle(app, pilot)
        assert not screen.raw_loaded
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.raw_loaded
        assert any("3 people" in line for line in app.screen.query_one(RawView).lines)


async def test_huge_raw_page_scrolls(tmp_path: Path) -> None:
    """A 16 MB page: loaded in a worker, drawn a screenful at a time."""
    store, story_id = make_store(tmp_path, versions()[:1])
    line = "<div class='x'>" + "word " * 33 + "</div>"
    raw = "\n".join([line] * 90_000) + "\n\x1b[31m[/] [@click=app.quit]x[/]"
    with store.transaction():
        store.add_version(
            story_id,
            NewVersion(
                article=versions()[1],
                raw=raw.encode(),
                fingerprint="big",
                captured_at=NOW,
                url=URL,
                extractor="test",
                extractor_version="1",
            ),
        )
    assert len(raw) > 15_000_000
    app = HostApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(VersionScreen(story_id, 2, raw=True))
        await settle(app, pilot)
        view = app.screen.query_one(RawView)
        assert len(view.lines) == 90_001
        assert view.virtual_size.height == 90_001
        # Jumping to the end draws only what is on screen, never the 90,001 lines.
        drawn: list[int] = []
        render_line = view.render_line

        def counted(y: int) -> Strip:
            drawn.append(y)
            return render_line(y)

        view.render_line = counted  # type: ignore[method-assign]
        view.scroll_end(animate=False)
        await pilot.pause()
        view.render_line = render_line  # type: ignore[method-assign]
        assert 0 < len(drawn) <= 4 * SIZE[1]
        last = view.render_line(view.scrollable_content_region.height - 1).text
        assert last.startswith("[/] [@click=app.quit]x[/]")
        assert app.is_running


def test_minified_lines_are_broken_so_all_of_them_is_reachable() -> None:
    raw = ("<p>" + "x" * (3 * WRAP) + "</p>\n\tshort").encode()
    lines = split_lines(raw)
    assert [len(line) for line in lines] == [WRAP, WRAP, WRAP, 7, 9]
    assert "".join(lines[:4]) == "<p>" + "x" * (3 * WRAP) + "</p>"
    assert split_lines(b"caf\xc3\xa9 \xff") == ["café \ufffd"]
