"""The HTML report: one self-contained file where hostile article text stays text."""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
from click.testing import Result

from tests.report.conftest import DEMO_CHANGES, HOSTILE_SHOWN


def _document(run: Callable[..., Result]) -> tuple[str, lxml.html.HtmlElement]:
    result = run("report", "--format", "html")
    assert result.exit_code == 0, result.output
    return result.stdout, lxml.html.document_fromstring(result.stdout)


def test_hostile_text_comes_out_as_text(run: Callable[..., Result]) -> None:
    text, doc = _document(run)
    assert doc.xpath("//script") == []
    assert doc.xpath("//img") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    assert HOSTILE_SHOWN in [h2.text_content() for h2 in doc.xpath("//h2")]
    new_cells = [td.text_content() for td in doc.xpath("//td[@class='new']")]
    assert "The mayor of Springfield </p><script>alert(2)</script> resigned on Tuesday." in (
        new_cells
    )
    # No escape sequence, NUL or other control character survives.
    assert re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text) is None


def test_the_file_stands_alone(run: Callable[..., Result]) -> None:
    text, doc = _document(run)
    assert text.startswith("<!DOCTYPE html>")
    assert doc.xpath("//meta/@charset") == ["utf-8"]
    assert doc.xpath("//link") == []
    assert doc.xpath("//@src") == []
    assert len(doc.xpath("//style")) == 1
    for href in doc.xpath("//@href"):
        assert href.startswith(("http://", "https://"))
        assert href.getparent().tag == "a"


def test_every_change_has_a_side_by_side_diff(run: Callable[..., Result]) -> None:
    _, doc = _document(run)
    changes = doc.xpath("//section[contains(@class, 'change')]")
    assert len(changes) == DEMO_CHANGES + 1
    for change in changes:
        assert change.xpath(".//table[@class='diff']//th[@scope='col']"), change.get("id")
    assert doc.xpath("//td[@class='old']//del")
    assert doc.xpath("//td[@class='new']//ins")
    assert doc.xpath("//td[@class='old']//ins") == []
    assert doc.xpath("//td[@class='new']//del") == []


def test_header_counts_and_story_order(run: Callable[..., Result]) -> None:
    _, doc = _document(run)
    counts = [li.text_content() for li in doc.xpath("//ul[@class='counts']/li")]
    assert counts[0] == f"{DEMO_CHANGES + 1} changes in 8 stories"
    assert "flagged: 1" in counts
    # Stories by their latest change: the hostile one was captured last.
    assert doc.xpath("//section[@class='story']/h2")[0].text_content() == HOSTILE_SHOWN
    for story in doc.xpath("//section[@class='story']"):
        stamps = [h3.text_content().split(" · ")[1] for h3 in story.xpath(".//h3")]
        assert stamps == sorted(stamps, reverse=True)
