"""Numbered schema migrations, applied in order on open. Never edit a shipped one.

One description for both backends: PostgreSQL runs these same texts translated by
``sql.postgres_migrations`` (64-bit integers, identity ids, bytea, byte-ordered text,
views remade after each step) and keeps its version in a table (``postgres.py``).
Write a new step in SQL both engines take once translated; tests/postgres checks that
the two schemas come out with the same tables and columns.
"""

from __future__ import annotations

import sqlite3

from revtrack.errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    # 1: stories, content-addressed blobs, versions, the check log and events.
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        site TEXT NOT NULL,
        added_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'live', 'gone')),
        headline TEXT NOT NULL DEFAULT '',
        every_s INTEGER,
        etag TEXT,
        last_modified TEXT,
        last_raw_sha TEXT,
        page_digest TEXT,
        last_checked_at TEXT,
        last_changed_at TEXT,
        next_check_at TEXT,
        error_streak INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX stories_due ON stories (next_check_at);

    CREATE TABLE blobs (
        sha TEXT PRIMARY KEY,
        base TEXT REFERENCES blobs (sha),
        codec INTEGER NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    );

    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('version', 'flip-flop', 'noise')),
        same_as INTEGER,
        captured_at TEXT NOT NULL,
        updated_at TEXT,
        published_at TEXT,
        fingerprint TEXT NOT NULL,
        article_sha TEXT NOT NULL REFERENCES blobs (sha),
        raw_sha TEXT NOT NULL REFERENCES blobs (sha),
        url TEXT NOT NULL,
        headline TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        extractor TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        UNIQUE (story_id, seq)
    );
    CREATE INDEX versions_fingerprint ON versions (story_id, fingerprint);

    CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        checked_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        version_seq INTEGER,
        page_updated_at TEXT,
        detail TEXT NOT NULL DEFAULT '',
        elapsed_ms INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX checks_story ON checks (story_id, id);

    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('gone', 'restored', 'flip-flop')),
        version_seq INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_story ON events (story_id, id);
    """,
    # 2: discovery sources (feeds, news sitemaps) and what the schedule needs.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('feed', 'sitemap')),
        title TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        every_s INTEGER,
        last_polled_at TEXT,
        next_poll_at TEXT,
        error_streak INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE stories ADD COLUMN source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL;
    ALTER TABLE stories ADD COLUMN published_at TEXT;
    ALTER TABLE stories ADD COLUMN quiet_checks INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN live INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN change_gap_s INTEGER;
    """,
    # 3: the review desk: each change (a version against the one before), its review
    # state and the record of every mark, and the webhook outbox.
    """
    CREATE TABLE changes (
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        base_seq INTEGER NOT NULL,
        captured_at TEXT NOT NULL,
        labels TEXT NOT NULL DEFAULT '',
        counts TEXT NOT NULL DEFAULT '{}',
        summary TEXT NOT NULL DEFAULT '',
        highlights TEXT NOT NULL DEFAULT '[]',
        recipe INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (story_id, seq)
    );
    CREATE INDEX changes_time ON changes (captured_at);

    CREATE TABLE reviews (
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('unreviewed', 'reviewed', 'flagged')),
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        PRIMARY KEY (story_id, seq)
    );
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    );
    CREATE INDEX review_log_change ON review_log (story_id, seq, id);

    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        target TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        delivered_at TEXT,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX outbox_pending ON outbox (delivered_at, next_attempt_at);
    """,
    # 4: "real versions" said once: every version but noise (kept only so re-extraction
    # never renumbers history). SQLite flattens the view, so the indexes still serve it.
    """
    CREATE VIEW real_versions AS SELECT * FROM versions WHERE kind != 'noise';
    """,
    # 5: the stored change is the truth: its full ChangeSet kept as a blob, so views
    # read changes instead of diffing again; store-wide settings (the changes' recipe).
    """
    ALTER TABLE changes ADD COLUMN changeset_sha TEXT REFERENCES blobs (sha);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 6: where a version's page came from and the HTTP response as captured: source is
    # "" for revtrack's own fetch, else the archived capture it was read from (a web
    # archive's capture URL, a WARC file's record); headers is the raw header block
    # (NULL where it was not kept), so a version can be written back out as WARC.
    """
    ALTER TABLE versions ADD COLUMN source TEXT NOT NULL DEFAULT '';
    ALTER TABLE versions ADD COLUMN http_status INTEGER;
    ALTER TABLE versions ADD COLUMN headers TEXT;
    """,
    # 7: web-archive captures a backfill has already run through the pipeline (whether
    # they made a version, were noise or failed), keyed by the capture's own address,
    # so a second backfill fetches only captures it has not seen.
    """
    CREATE TABLE archive_captures (
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        capture TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        digest TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (story_id, capture)
    );
    """,
    # 8: the review desk counts changes by labels: an index it can scan instead of the
    # table (90,000 changes: 65-110 ms to 4-9 ms).
    """
    CREATE INDEX changes_labels ON changes (labels);
    """,
    # 9: workers on many machines (PostgreSQL): a story or an outbox row is leased to
    # one worker until lease_until (claims.py), so no two check or send it at once and a
    # killed worker's rows are taken by another once the lease ends.
    """
    ALTER TABLE stories ADD COLUMN lease_owner TEXT;
    ALTER TABLE stories ADD COLUMN lease_until TEXT;
    CREATE INDEX stories_lease ON stories (lease_until);
    ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
    ALTER TABLE outbox ADD COLUMN lease_until TEXT;
    """,
    # 10: the workers a `revtrack workers` lists, a heartbeat row each (they were JSON in
    # meta); per host the latest request start of any worker, so a worker taking a site
    # over waits the host's gap after the last worker's last request; and sources are
    # leased like stories, so one worker at a time polls a feed or sitemap.
    """
    ALTER TABLE sources ADD COLUMN lease_owner TEXT;
    ALTER TABLE sources ADD COLUMN lease_until TEXT;
    CREATE TABLE workers (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL DEFAULT 'watch',
        started_at TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        checks INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE hosts (
        host TEXT PRIMARY KEY,
        last_start_at TEXT NOT NULL
    );
    DELETE FROM meta WHERE key LIKE 'worker:%';
    """,
    # 11: workers share stories out by the host they are fetched from (``site`` becomes
    # the page's own name for its site after a check, "The Gulf Courier", which two
    # hosts may share and one host may vary). Rows from before are filled in by the
    # next claim (claims.py), as SQL alone cannot parse a URL on both engines.
    """
    ALTER TABLE stories ADD COLUMN host TEXT NOT NULL DEFAULT '';
    CREATE INDEX stories_host ON stories (host);
    """,
)

LATEST = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns how many migrations ran."""
    current = schema_version(conn)
    if current > LATEST:
        raise StoreError(
            f"this store has schema {current}, newer than this revtrack knows ({LATEST}); "
            "upgrade revtrack to open it"
        )
    for number in range(current + 1, LATEST + 1):
        # executescript commits first, so the DDL and the version bump share
        # one explicit transaction of their own.
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\nCOMMIT;"
        )
    return LATEST - current
