"""The JSON and CSV reports: data that reads back, and no formula a spreadsheet runs."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from click.testing import Result

from revtrack.diff import ChangeSet
from revtrack.report import CSV_COLUMNS, REPORT_SCHEMA
from revtrack.report.tabular import neutralise
from tests.report.conftest import DEMO_CHANGES, HOSTILE_HEADLINE, HOSTILE_NOTE, HOSTILE_SHOWN
from tests.report.helpers import report_json


def test_json_changesets_round_trip(run: Callable[..., Result]) -> None:
    data = report_json(run)
    assert data["schema"] == REPORT_SCHEMA
    assert data["filters"]["labels"] == []
    changes = data["changes"]
    assert len(changes) == DEMO_CHANGES + 1
    stamps = [c["captured_at"] for c in changes]
    assert stamps == sorted(stamps, reverse=True)
    for change in changes:
        changeset = ChangeSet.from_json(change["changeset"])
        assert changeset.to_json() == change["changeset"]
        assert change["changeset"]["counts"]["words_added"] == change["counts"]["words_added"]
    labels = {label for c in changes for label in c["labels"]}
    assert {"correction", "silent", "flip-flop", "headline", "fact"} <= labels


def test_json_keeps_the_text_and_escapes_controls(run: Callable[..., Result]) -> None:
    result = run("report", "--format", "json")
    for raw in ("\x1b", "\x00", "\x0b", "\u2028"):
        assert raw not in result.stdout
    hostile = report_json(run)["changes"][0]
    assert hostile["headline"] == HOSTILE_HEADLINE  # data stays exact, only escaped
    assert hostile["review"]["state"] == "flagged"
    assert hostile["review"]["note"] == HOSTILE_NOTE


def _rows(run: Callable[..., Result], *args: str) -> list[dict[str, str]]:
    result = run("report", "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


def test_csv_has_one_row_per_change(run: Callable[..., Result]) -> None:
    rows = _rows(run)
    report = report_json(run)["changes"]
    assert len(rows) == len(report) == DEMO_CHANGES + 1
    for row, change in zip(rows, report, strict=True):
        assert row["story_url"] == change["url"]
        assert row["version"] == str(change["version"])
        assert row["base_version"] == str(change["base_version"])
        assert row["labels"].split() == change["labels"]
        assert row["words_added"] == str(change["counts"]["words_added"])
        assert row["highlights"].split(" | ")[0].lstrip("'") == (change["highlights"] or [""])[0]


def test_csv_defuses_formulas(run: Callable[..., Result]) -> None:
    rows = _rows(run)
    hostile = rows[0]
    assert hostile["headline"] == "'" + HOSTILE_SHOWN
    assert hostile["review_note"] == "'" + HOSTILE_NOTE
    assert hostile["reviewer"].startswith("'=")
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_neutralise() -> None:
    assert neutralise("=1+2") == "'=1+2"
    assert neutralise("+12/-3 words") == "'+12/-3 words"
    assert neutralise("-1") == "'-1"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("plain = text") == "plain = text"
    assert neutralise("\x1b[31m=red") == "'=red"  # cleaned first, then defused
