"""Opening the archive: for writing (created or migrated, WAL mode, one short `BEGIN
IMMEDIATE` transaction per write) or read-only for readers, which never create one.

The crawler writes while Datasette reads, so the file is in WAL mode, and every write takes
the write lock before it reads the row it changes: two writers queue on the busy timeout
instead of failing on a stale snapshot.
"""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
import sqlite_utils

from natocrawl.archive import schema, search_index, search_works, stems

BUSY_TIMEOUT_MS = 15_000


class ArchiveError(click.ClickException):
    """The path given as an archive is not one; the message is one line for users, shown
    once at the command line's edge."""


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    if db.conn.in_transaction:
        # The caller batches several writes in its own transaction (`with db.atomic():`).
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """The archive at `path`, created or migrated to the current schema, in WAL mode."""
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    stems.register_functions(db.conn)
    db.enable_wal()
    # In WAL mode, NORMAL syncs at checkpoints, not at every commit: a killed crawl loses
    # nothing committed, and a power cut at most the last transactions, never consistency.
    # FULL's fsync per commit had the store wait on the disk for every page.
    db.execute("PRAGMA synchronous = NORMAL")
    if not schema.is_current(db):
        with write_transaction(db):
            # Under the write lock: another process may be migrating the same file.
            schema.migrate(db)
    if not search_index.is_current(db):
        with write_transaction(db):
            # Stemming rules changed since the index was made (a newer Snowball).
            if not search_index.is_current(db):
                search_index.rebuild(db)
                search_works.rebuild(db)
    return db


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """A plain read-only connection: readers never create an archive by mistake."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def require_archive(path: str | Path, migrate: bool = True) -> None:
    """Raise ArchiveError unless `path` is an archive; bring an older schema up to date."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"no archive at {path}: run `scrapy crawl nato` or `natocrawl demo` first")
    try:
        with contextlib.closing(connect_read_only(path)) as conn:
            db = sqlite_utils.Database(conn)
            is_archive = db["articles"].exists() and schema.is_versioned(db)
            pending = is_archive and (schema.is_pending(db) or not search_index.is_current(db))
    except sqlite3.DatabaseError as error:
        raise ArchiveError(f"not a natocrawl archive: {path} ({error})") from None
    if not is_archive:
        raise ArchiveError(f"not a natocrawl archive: {path} (no articles table or schema version)")
    if migrate and pending:
        # Archives written by an older natocrawl gain the tables readers expect, and a search
        # index made under other stemming rules is rebuilt before a reader stems queries.
        open_archive(path).close()
