"""Where page analysis runs: on a thread, or in worker processes for big passes.

Worker processes use the second core for extraction while the event loop
fetches, and they isolate the pass from an extractor that crashes or hangs
on a hostile page: that page gets an error, the pool is rebuilt, the pass
goes on.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Self

from revtrack.check.analyse import Extractor, PageAnalysis
from revtrack.check.record import analyse_fetch
from revtrack.extract import extract_article
from revtrack.fetch import FetchResult
from revtrack.store.blobs import blob_sha
from revtrack.store.rows import Story

ANALYSIS_TIMEOUT = 120.0  # seconds for one page; the extractor caps its own input
POOL_MIN_PAGES = 24  # below this, starting worker processes costs more than it saves
# Measured on 2 cores (bench/capture.py): the pool's feeder/result threads and the
# workers compete with the event loop for both cores, and a pass got slower (57 vs
# 56 pages/s changed, 135 vs 199 noise). Worker processes pay off from 4 cores.
POOL_MIN_CORES = 4


def _warm_worker() -> None:
    import revtrack.extract  # noqa: F401  - pay the import once per worker, not per page


def default_workers(pages: int) -> int:
    """Extraction processes for a pass of ``pages`` on this machine (0: a thread)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if pages < POOL_MIN_PAGES or (cores or 1) < POOL_MIN_CORES:
        return 0
    return min((cores or 1) - 1, 4)


class PageAnalyser:
    """Runs ``analyse_fetch`` off the event loop; ``workers=0`` means one thread."""

    def __init__(self, *, workers: int = 0, extract: Extractor = extract_article) -> None:
        self._workers = workers
        self._extract = extract
        self._executor: Executor | None = None

    def _start(self) -> Executor:
        if self._workers <= 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="revtrack-analyse")
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_warm_worker,
        )

    async def __aenter__(self) -> Self:
        self._executor = self._start()
        if self._workers > 0:
            # Start every worker now (forkserver and imports, ~0.5 s), not on the first page.
            warm = [self._executor.submit(_warm_worker) for _ in range(self._workers)]
            await asyncio.gather(*(asyncio.wrap_future(f) for f in warm))
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the extraction workers (none on a thread), for measuring."""
        if isinstance(self._executor, ProcessPoolExecutor):
            return list(self._executor._processes or {})
        return []

    def _restart(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._start()

    async def analyse(self, story: Story, result: FetchResult) -> PageAnalysis | None:
        if self._executor is None:
            raise RuntimeError("PageAnalyser used outside `async with`")
        job = functools.partial(analyse_fetch, story, result, self._extract)
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._executor, job)
            return await asyncio.wait_for(future, ANALYSIS_TIMEOUT)
        except BrokenProcessPool:
            self._restart()
            return PageAnalysis(blob_sha(result.body), skipped="the extractor crashed on this page")
        except TimeoutError:
            self._restart()
            limit = f"{ANALYSIS_TIMEOUT:.0f} s"
            return PageAnalysis(blob_sha(result.body), skipped=f"extraction took over {limit}")
