"""Capture throughput: revtrack's check pass beside bare httpx on the same loopback pages.

    python bench/capture.py [--stories 500] [--rounds 3] [--real N]

A server process on 127.0.0.1 serves STORIES article URLs in three modes:
(a) 304 to a conditional GET, (b) 200 with the same article in fresh noise,
(c) 200 with a changed article. For each mode, rounds of a full revtrack pass
(fetch, digest/extract, fingerprint, one SQLite transaction per check)
alternate with rounds of bare httpx GETs of the same URLs at the same
concurrency. Prints pages/s (median of rounds), the ratio, and pages per
CPU-second of the revtrack process (the server's CPU is not counted).

With ``--real N`` the pages are N real pages of ../shared/corpus instead of
generated ones (generated pages flatter the digest): (b) wraps the page in
fresh request noise (tests/realpages/mutate.add_noise: a ticking stamp,
tokens, rotating teaser boxes) and (c) changes one word of one extracted
paragraph on every request (mutate.edit_word).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import corpus_pages
from history import make_history, render_page

from revtrack.check import capture_pass
from revtrack.check.analysers import PageAnalyser, default_workers
from revtrack.clock import utcnow
from revtrack.fetch.client import Fetcher
from revtrack.store.store import Store

HISTORIES = 10
CONCURRENCY = 16


# -- server (its own process, so its CPU never competes with the client's GIL) --------------


class Pages:
    def __init__(self) -> None:
        self.histories = [make_history(800, 12, seed) for seed in range(HISTORIES)]
        self.cache: dict[tuple[int, int, int], bytes] = {}
        self.hits: Counter[str] = Counter()

    def page(self, story: int, version: int, noise: int) -> bytes:
        return self._generated(story, version, noise)

    def _generated(self, story: int, version: int, noise: int) -> bytes:
        key = (story % HISTORIES, version, noise)
        if key not in self.cache:
            history = self.histories[key[0]]
            v = history[min(version, len(history) - 1)]
            self.cache[key] = render_page(v, seed=key[0], noise_index=noise).encode()
        return self.cache[key] + f"<!-- story {story} -->".encode()

    def respond(self, path: str, headers: dict[str, str]) -> tuple[int, bytes, str]:
        mode, _, number = path.strip("/").partition("/")
        story = int(number)
        self.hits[path] += 1
        hit = self.hits[path]
        etag = f'"s{story}"'
        if mode == "m304":
            if headers.get("if-none-match") == etag:
                return 304, b"", etag
            return 200, self.page(story, 0, 0), etag
        if mode == "noise":
            return 200, self.page(story, 0, hit), ""
        return 200, self.page(story, hit, hit), ""


class RealPages(Pages):
    """Corpus pages: version 0 is the page as saved, version k has one word of
    extracted paragraph k changed."""

    def __init__(self, count: int) -> None:
        super().__init__()
        from revtrack.extract import extract_article

        self.real = [page.html for page in corpus_pages(limit=count)]
        now = utcnow()
        self.paragraphs = [
            extract_article(html, url="https://example.com/a", fetched_at=now).paragraphs
            for html in self.real
        ]

    def page(self, story: int, version: int, noise: int) -> bytes:
        from tests.realpages.mutate import add_noise, edit_word

        index = story % len(self.real)
        key = (index, version, noise)
        if key not in self.cache:
            html, paragraphs = self.real[index], self.paragraphs[index]
            if version and paragraphs:
                paragraph = paragraphs[version % len(paragraphs)]
                html = edit_word(html, paragraph, version) or html.replace(
                    "</body>", f"<p>v{version}</p></body>"
                )
            self.cache[key] = add_noise(html, noise).encode()
        return self.cache[key] + f"<!-- story {story} -->".encode()


async def _serve_connection(
    pages: Pages, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            status, body, etag = pages.respond(path, headers)
            reason = "OK" if status == 200 else "Not Modified"
            extra = f"ETag: {etag}\r\n" if etag else ""
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n{extra}\r\n".encode()
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def _server_main(port_queue: multiprocessing.Queue[int], real: int) -> None:
    async def main() -> None:
        pages = RealPages(real) if real else Pages()
        server = await asyncio.start_server(
            lambda r, w: _serve_connection(pages, r, w), "127.0.0.1", 0
        )
        port_queue.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


# -- clients ------------------------------------------------------------------------------------


async def bare_round(urls: list[str], conditional: bool) -> float:
    semaphore = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits) as client:

        async def get(url: str) -> None:
            headers = {"If-None-Match": f'"s{url.rsplit("/", 1)[1]}"'} if conditional else {}
            async with semaphore:
                response = await client.get(url, headers=headers)
                _ = response.content

        started = time.perf_counter()
        await asyncio.gather(*(get(u) for u in urls))
    return len(urls) / (time.perf_counter() - started)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


async def revtrack_round(store: Store, analyser: PageAnalyser) -> tuple[float, float, Counter[str]]:
    stories = store.stories()
    fetcher = Fetcher(max_connections=CONCURRENCY, per_host=CONCURRENCY, min_host_gap=0)
    pids = [os.getpid(), *analyser.worker_pids]
    async with fetcher:
        cpu, wall = cpu_seconds(pids), time.perf_counter()
        summary = await capture_pass(store, stories, fetcher, analyser=analyser)
        cpu, wall = cpu_seconds(pids) - cpu, time.perf_counter() - wall
    return len(stories) / wall, len(stories) / max(cpu, 1e-9), summary.outcomes


async def run_mode(
    base: str, mode: str, count: int, rounds: int, home: Path, workers: int
) -> dict[str, object]:
    """Rounds of one mode; one analyser throughout, as a `watch` daemon keeps one."""
    urls = [f"{base}/{mode}/{i}" for i in range(count)]
    store = Store.open(home / f"{mode}.db")
    for url in urls:
        store.add_story(url, now=utcnow())
    ours, per_cpu, bare = [], [], []
    outcomes: Counter[str] = Counter()
    async with PageAnalyser(workers=workers) as analyser:
        await revtrack_round(store, analyser)  # prime: first versions and validators
        for _ in range(rounds):
            bare.append(await bare_round(urls, conditional=mode == "m304"))
            rate, cpu_rate, seen = await revtrack_round(store, analyser)
            ours.append(rate)
            per_cpu.append(cpu_rate)
            outcomes += seen
    store.close()
    return {
        "mode": mode,
        "revtrack": statistics.median(ours),
        "per_cpu": statistics.median(per_cpu),
        "bare": statistics.median(bare),
        "outcomes": dict(outcomes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="extraction processes")
    parser.add_argument("--real", type=int, default=0, help="serve N real corpus pages")
    args = parser.parse_args()
    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(target=_server_main, args=(queue, args.real), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{queue.get(timeout=300)}"
    labels = {"m304": "(a) 304 not modified", "noise": "(b) 200, same article + noise",
              "changed": "(c) 200, changed article"}  # fmt: skip
    workers = default_workers(args.stories) if args.workers is None else args.workers
    kind = f"{args.real} real corpus pages" if args.real else "generated pages"
    print(
        f"{args.stories} stories ({kind}), {args.rounds} rounds, concurrency {CONCURRENCY}, "
        f"{workers} extraction processes; p/CPU-s counts revtrack's process and its workers"
    )
    print(
        f"{'case':<32}{'revtrack p/s':>14}{'bare httpx p/s':>16}{'ratio':>8}"
        f"{'p/CPU-s':>10}  outcomes"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for mode in ("m304", "noise", "changed"):
                r = asyncio.run(run_mode(base, mode, args.stories, args.rounds, Path(tmp), workers))
                ratio = float(r["revtrack"]) / float(r["bare"])  # type: ignore[arg-type]
                print(
                    f"{labels[mode]:<32}{r['revtrack']:>14.0f}{r['bare']:>16.0f}{ratio:>8.2f}"
                    f"{r['per_cpu']:>10.0f}  {r['outcomes']}"
                )
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
