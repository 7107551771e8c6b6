"""One capture pass: fetch many stories concurrently, record each as it arrives."""

from __future__ import annotations

import asyncio
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from revtrack.capture.record import CheckReport, Extractor, record_fetch
from revtrack.extract import extract_article
from revtrack.fetch import FetchRequest
from revtrack.fetch.client import Fetcher
from revtrack.store.rows import CheckOutcome, Story
from revtrack.store.store import Store


@dataclass(slots=True)
class PassSummary:
    """What a pass did, for the one-line summary and the exit code."""

    reports: list[CheckReport] = field(default_factory=list)

    def add(self, report: CheckReport) -> None:
        self.reports.append(report)

    @property
    def outcomes(self) -> Counter[str]:
        return Counter(str(r.outcome) for r in self.reports)

    @property
    def failures(self) -> list[CheckReport]:
        return [r for r in self.reports if r.outcome is CheckOutcome.ERROR]

    def describe(self) -> str:
        if not self.reports:
            return "nothing to check"
        counts = self.outcomes
        order = [o.value for o in CheckOutcome]
        parts = [f"{counts[o]} {o}" for o in order if counts[o]]
        return f"checked {len(self.reports)}: " + ", ".join(parts)


async def capture_pass(
    store: Store,
    stories: Sequence[Story],
    fetcher: Fetcher,
    *,
    extract: Extractor = extract_article,
    on_report: Callable[[CheckReport], None] | None = None,
) -> PassSummary:
    """Check ``stories``; each check commits on its own, so an interrupted pass loses nothing."""
    summary = PassSummary()
    by_url = {story.url: story for story in stories}
    requests = [FetchRequest(s.url, s.etag, s.last_modified) for s in stories]
    loop = asyncio.get_running_loop()
    # SQLite and the CPU-bound extractor live on one worker thread, so the
    # event loop keeps reading other responses meanwhile.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="revtrack-record") as worker:
        async for result in fetcher.fetch_many(requests):
            story = by_url[result.url]
            record = functools.partial(record_fetch, store, story, result, extract=extract)
            report = await loop.run_in_executor(worker, record)
            summary.add(report)
            if on_report is not None:
                on_report(report)
    return summary
