"""The shared desk on PostgreSQL: four reviewers, each a process of its own running
`revtrack review mark` over and over, mark one queue at once, most marks on the same
changes. Every mark lands in the review log with its reviewer, and each change's review
is its last logged mark (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from revtrack.store.open import open_store_at
from tests.tui.app_support import add_story

REVIEWERS = ("ana", "ben", "chloe", "dev")
ROUNDS = 4  # every reviewer marks every shared change this many times
STATES = ("reviewed", "flagged", "unreviewed")

# A reviewer: waits for "go" on stdin, then runs `revtrack review mark` (the CLI's own
# entry point, in this process) once per mark it was given, in order.
_REVIEWER = """
import json, sys
from revtrack.cli import main
url, home, by, marks = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
print("ready", flush=True)
assert sys.stdin.readline().strip() == "go"
for story, seq, state, note in marks:
    who = ["--by", by] if by else []  # else $REVTRACK_REVIEWER
    main(["--store", url, "--home", home, "review", "mark", story, str(seq), state,
          "--note", note, *who])
"""


def _seed(url: str) -> list[tuple[str, int]]:
    """Five stories, six changes: (story URL, seq) of each."""
    with open_store_at(url) as store:
        add_story(store, "https://a.example.com/mayor", ["Mayor speaks", "Mayor resigns"], start=8)
        add_story(store, "https://a.example.com/strike", ["Strike", "Strike kills 2", "Kills 3"])
        add_story(store, "https://b.example.org/fire", ["Fire", "Fire spreads"], start=6)
        add_story(store, "https://c.example.net/vote", ["Vote", "Vote delayed"], start=4)
        add_story(store, "https://c.example.net/port", ["Port", "Port shut"], start=2)
        return [(s.url, c.seq) for s in store.stories() for c in store.changes(s.id)]


def _marks(name: str, shared: list[tuple[str, int]], own: tuple[str, int]) -> list[list[object]]:
    """A reviewer's marks: the shared changes ``ROUNDS`` times over, its own change
    twice between them; every note names the reviewer and the mark's place."""
    keys = shared * ROUNDS
    keys[1:1] = [own]
    keys.append(own)
    return [
        [story, seq, STATES[n % len(STATES)], f"{name} #{n}"] for n, (story, seq) in enumerate(keys)
    ]


def test_reviewers_in_four_processes_lose_no_mark(
    pg_url: str, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    changes = _seed(pg_url)
    assert len(changes) == 6
    shared, own = changes[:2], changes[2:]  # two changes everyone marks, one each of its own
    plan = {name: _marks(name, shared, own[n]) for n, name in enumerate(REVIEWERS)}
    for n, name in enumerate(REVIEWERS):
        env = {**os.environ, "REVTRACK_REVIEWER": name}
        env.pop("REVTRACK_STORE", None)
        by = "" if n == len(REVIEWERS) - 1 else name  # the last one: $REVTRACK_REVIEWER
        home = tmp_path / name
        home.mkdir()
        argv = [sys.executable, "-c", _REVIEWER, pg_url, str(home), by, json.dumps(plan[name])]
        pipe = subprocess.PIPE
        processes.append(
            subprocess.Popen(argv, env=env, text=True, stdin=pipe, stdout=pipe, stderr=pipe)
        )
    for process in processes:  # all started and imported: then all at once
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            pytest.fail(f"a reviewer did not start: {process.communicate(timeout=30)[1]}")
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for name, process in zip(REVIEWERS, processes, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.count(f"by {name}") == len(plan[name]), out  # each mark names its reviewer

    with open_store_at(pg_url) as store:
        logged = 0
        for url, seq in changes:
            story = store.story(url)
            log = store.review_log(story.id, seq)
            logged += len(log)
            # Every mark sent for this change is in its log, with its reviewer, and each
            # reviewer's marks in the order that reviewer made them.
            for name in REVIEWERS:
                sent = [(state, note) for u, s, state, note in plan[name] if (u, s) == (url, seq)]
                mine = [(str(m.state), m.note) for m in log if m.reviewer == name]
                assert mine == sent, (url, seq, name)
            assert Counter(m.reviewer for m in log).keys() <= set(REVIEWERS)
            # The change's review is its last logged mark.
            last, review = log[-1], store.review(story.id, seq)
            assert (review.state, review.note, review.reviewer, review.at) == (
                last.state, last.note, last.reviewer, last.at)  # fmt: skip
        assert logged == sum(len(marks) for marks in plan.values()) == 4 * (2 * ROUNDS + 2)
