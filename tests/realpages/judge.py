"""Run a real page through revtrack's own decision path, check after check.

``PageJudge`` tracks one page in a store and feeds it checks through
``revtrack.check.record.record_fetch``, exactly as a fetch would (the page
as bytes and text, 15 minutes apart, fresh request noise every time):

1. the page with noise 1 must make version 1;
2. the page with noise 2 must not make a version (noise);
3. each edit (``edit``): the edited page with fresh noise must make a new
   version, then the original page with fresh noise is served again (the
   publisher "reverts"), which must come back as a flip-flop to the
   original's version, never as a fresh version. So every edit is judged
   against the same original, independently of the edits before it, and a
   missed edit leaves nothing behind (the revert is then plain noise).

Used by ``tests/realpages`` and ``bench/edits.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from revtrack.article import Article
from revtrack.check.record import CheckReport, record_fetch
from revtrack.fetch import FetchOutcome, FetchResult
from revtrack.store.rows import CheckOutcome
from revtrack.store.store import Store
from tests.realpages.mutate import add_noise

# A capture time after every corpus page, as a re-check today would have.
START = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
STEP = timedelta(minutes=15)
RECORDED = (CheckOutcome.NEW_VERSION, CheckOutcome.FLIP_FLOP)


def miss_reason(report: CheckReport) -> str:
    """Why a check made no version: "digest" (the prefilter called it noise, extraction
    skipped), "extractor" (extracted, same fingerprint: the edit never reached the
    article), else the outcome and detail."""
    if report.outcome is CheckOutcome.NOISE:
        return "digest" if "extraction skipped" in report.detail else "extractor"
    detail = f": {report.detail}" if report.detail else ""
    return f"{report.outcome}{detail}"


@dataclass(frozen=True, slots=True)
class EditResult:
    recorded: bool
    reason: str = ""  # a miss's reason (see ``miss_reason``); "" when recorded in place
    where: str = ""  # for a recorded edit: "in place", or "elsewhere" (the edited text unchanged)
    noise_version: bool = False  # the revert made a fresh version (noise made one)
    revert: str = ""  # the revert check's outcome
    # A recorded edit's revert made no version: going back is an edit too, and was missed.
    revert_missed: bool = False


class PageJudge:
    """One page tracked in ``store``, checked through the production decision path."""

    def __init__(self, store: Store, url: str, html: str, *, visible_clock: bool = False) -> None:
        self.store = store
        self.html = html
        self.visible_clock = visible_clock
        self.now = START
        self.hits = 0
        story, _ = store.add_story(url, now=START)
        self.story_id = story.id
        self.url = story.url
        self.article: Article | None = None  # version 1, once made

    def check(self, html: str) -> CheckReport:
        """Serve ``html`` wrapped in the next request's noise, as a fetch would bring it."""
        self.hits += 1
        self.now += STEP
        page = add_noise(html, self.hits, visible_clock=self.visible_clock)
        body = page.encode("utf-8", "replace")
        result = FetchResult(
            url=self.url, outcome=FetchOutcome.OK, fetched_at=self.now, final_url=self.url,
            status=200, body=body, text=page, charset="utf-8",
        )  # fmt: skip
        return record_fetch(self.store, self.store.story(self.story_id), result)

    def latest_article(self) -> Article:
        latest = self.store.latest_version(self.story_id)
        assert latest is not None
        return self.store.article(latest)

    def start(self) -> tuple[CheckReport, CheckReport]:
        """Version 1 (the page with noise), then the page with other noise."""
        first = self.check(self.html)
        if first.outcome is CheckOutcome.NEW_VERSION:
            self.article = self.latest_article()
        second = self.check(self.html)
        return first, second

    def edit(self, edited: str, *, paragraph: str = "", headline: bool = False) -> EditResult:
        """Serve ``edited`` (which changes ``paragraph``, or the headline), then revert."""
        assert self.article is not None, "start() made no version 1"
        report = self.check(edited)
        if report.outcome not in RECORDED:
            revert = self.check(self.html)
            return EditResult(
                recorded=False, reason=miss_reason(report),
                noise_version=revert.outcome in RECORDED, revert=str(revert.outcome),
            )  # fmt: skip
        new = self.latest_article()
        if headline:
            moved = new.headline != self.article.headline
        else:
            moved = new.paragraphs.count(paragraph) < self.article.paragraphs.count(paragraph)
        revert = self.check(self.html)
        return EditResult(
            recorded=True, where="in place" if moved else "elsewhere",
            noise_version=revert.outcome is CheckOutcome.NEW_VERSION, revert=str(revert.outcome),
            revert_missed=revert.outcome not in RECORDED,
        )  # fmt: skip


def sample(count: int, limit: int | None) -> list[int]:
    """Up to ``limit`` indices of ``count`` items, spread evenly, first and last included."""
    if limit is None or count <= limit:
        return list(range(count))
    if limit <= 1:
        return [0][:limit]
    return sorted({round(i * (count - 1) / (limit - 1)) for i in range(limit)})
