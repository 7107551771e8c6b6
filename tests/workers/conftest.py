from tests.postgres.fixtures import backend_store, pg_server, pg_store, pg_url

__all__ = ["backend_store", "pg_server", "pg_store", "pg_url"]
