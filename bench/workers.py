"""Several `watch` workers on one PostgreSQL store (issue 15): checks per second with 1,
2 and 4 worker processes, duplicate checks, politeness violations and claim overhead;
the same pass on SQLite with one worker beside it.

A loopback server answers every page after LATENCY seconds, on HOSTS addresses
(127.0.0.1 ... 127.0.0.50, one site each), and records per host the requests in flight
and the gap between request starts. Each run is a fresh store (a PostgreSQL schema) with
STORIES stories due now, and two phases, each with fresh worker processes: the first
checks of every story (a first version each: extraction), then, all made due again, a
recheck of every story, unchanged (a newsroom's steady state: most of the ~90 checks
of a story's life find nothing new). Rates count from a phase's first check, so worker
start-up is left out; CPU per check is read from /proc over the same span.

    python3 bench/workers.py --pg postgresql://revtrack:...@127.0.0.1/revtrack_test
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from revtrack.clock import to_iso, utcnow
from revtrack.store.open import open_store_at
from revtrack.store.store import Store

LATENCY = 0.1
HOSTS = 50
STORIES = 2000
PER_HOST = 2
GAP = 0.2  # seconds between request starts to one host
TOLERANCE = 0.005  # the server sees a start a little after the client made it


class Server:
    """The loopback server in a thread of its own, with per-host records."""

    def __init__(self) -> None:
        self.in_flight: dict[str, int] = defaultdict(int)
        self.over_cap = 0
        self.under_gap = 0
        self.min_gap = float("inf")  # the smallest gap between two starts on one host
        self.last_start: dict[str, float] = {}
        self.in_flight_url: dict[str, int] = defaultdict(int)
        self.same_url_at_once = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        hosts = [f"127.0.0.{i}" for i in range(1, HOSTS + 1)]
        probe = self._loop.run_until_complete(asyncio.start_server(self._serve, hosts[0], 0))
        self.port = probe.sockets[0].getsockname()[1]
        probe.close()
        self._loop.run_until_complete(probe.wait_closed())
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, hosts, self.port))
        self._ready.set()
        self._loop.run_forever()
        server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                now = time.monotonic()
                last = self.last_start.get(host)
                if last is not None:
                    self.min_gap = min(self.min_gap, now - last)
                    self.under_gap += now - last < GAP - TOLERANCE
                self.last_start[host] = now
                self.in_flight[host] += 1
                self.in_flight_url[host + path] += 1
                self.over_cap += self.in_flight[host] > PER_HOST
                self.same_url_at_once += self.in_flight_url[host + path] > 1
                await asyncio.sleep(LATENCY)
                self.in_flight[host] -= 1
                self.in_flight_url[host + path] -= 1
                body = (
                    f"<html><head><title>Story {path}</title></head><body><article>"
                    f"<h1>Story {path} on {host}</h1><p>First paragraph of {path}.</p>"
                    "<p>Second paragraph, the same every time.</p></article></body></html>"
                ).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    def start(self) -> Server:
        self._thread.start()
        self._ready.wait(30)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def _pg_schema_url(admin_url: str) -> tuple[str, str]:
    import psycopg

    schema = f"revtrack_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    option = quote(f"-csearch_path={schema}", safe="")
    sep = "&" if "?" in admin_url else "?"
    return f"{admin_url}{sep}options={option}&application_name={schema}", schema


def _drop_schema(admin_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE pid <> pg_backend_pid() AND application_name = %s",
            (schema,),
        )
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _fill(store: Store, port: int) -> None:
    now = utcnow()
    for n in range(STORIES):
        store.add_story(f"http://127.0.0.{n % HOSTS + 1}:{port}/s{n}", now=now)


def _checked(store: Store) -> tuple[int, int]:
    """(stories with a check, checks)."""
    conn = store.conn  # a bench may read the tables directly
    row = conn.execute("SELECT count(DISTINCT story_id), count(*) FROM checks").fetchone()
    return int(row[0]), int(row[1])


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a worker, its forkserver and extraction processes)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


def _postgres_cpu() -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL process (backends come and go: a span's
    figure is the sum of each live process's own growth, see ``_grown``)."""
    found = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                found[int(comm.parent.name)] = _cpu_seconds(int(comm.parent.name))
        except OSError:
            continue
    return found


def _grown(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def _start_workers(location: str, workers: int, home: Path) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    env.pop("REVTRACK_STORE", None)
    procs = []
    for n in range(workers):
        args = ["--store", location, "watch", "-q"]
        if location.startswith("postgresql"):
            args += ["--worker-id", f"bench{n}"]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "revtrack", *args],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
    return procs


def _stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _cpu_now(procs: list[subprocess.Popen[bytes]]) -> tuple[float, dict[int, float]]:
    """(CPU seconds of the workers' process trees, of every PostgreSQL process) so far."""
    return sum(_cpu_seconds(pid) for p in procs for pid in _tree(p.pid)), _postgres_cpu()


def _phase(store: Store, location: str, workers: int, home: Path, target: int) -> dict[str, float]:
    """Start ``workers`` watch processes and wait until the store holds ``target`` checks;
    the rate and CPU count from the first check of the phase (worker start-up left out)."""
    _, before = _checked(store)
    procs = _start_workers(location, workers, home)
    try:
        first = None
        while True:
            _, checks = _checked(store)
            if checks > before and first is None:
                first = (time.monotonic(), checks, _cpu_now(procs), time.process_time())
            if checks >= target:
                break
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"a worker stopped: {procs[0].stderr}")
            time.sleep(0.05)
        end, cpu_end, bench_end = time.monotonic(), _cpu_now(procs), time.process_time()
    finally:
        _stop_workers(procs)
    assert first is not None
    at, checks_at_first, cpu_first, bench_first = first
    counted = target - checks_at_first
    per_check = 1000 / max(counted, 1)
    return {
        "rate": counted / max(end - at, 1e-9),
        "worker_ms": (cpu_end[0] - cpu_first[0]) * per_check,
        "postgres_ms": _grown(cpu_first[1], cpu_end[1]) * per_check,
        "bench_ms": (bench_end - bench_first) * per_check,
    }


def run(location: str, workers: int, server: Server, home: Path) -> dict[str, dict[str, float]]:
    """Two phases: first checks of STORIES new stories (each makes a first version:
    extraction), then a recheck of all of them, unchanged (the steady state of a
    newsroom: most checks of a story's life find nothing new)."""
    with open_store_at(location) as store:
        _fill(store, server.port)
        first = _phase(store, location, workers, home, STORIES)
        with store.transaction():  # everything due again, as the schedule would make it
            store.conn.execute("UPDATE stories SET next_check_at = ?", (to_iso(utcnow()),))
        again = _phase(store, location, workers, home, 2 * STORIES)
        done, checks = _checked(store)
        first["duplicates"] = again["duplicates"] = checks - 2 * done
        return {"first checks": first, "rechecks": again}


def _cpu_line(result: dict[str, float]) -> str:
    total = result["worker_ms"] + result["postgres_ms"] + result["bench_ms"]
    ceiling = (os.cpu_count() or 1) * 1000 / max(total, 1e-9)
    return (
        f"    CPU per check: workers {result['worker_ms']:.1f} ms,"
        f" PostgreSQL {result['postgres_ms']:.1f} ms, server and bench {result['bench_ms']:.1f} ms"
        f" (all cores busy at {ceiling:.0f} checks/s)"
    )


def claim_overhead(location: str) -> float:
    """Milliseconds per story of claim + release, 200 at a time, 2,000 due stories."""
    with open_store_at(location) as store:
        _fill(store, 1)
        now = utcnow()
        start = time.perf_counter()
        claimed = 0
        for n in range(10):
            stories = store.claim_stories(f"o{n}", now, until=now, limit=200)
            claimed += len(stories)
            store.release_leases(f"o{n}", [s.id for s in stories])
            # moved on, as a recorded check does
            with store.transaction():
                for s in stories:
                    store.conn.execute(
                        "UPDATE stories SET next_check_at = NULL WHERE id = ?", (s.id,)
                    )
        elapsed = time.perf_counter() - start
        return elapsed * 1000 / max(claimed, 1)


def main() -> None:
    global GAP  # the server checks the gap the workers are told to keep
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("REVTRACK_TEST_PG", ""))
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--gap", type=float, default=GAP, help="seconds between starts to one host")
    options = parser.parse_args()
    GAP = options.gap
    if not options.pg:
        raise SystemExit("bench/workers.py needs --pg URL (or $REVTRACK_TEST_PG)")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "config.toml").write_text(
            f"[fetch]\nper_host = {PER_HOST}\nmin_host_gap = {GAP}\nretries = 0\n"
        )
        print(
            f"{STORIES} stories on {HOSTS} hosts, {LATENCY * 1000:.0f} ms a page,"
            f" per host {PER_HOST} at once and {GAP} s between starts; cores: {os.cpu_count()}"
        )
        per_host = STORIES // HOSTS
        print(
            f"politeness ceiling: {STORIES / ((per_host - 1) * GAP):.0f} checks/s"
            f" ({per_host} stories a host, one start every {GAP} s)"
        )
        rates: dict[str, dict[int, float]] = defaultdict(dict)
        for workers in [int(w) for w in options.workers.split(",")]:
            server = Server().start()
            url, schema = _pg_schema_url(options.pg)
            try:
                result = run(url, workers, server, home)
            finally:
                server.stop()
                _drop_schema(options.pg, schema)
            print(
                f"PostgreSQL, {workers} worker(s): duplicate checks"
                f" {result['rechecks']['duplicates']:.0f}, over the per-host cap"
                f" {server.over_cap}, under the gap {server.under_gap}"
                f" (smallest {server.min_gap * 1000:.0f} ms),"
                f" one URL twice at once {server.same_url_at_once}"
            )
            for phase, figures in result.items():
                rates[phase][workers] = figures["rate"]
                speedup = figures["rate"] / rates[phase][min(rates[phase])]
                print(f"  {phase}: {figures['rate']:.1f} checks/s ({speedup:.2f}x)")
                print(_cpu_line(figures))
        server = Server().start()
        try:
            result = run(str(home / "bench.db"), 1, server, home)
        finally:
            server.stop()
        print(
            f"SQLite, 1 worker: duplicate checks {result['rechecks']['duplicates']:.0f},"
            f" over the cap {server.over_cap}, under the gap {server.under_gap}"
            f" (smallest {server.min_gap * 1000:.0f} ms)"
        )
        for phase, figures in result.items():
            print(f"  {phase}: {figures['rate']:.1f} checks/s")
            print(_cpu_line(figures))
        url, schema = _pg_schema_url(options.pg)
        try:
            print(f"claim + release per check on PostgreSQL: {claim_overhead(url):.2f} ms")
        finally:
            _drop_schema(options.pg, schema)


if __name__ == "__main__":
    main()
