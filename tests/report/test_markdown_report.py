"""The Markdown report: every change, text escaped, fences article text cannot close."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
from click.testing import Result
from markdown_it import MarkdownIt

from revtrack.diff import Segment
from revtrack.diff.words import DELETE, EQUAL, INSERT
from revtrack.report.markdown import diff_block, escape_md, fence_for
from revtrack.report.rows import DiffRow
from tests.report.conftest import DEMO_CHANGES, HOSTILE_SHOWN
from tests.report.helpers import report_json


def _markdown(run: Callable[..., Result], *args: str) -> str:
    result = run("report", "--format", "md", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_change_is_there(run: Callable[..., Result]) -> None:
    text = _markdown(run)
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h3"
    ]
    report = report_json(run)["changes"]
    expected = {f"v{c['version']} against v{c['base_version']}" for c in report}
    assert len(headings) == DEMO_CHANGES + 1
    assert {h.split(",")[0].split(" (")[0] for h in headings} == expected
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == DEMO_CHANGES + 1
    assert all(t.info == "diff" for t in fences)


def test_hostile_text_cannot_break_the_markdown(run: Callable[..., Result]) -> None:
    text = _markdown(run, "--story", "https://hostile.example/2026/mayor")
    md = MarkdownIt("commonmark")  # raw HTML on: any unescaped tag would pass through
    html = md.render(text)
    doc = lxml.html.document_fromstring(html)
    assert doc.xpath("//script") == []
    assert doc.xpath("//img") == []
    assert doc.xpath("//h2")[0].text_content() == HOSTILE_SHOWN
    [fence] = [t for t in md.parse(text) if t.type == "fence"]
    # The backtick runs in the article stay inside the one diff block.
    assert "+```\n+still text ```\n" in fence.content
    assert "+=HYPERLINK" in fence.content
    assert "\x1b" not in text
    assert "\x00" not in text


def test_escape_and_fence() -> None:
    assert escape_md("a *b* [c](d) <e> `f` #g | h") == (r"a \*b\* \[c\]\(d\) \<e\> \`f\` \#g \| h")
    assert escape_md("line\nbreak\x1b[31m") == "line break"
    assert fence_for("no ticks") == "```"
    assert fence_for("a ```` b ` c") == "`````"


def test_a_context_line_of_backticks_cannot_close_the_block() -> None:
    moved = DiffRow("paragraph 2", "moved from 5", (Segment(EQUAL, "```\n````` x"),))
    edited = DiffRow("paragraph 3", "edited", (Segment(DELETE, "``"), Segment(INSERT, "~~~")))
    text = "\n".join(diff_block([moved, edited]))
    [fence] = [t for t in MarkdownIt("commonmark").parse(text) if t.type == "fence"]
    assert fence.content.splitlines() == [
        "@@ paragraph 2: moved from 5 @@", " ```", " ````` x",
        "@@ paragraph 3: edited @@", "-``", "+~~~",
    ]  # fmt: skip
