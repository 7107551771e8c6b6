"""A real PostgreSQL for tests: each test gets a fresh, empty schema, dropped after.

``.ci/run`` starts PostgreSQL and exports ``REVTRACK_TEST_PG`` (a URL); without it, or
when the server does not answer, every test that asks for one skips and says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from revtrack.store.open import open_store_at, redact_url
from revtrack.store.store import Store

PG_ENV = "REVTRACK_TEST_PG"
BACKENDS = ("sqlite", "postgresql")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The test server's URL, after one connection to it worked (else the test skips)."""
    url = os.environ.get(PG_ENV, "")
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL to test on (.ci/run starts one)")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'revtrack[postgres]'")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL at {redact_url(url)} does not answer: {_first_line(exc)}")
    return url


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose sessions create and find tables in ``schema`` (and are named for it,
    so the test's leftover sessions can be told apart)."""
    option = quote(f"-csearch_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}&application_name={schema}"


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL to a fresh, empty schema of the test database, dropped after the test."""
    import psycopg

    schema = f"revtrack_t_{uuid.uuid4().hex[:16]}"
    try:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
    except psycopg.Error as exc:
        where = redact_url(pg_server)
        pytest.skip(f"cannot make a test schema in {where}: {_first_line(exc)}")
    try:
        yield with_search_path(pg_server, schema)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            # Sessions the test left open (a killed worker) must not hold the drop up.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid <> pg_backend_pid() AND application_name = %s",
                (schema,),
            )
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def location_for(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where a test's store of ``backend`` lives: a file, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        return tmp_path / "revtrack.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=BACKENDS)
def backend_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend in turn (the store contract runs on both)."""
    with open_store_at(location_for(request.param, tmp_path, request)) as store:
        yield store


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    """An empty store in PostgreSQL."""
    with open_store_at(pg_url) as store:
        yield store
