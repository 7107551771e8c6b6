"""One capture pass: fetch many stories at once, analyse and record each as it arrives."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

from revtrack.check.analyse import Extractor
from revtrack.check.analysers import PageAnalyser
from revtrack.check.record import CheckReport, record_fetch
from revtrack.errors import StoreError
from revtrack.extract import extract_article
from revtrack.fetch import FetchRequest, FetchResult
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
        parts = [f"{counts[o.value]} {o.value}" for o in CheckOutcome if counts[o.value]]
        return f"checked {len(self.reports)}: " + ", ".join(parts)


async def capture_pass(
    store: Store,
    stories: Sequence[Story],
    fetcher: Fetcher,
    *,
    analyser: PageAnalyser | None = None,
    extract: Extractor = extract_article,
    on_report: Callable[[CheckReport], None] | None = None,
    stop: asyncio.Event | None = None,
    webhook: str = "",
    keep_alive: Callable[[], None] | None = None,
    keep_alive_every: float = 60.0,
) -> PassSummary:
    """Check ``stories``; each check commits on its own, so an interrupted pass loses nothing.

    ``analyser`` runs extraction (a long-running caller keeps one open across
    passes, so its worker processes start once); by default pages are
    analysed on one thread with ``extract``. Once ``stop`` is set no new page
    is taken: the pages already fetched are analysed and committed, the rest
    wait for the next pass. With a ``webhook`` each change also gets an outbox row.
    ``keep_alive`` (a worker's lease renewal) runs every ``keep_alive_every`` seconds
    while the pass lasts, on the thread that writes to the store.
    """
    if analyser is None:
        async with PageAnalyser(workers=0, extract=extract) as own:
            return await capture_pass(
                store, stories, fetcher, analyser=own, on_report=on_report, stop=stop,
                webhook=webhook, keep_alive=keep_alive, keep_alive_every=keep_alive_every,
            )  # fmt: skip
    summary = PassSummary()
    by_url = {story.url: story for story in stories}
    requests = [FetchRequest(s.url, s.etag, s.last_modified) for s in stories]
    loop = asyncio.get_running_loop()

    # SQLite is only ever touched from this one thread.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="revtrack-store") as writer:

        async def check(result: FetchResult) -> None:
            story = by_url[result.url]
            analysis = await analyser.analyse(story, result)
            record = functools.partial(
                record_fetch, store, story, result, analysis=analysis, webhook=webhook
            )
            report = await loop.run_in_executor(writer, record)
            summary.add(report)
            if on_report is not None:
                on_report(report)

        renewing = None
        if keep_alive is not None:
            renewing = asyncio.create_task(_every(keep_alive_every, writer, keep_alive))
        try:
            async with asyncio.TaskGroup() as group:
                results = fetcher.fetch_many(requests)
                async for result in results:
                    group.create_task(check(result))
                    if stop is not None and stop.is_set():
                        break
                await results.aclose()
        except* StoreError as failed:
            # The store takes no more writes (disk full, read-only, damaged): the pass
            # stops with every check it committed kept, and says why in one line.
            raise failed.exceptions[0] from None
        finally:
            if renewing is not None:
                renewing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewing
    return summary


async def _every(seconds: float, writer: Executor, call: Callable[[], None]) -> None:
    """Run ``call`` on ``writer`` every ``seconds`` until cancelled; a failure is left for
    the next round (a lease renewal that meets a busy store tries again)."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(seconds)
        with contextlib.suppress(StoreError):
            await loop.run_in_executor(writer, call)
